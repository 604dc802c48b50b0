import Foundation
import WarRoomCore

/// Maps a domain (time in seconds, or metric values) linearly onto a pixel range, and picks round ticks.
struct ChartScale: Sendable, Hashable {
    var domain: ClosedRange<Double>
    /// Pixels for the domain's lower and upper end; reversed for a y axis, where larger values sit higher.
    var from: Double
    var to: Double

    func callAsFunction(_ value: Double) -> Double {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0 else { return from }
        return from + (value - domain.lowerBound) / span * (to - from)
    }

    func contains(_ value: Double) -> Bool { domain.contains(value) }

    /// A value domain with round ends that holds every value, and its ticks: about `count` steps of
    /// 1, 2, 2.5 or 5 times a power of ten. The axis starts at zero when the values come anywhere near it
    /// (an error rate), and not when they all lie far above it (a conversion rate between 2.9% and 3.2%).
    static func niceValues(_ values: [Double], count: Int = 5) -> (domain: ClosedRange<Double>, ticks: [Double]) {
        // Held to what a metric can hold, so the span and its steps stay finite; wilder values draw off the plot.
        let limit = MetricSample.valueLimit
        let finite = values.filter(\.isFinite).map { min(max($0, -limit), limit) }
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if low >= 0 && low <= high / 2 { low = 0 } else { low -= (high - low) * 0.08 }
        if high <= low { high = low + (low == 0 ? 1 : abs(low) * 0.1) }
        let rough = (high - low) / Double(count)
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? rough
        low = (low / step).rounded(.down) * step
        high = (high / step).rounded(.up) * step
        let ticks = stride(from: low, through: high + step / 2, by: step).map { ($0 / step).rounded() * step }
        return (low...high, ticks)
    }

    /// Tick offsets (seconds from `origin`) at a round step that gives at most `maximum` ticks over the domain.
    static func timeTicks(_ domain: ClosedRange<Double>, origin: Double, maximum: Int = 8) -> [Double] {
        let steps: [Double] = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172_800, 604_800]
        let span = domain.upperBound - domain.lowerBound
        let step = steps.first { span / $0 <= Double(maximum) } ?? (span / Double(maximum)).rounded(.up)
        guard step.isFinite, step > 0 else { return [] }
        let first = ((domain.lowerBound - origin) / step).rounded(.up) * step
        return stride(from: first, through: domain.upperBound - origin, by: step).map { $0 }
    }
}
