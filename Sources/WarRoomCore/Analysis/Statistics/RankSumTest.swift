import Foundation

/// The Mann-Whitney U test of a canary sample against a baseline sample, with the Hodges-Lehmann estimate of the
/// shift between them and its distribution-free confidence interval (Bauer's, from the pairwise differences).
///
/// The p-value is two-sided, from the normal approximation with the tie correction and the continuity correction, as
/// scipy's `mannwhitneyu(canary, baseline, alternative="two-sided", method="asymptotic")` computes it; `u` is the
/// canary's U (scipy's `statistic`).
public struct RankSumTest: Sendable, Hashable, Codable {
    public var canaryCount: Int
    public var baselineCount: Int
    /// The canary's U: pairs where the canary's value is the larger, ties counting one half.
    public var u: Double
    public var pValue: Double
    /// The Hodges-Lehmann shift: the median of every difference canary − baseline.
    public var shift: Double
    /// The shift's confidence interval at `confidence`.
    public var interval: ClosedRange<Double>
    public var confidence: Double
    /// The common-language effect size: the chance a canary value exceeds a baseline value (ties count one half),
    /// U / (n·m).
    public var commonLanguage: Double { u / (Double(canaryCount) * Double(baselineCount)) }

    /// Nil when either sample is empty or holds a value that is not finite.
    public init?(canary: [Double], baseline: [Double], confidence: Double) {
        fatalError("unimplemented")
    }
}
