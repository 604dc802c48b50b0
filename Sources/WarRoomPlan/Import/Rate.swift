import Foundation

/// A rate as teams write one: `12/min`, `5 per second`, `> 30/s`, `850 rpm`.
///
/// The plan format has one rate unit, `rps`. A per-second rate is written in it; a per-minute rate has no unit
/// of its own, so it stays a plain number, which is what a log-derived count over a `window: 1m` delivers.
struct Rate: Equatable {
    enum Basis: String, Equatable {
        case second
        case minute

        /// "per second" / "per minute", for the report.
        var phrase: String { "per \(rawValue)" }
    }

    var number: Double
    var basis: Basis

    /// The unit words of a rate, as a regex fragment shared by the metric cells and the trigger rules: what is
    /// counted (optional), then `/` or `per`, then the time unit; or one of the short forms.
    static let unitPattern = #"(?:(?:req(?:uest)?s?|errors?|events?|calls?|failures?|msgs?|messages?|ops)?\s*(?:/|per\s+)\s*(?:seconds?|secs?|s|minutes?|mins?|m)\b|rps|rpm|qps)"#

    /// The basis a unit as matched by `unitPattern` names; nil for anything that is not a rate (`ms`, `%`).
    static func basis(ofUnit unit: String) -> Basis? {
        let lower = unit.lowercased().trimmingCharacters(in: .whitespaces)
        switch lower {
        case "rps", "qps": return .second
        case "rpm": return .minute
        default: break
        }
        let time: Substring
        if let slash = lower.lastIndex(of: "/") {
            time = lower[lower.index(after: slash)...]
        } else if let per = lower.range(of: "per ", options: .backwards) {
            time = lower[per.upperBound...]
        } else {
            return nil
        }
        let word = time.trimmingCharacters(in: .whitespaces)
        return word.hasPrefix("m") ? .minute : word.hasPrefix("s") ? .second : nil
    }

    /// The number in the other basis: 12 per minute is 0.2 per second.
    func converted(to target: Basis) -> Double {
        switch (basis, target) {
        case (.second, .second), (.minute, .minute): number
        case (.minute, .second): number / 60
        case (.second, .minute): number * 60
        }
    }

    /// A number for a rule or a bound: at most four decimals, no trailing zeros (`0.2`, `720`, `0.0833`).
    static func written(_ value: Double) -> String? {
        guard value.isFinite, value.magnitude < 1e15 else { return nil }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
