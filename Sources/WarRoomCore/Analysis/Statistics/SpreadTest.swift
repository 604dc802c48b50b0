import Foundation

/// The Brown-Forsythe test for a change in spread: Levene's test on absolute deviations from each sample's median,
/// as scipy's `levene(canary, baseline, center="median")` computes it.
///
/// With zᵢⱼ = |xᵢⱼ − median(xᵢ)| for the two samples (i = 1, 2, of sizes nᵢ, N in all), z̄ᵢ each sample's mean
/// deviation and z̄ the mean of all of them:
///
///     W = (N − 2) · Σ nᵢ(z̄ᵢ − z̄)² / ΣΣ (zᵢⱼ − z̄ᵢ)²,   p = P(F(1, N − 2) > W)
///
/// One place differs from scipy on purpose: when no deviation differs from its sample's mean deviation and the two
/// means are equal (both samples constant, say), W is 0/0; scipy answers NaN, this test statistic 0 and p 1 — no
/// evidence of a change. When only the denominator is 0 (each sample's deviations all equal, but not to each other's)
/// both give W = +infinity and p = 0.
public struct SpreadTest: Sendable, Hashable, Codable {
    /// The F statistic, with 1 and n + m − 2 degrees of freedom.
    public var statistic: Double
    public var pValue: Double
    /// The canary's mean absolute deviation from its median over the baseline's: above 1, the canary spreads wider.
    /// Infinite when the baseline does not spread at all and the canary does; 1 when neither does.
    public var ratio: Double

    /// Nil when either sample holds fewer than two values, or a value that is not finite.
    public init?(canary: [Double], baseline: [Double]) {
        guard canary.count >= 2, baseline.count >= 2,
              canary.allSatisfy(\.isFinite), baseline.allSatisfy(\.isFinite) else { return nil }
        let canaryDeviations = Self.deviations(canary)
        let baselineDeviations = Self.deviations(baseline)
        let canaryMean = Self.mean(canaryDeviations)
        let baselineMean = Self.mean(baselineDeviations)
        let n = Double(canary.count)
        let m = Double(baseline.count)
        let total = n + m
        let overallMean = (canaryMean * n + baselineMean * m) / total
        let between = n * (canaryMean - overallMean) * (canaryMean - overallMean)
            + m * (baselineMean - overallMean) * (baselineMean - overallMean)
        var within = 0.0
        for deviation in canaryDeviations { within += (deviation - canaryMean) * (deviation - canaryMean) }
        for deviation in baselineDeviations { within += (deviation - baselineMean) * (deviation - baselineMean) }
        let numerator = (total - 2) * between
        if numerator == 0 {
            statistic = 0
            pValue = 1
        } else {
            statistic = numerator / within
            pValue = Distributions.fSurvival(statistic, d1: 1, d2: total - 2)
        }
        if baselineMean == 0 {
            ratio = canaryMean == 0 ? 1 : .infinity
        } else {
            ratio = canaryMean / baselineMean
        }
    }

    /// Each value's distance from the sample's median (the mean of the two middle values when the count is even).
    private static func deviations(_ sample: [Double]) -> [Double] {
        let sorted = sample.sorted()
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        return sample.map { abs($0 - median) }
    }

    private static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(values.count)
    }
}
