import Foundation
import WarRoomCore

/// `MetricUnit.format` without `String(format:)`, for values formatted once per journal entry: the same
/// text (a test holds them equal), at a fraction of the cost. Anything it cannot be sure of, such as a value
/// next to a rounding tie, a huge one or one that is not finite, goes to Core's formatter.
enum ValueText {
    static func format(_ value: Double, _ unit: MetricUnit) -> String {
        let decimals = switch unit {
        case .percent, .seconds, .count: 2
        case .milliseconds, .requestsPerSecond: value.magnitude < 10 ? 1 : 0
        }
        guard let number = fixed(value, decimals: decimals) else { return unit.format(value) }
        return number + unit.rawValue
    }

    /// `value` to `decimals` places with trailing zeros (and a bare point) dropped, as `%.*f` then trimmed
    /// would write it; nil when the scaled value is within a millionth of a tie or too large to be exact.
    static func fixed(_ value: Double, decimals: Int) -> String? {
        let scale = [1.0, 10, 100][min(max(decimals, 0), 2)]
        let scaled = value * scale
        guard scaled.isFinite, scaled.magnitude < 1e9 else { return nil }
        let below = scaled.rounded(.down)
        let fraction = scaled - below
        guard abs(fraction - 0.5) > 1e-6 else { return nil }
        let rounded = Int64(fraction > 0.5 ? below + 1 : below)
        let magnitude = rounded.magnitude
        let unit = UInt64(scale)
        var text = rounded < 0 ? "-" : ""
        text += String(magnitude / unit)
        var rest = magnitude % unit, digits = decimals
        // Drop trailing zeros of the fraction, then the point itself when nothing is left.
        while digits > 0 && rest % 10 == 0 {
            rest /= 10
            digits -= 1
        }
        if digits > 0 {
            let fraction = String(rest)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }
}
