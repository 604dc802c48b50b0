import Foundation

/// One observation of a metric at its own event time.
public struct MetricSample: Sendable, Codable, Hashable {
    public var name: String
    public var value: Double
    public var time: Date

    public init(name: String, value: Double, time: Date) {
        self.name = name
        self.value = value
        self.time = time
    }

    /// The largest magnitude a metric holds. Beyond it no release metric means anything, and sums, differences
    /// and squares of a day of samples stay finite, so every aggregate and chart is defined (docs/decisions.md).
    public static let valueLimit = 1e18

    /// Event times a sample may carry: a clock reading far outside these is a broken exporter or a unit mix-up
    /// (milliseconds read as seconds), not a release.
    public static let plausibleTimes = Date(timeIntervalSince1970: 631_152_000)...Date(timeIntervalSince1970: 7_258_118_400)  // 1990 to 2200

    /// Why `value` at `time` cannot be a sample, in words for the source's error line; nil when it can.
    public static func rejection(value: Double, time: Date) -> String? {
        if value.isNaN { return "the value is not a number (NaN)" }
        if value.isInfinite { return "the value is infinite" }
        if abs(value) > valueLimit { return "the value \(value) is beyond ±1e18, more than any metric holds" }
        if !plausibleTimes.contains(time) {
            return "the time \(time.timeIntervalSince1970) s since 1970 is outside 1990–2200; is it in milliseconds?"
        }
        return nil
    }
}
