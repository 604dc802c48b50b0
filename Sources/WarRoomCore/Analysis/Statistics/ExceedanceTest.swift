import Foundation

/// Rosenbaum's exceedance test: how many canary values lie above every baseline value (or below every one), and how
/// unlikely that many is when both samples come from one distribution. Ranks alone miss a canary whose values are
/// mostly far off but few (7 of 10 at 100× the baseline): this counts them, and their distance is what the judge then
/// compares with the tolerance.
///
/// When the n + m values are exchangeable, the chance that the top k of them are all canary values is
/// C(m, k) / C(n + m, k) = Π_{i<k} (m − i) / (n + m − i), the one-sided p-value of k exceedances; ties with the
/// baseline's extreme do not count as beyond it.
public struct ExceedanceTest: Sendable, Hashable, Codable {
    /// Canary values above the baseline's largest, and below its smallest.
    public var above: Int
    public var below: Int
    /// The chance of at least `above` (`below`) such values by chance alone.
    public var pAbove: Double
    public var pBelow: Double
    /// How far the `above`-th largest canary value lies beyond the baseline's largest (0 when none does), and the
    /// `below`-th smallest below its smallest: the least any of the exceeding values exceeds by.
    public var marginAbove: Double
    public var marginBelow: Double

    /// Nil when either sample is empty or holds a value that is not finite.
    public init?(canary: [Double], baseline: [Double]) {
        guard !canary.isEmpty, !baseline.isEmpty, canary.allSatisfy(\.isFinite), baseline.allSatisfy(\.isFinite),
              let top = baseline.max(), let bottom = baseline.min() else { return nil }
        let higher = canary.filter { $0 > top }
        let lower = canary.filter { $0 < bottom }
        above = higher.count
        below = lower.count
        pAbove = Self.pValue(exceeding: above, canary: canary.count, baseline: baseline.count)
        pBelow = Self.pValue(exceeding: below, canary: canary.count, baseline: baseline.count)
        marginAbove = higher.min().map { $0 - top } ?? 0
        marginBelow = lower.max().map { bottom - $0 } ?? 0
    }

    /// C(m, k) / C(n + m, k), as a running product so it never overflows.
    static func pValue(exceeding k: Int, canary m: Int, baseline n: Int) -> Double {
        var p = 1.0
        for i in 0..<k { p *= Double(m - i) / Double(n + m - i) }
        return p
    }
}
