import Foundation

/// A test of two Poisson rates, for sparse counts (errors per interval): conditional on the total, the canary's count
/// is binomial with p = canaryExposure / (canaryExposure + baselineExposure) when the rates are equal. The p-value is
/// scipy's `binomtest(canaryCount, total, p).pvalue` (two-sided, exact); the rate ratio's interval comes from the
/// exact (Clopper-Pearson) interval of that binomial proportion, as `binomtest(...).proportion_ci(confidence, "exact")`.
///
/// The two-sided p-value, as scipy sums it: every outcome whose probability is at most P(X = canaryCount)·(1 + 1e-7)
/// (the allowance keeps outcomes as likely as the observed one from dropping out over rounding). The proportion's
/// interval [pₗ, pᵤ] at confidence c, with α = (1 − c)/2, k the canary's count and n the total, is pₗ = the α quantile
/// of Beta(k, n − k + 1) (0 when k = 0) and pᵤ = the 1 − α quantile of Beta(k + 1, n − k) (1 when k = n); a
/// proportion π maps to the rate ratio π/(1 − π) · baselineExposure/canaryExposure. scipy finds pₗ and pᵤ with
/// `brentq` to about 2e-12; these are the quantiles to the last bit, so they agree with scipy to that tolerance.
///
/// With no counts at all (n = 0) there is nothing to test: p = 1, the interval is [0, +infinity] and `rateRatio` is
/// nil.
public struct PoissonRateTest: Sendable, Hashable, Codable {
    public var canaryCount: Int
    public var baselineCount: Int
    /// How much each cohort was observed (its number of intervals).
    public var canaryExposure: Double
    public var baselineExposure: Double
    public var pValue: Double
    /// The canary's rate over the baseline's; nil when the baseline counted nothing.
    public var rateRatio: Double?
    /// The rate ratio's confidence interval at `confidence`; its upper end is infinite when the baseline counted
    /// nothing.
    public var interval: ClosedRange<Double>
    public var confidence: Double

    /// Nil when an exposure is not positive (or not finite), a count is negative, or `confidence` is not strictly
    /// between 0 and 1.
    public init?(canaryCount: Int, canaryExposure: Double, baselineCount: Int, baselineExposure: Double, confidence: Double) {
        guard canaryCount >= 0, baselineCount >= 0, canaryExposure > 0, baselineExposure > 0,
              canaryExposure.isFinite, baselineExposure.isFinite, confidence > 0, confidence < 1 else { return nil }
        let (total, overflow) = canaryCount.addingReportingOverflow(baselineCount)
        guard !overflow else { return nil }
        self.canaryCount = canaryCount
        self.baselineCount = baselineCount
        self.canaryExposure = canaryExposure
        self.baselineExposure = baselineExposure
        self.confidence = confidence
        let exposures = canaryExposure + baselineExposure
        // The canary's share of the exposure and the baseline's, each worked out directly rather than as 1 − the other.
        let p = canaryExposure / exposures
        let q = baselineExposure / exposures
        let scale = baselineExposure / canaryExposure
        guard total > 0 else {
            pValue = 1
            rateRatio = nil
            interval = 0...Double.infinity
            return
        }
        rateRatio = baselineCount == 0 ? nil : Double(canaryCount) * baselineExposure / (Double(baselineCount) * canaryExposure)
        pValue = Self.twoSidedPValue(canaryCount, n: total, p: p, q: q)

        let alpha = (1 - confidence) / 2
        let lower: Double
        if canaryCount == 0 {
            lower = 0
        } else {
            let proportion = Distributions.solveIncompleteBeta(alpha, a: Double(canaryCount), b: Double(baselineCount + 1))
            lower = proportion / (1 - proportion) * scale
        }
        let upper: Double
        if baselineCount == 0 {
            upper = .infinity
        } else {
            // 1 − pᵤ directly: the α quantile of Beta(n − k, k + 1).
            let complement = Distributions.solveIncompleteBeta(alpha, a: Double(baselineCount), b: Double(canaryCount + 1))
            upper = (1 - complement) / complement * scale
        }
        interval = lower...upper
    }

    /// scipy's two-sided `binomtest` p-value: P(X ≤ k) plus the far side's outcomes no more likely than k (within
    /// the 1e-7 allowance), or P(X ≥ k) plus the near side's when k is above the mean. The pmf falls away from the
    /// mode on each side, so the far side's boundary is found by bisection and its tail is one incomplete beta.
    static func twoSidedPValue(_ k: Int, n: Int, p: Double, q: Double) -> Double {
        let mean = p * Double(n)
        if Double(k) == mean { return 1 }
        let threshold = Distributions.binomialPMF(k, n: n, p: p, q: q) * (1 + 1e-7)
        let pmf = { (i: Int) in Distributions.binomialPMF(i, n: n, p: p, q: q) }
        let total: Double
        if Double(k) < mean {
            // Above the mean, from ⌈np⌉ on, the pmf falls: the last outcome still above the threshold.
            var low = Int(mean.rounded(.up))
            var high = n
            // Invariant: every i < low is above the threshold (or below ⌈np⌉), every i > high is at most it.
            while low <= high {
                let middle = low + (high - low) / 2
                if pmf(middle) > threshold { low = middle + 1 } else { high = middle - 1 }
            }
            // low is the first outcome at most the threshold; P(X ≥ low) = P(X > low − 1).
            total = Distributions.binomialCDF(k, n: n, p: p, q: q)
                + Distributions.binomialSurvival(low - 1, n: n, p: p, q: q)
        } else {
            // Below the mean, up to ⌊np⌋, the pmf rises: the last outcome still at most the threshold.
            var low = 0
            var high = Int(mean.rounded(.down))
            while low <= high {
                let middle = low + (high - low) / 2
                if pmf(middle) <= threshold { low = middle + 1 } else { high = middle - 1 }
            }
            // high is the last outcome at most the threshold (−1 when none is).
            total = Distributions.binomialCDF(high, n: n, p: p, q: q)
                + Distributions.binomialSurvival(k - 1, n: n, p: p, q: q)
        }
        return min(1, total)
    }
}
