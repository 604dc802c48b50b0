import Foundation
import WarRoomCore

/// The small readings of free text the mappings share: names, numbers with units, durations, dates.
enum TextRules {
    /// Markdown emphasis and code marks removed, `•` bullets dropped, spaces trimmed.
    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "•", with: "")
            .trimmingCharacters(in: .whitespaces)
    }

    /// `P99 Latency (ms)` → `p99_latency`: lower case, words joined by `_`, parentheses dropped.
    static func snakeCase(_ text: String) -> String {
        var base = plain(text)
        if let paren = base.firstIndex(of: "(") { base = String(base[..<paren]) }
        let words = base.lowercased().split { !($0.isLetter || $0.isNumber) }
        return words.joined(separator: "_")
    }

    /// The words of a name, for matching "checkout conversion rate" to `checkout_conversion`.
    static func words(_ text: String) -> Set<String> {
        Set(snakeCase(text).split(separator: "_").map(String.init))
    }

    /// A number with an optional comparison and unit: `< 250ms`, `>400 ms`, `0.4%`, `1,200 rps`.
    struct Measure: Equatable {
        var comparison: String?
        var number: String
        var unit: MetricUnit?
    }

    static func measure(_ text: String) -> Measure? {
        let cleaned = plain(text).replacingOccurrences(of: ",", with: "")
            .replacingOccurrences(of: "≤", with: "<=").replacingOccurrences(of: "≥", with: ">=")
        guard let match = cleaned.wholeMatch(of: #/\s*(<=|>=|<|>)?\s*(-?\d+(?:\.\d+)?)\s*(%|ms|s|sec|seconds|rps|req/s|requests/s)?\s*/#)
        else { return nil }
        let unit: MetricUnit? = switch match.3.map(String.init) {
        case "%": .percent
        case "ms": .milliseconds
        case "s", "sec", "seconds": .seconds
        case "rps", "req/s", "requests/s": .requestsPerSecond
        default: nil
        }
        return Measure(comparison: match.1.map(String.init), number: String(match.2), unit: unit)
    }

    /// The first duration in a phrase, in plan form: "for 30 minutes" → `30m`, "2 weeks" → `14d`, "first hour" → `1h`.
    static func duration(in text: String) -> String? {
        let lower = text.lowercased()
        if let match = lower.firstMatch(of: #/(\d+(?:\.\d+)?)\s*(weeks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b/#),
           let value = Double(match.1) {
            let unit = match.2
            let (number, suffix): (Double, String) = switch unit.first {
            case "w": (value * 7, "d")
            case "d": (value, "d")
            case "h": (value, "h")
            case "m": (value, "m")
            default: (value, "s")
            }
            guard number == number.rounded() else { return nil }
            return "\(Int(number))\(suffix)"
        }
        if lower.contains("first hour") || lower.contains("an hour") { return "1h" }
        if lower.contains("first day") || lower.contains("a day") { return "1d" }
        return nil
    }

    /// The first `N%` in a phrase, as written without the sign: "10% of production traffic" → `10`.
    static func percent(in text: String) -> String? {
        text.firstMatch(of: #/(\d+(?:\.\d+)?)\s*%/#).map { String($0.1) }
    }

    /// The first `YYYY-MM-DD` date in a phrase.
    static func date(in text: String) -> String? {
        text.firstMatch(of: #/\d{4}-\d{2}-\d{2}/#).map { String($0.0) }
    }

    /// A version such as `2.14.0` or `v3.1`, without the `v`.
    static func version(in text: String) -> String? {
        text.firstMatch(of: #/\bv?(\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.]+)?)\b/#).map { String($0.1) }
    }

    /// A duration from T0 such as "T+15 minutes" or "T+1h" → `T+15m`.
    static func offset(in text: String) -> (at: String, rest: Substring)? {
        guard let match = text.firstMatch(of: #/T\s*([+-])\s*(\d+)\s*(minutes?|mins?|m|hours?|hrs?|h|days?|d)\b/#) else { return nil }
        let unit = match.3.first.map(String.init) ?? "m"
        return ("T\(match.1)\(match.2)\(unit)", text[match.range.upperBound...])
    }
}
