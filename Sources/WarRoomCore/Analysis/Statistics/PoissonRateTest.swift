import Foundation

/// A test of two Poisson rates, for sparse counts (errors per interval): conditional on the total, the canary's count
/// is binomial with p = canaryExposure / (canaryExposure + baselineExposure) when the rates are equal. The p-value is
/// scipy's `binomtest(canaryCount, total, p).pvalue` (two-sided, exact); the rate ratio's interval comes from the
/// exact (Clopper-Pearson) interval of that binomial proportion, as `binomtest(...).proportion_ci(confidence, "exact")`.
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

    /// Nil when an exposure is not positive or a count is negative.
    public init?(canaryCount: Int, canaryExposure: Double, baselineCount: Int, baselineExposure: Double, confidence: Double) {
        fatalError("unimplemented")
    }
}
