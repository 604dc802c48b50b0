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
    /// Canary values more than `margin` above the baseline's largest, and more than `margin` below its smallest.
    public var above: Int
    public var below: Int
    /// The chance of at least `above` (`below`) canary values beyond every baseline value by chance alone: counting
    /// only those beyond by the margin makes it the larger, so the test stays on the safe side.
    public var pAbove: Double
    public var pBelow: Double
    /// The distance beyond the baseline's extremes that counted.
    public var margin: Double

    /// Nil when either sample is empty, or a value or the margin is not finite.
    public init?(canary: [Double], baseline: [Double], margin: Double = 0) {
        guard !canary.isEmpty, !baseline.isEmpty, margin.isFinite, canary.allSatisfy(\.isFinite), baseline.allSatisfy(\.isFinite),
              let top = baseline.max(), let bottom = baseline.min() else { return nil }
        let margin = abs(margin)
        above = canary.filter { $0 - top > margin }.count
        below = canary.filter { bottom - $0 > margin }.count
        pAbove = Self.pValue(exceeding: above, canary: canary.count, baseline: baseline.count)
        pBelow = Self.pValue(exceeding: below, canary: canary.count, baseline: baseline.count)
        self.margin = margin
    }

    /// C(m, k) / C(n + m, k), as a running product so it never overflows.
    static func pValue(exceeding k: Int, canary m: Int, baseline n: Int) -> Double {
        var p = 1.0
        for i in 0..<k { p *= Double(m - i) / Double(n + m - i) }
        return p
    }
}
