import Foundation

/// The Brown-Forsythe test for a change in spread: Levene's test on absolute deviations from each sample's median,
/// as scipy's `levene(canary, baseline, center="median")` computes it.
public struct SpreadTest: Sendable, Hashable, Codable {
    /// The F statistic, with 1 and n + m − 2 degrees of freedom.
    public var statistic: Double
    public var pValue: Double
    /// The canary's mean absolute deviation from its median over the baseline's: above 1, the canary spreads wider.
    /// Infinite when the baseline does not spread at all and the canary does; 1 when neither does.
    public var ratio: Double

    /// Nil when either sample holds fewer than two values, or a value that is not finite.
    public init?(canary: [Double], baseline: [Double]) {
        fatalError("unimplemented")
    }
}
