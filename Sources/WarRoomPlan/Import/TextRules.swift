import Foundation
import WarRoomCore

/// The small readings of free text the mappings share: names, numbers with units, durations, dates.
enum TextRules {
    // The patterns are compiled once, here: a regex literal is parsed and compiled again each time it is evaluated
    // (a quarter of a millisecond in a debug build, most of an import's time). `Regex` is not `Sendable`, but its
    // compiled program is stored once, atomically, and matching never changes it, so sharing one is safe.
    nonisolated(unsafe) static let measurePattern = try! Regex(
        #"\s*(<=|>=|<|>)?\s*(-?\d+(?:\.\d+)?)\s*(%|ms|"# + Rate.unitPattern + #"|sec|seconds|s)?\s*"#,
        as: (Substring, Substring?, Substring, Substring?).self).ignoresCase()
    nonisolated(unsafe) static let durationPattern = #/(\d+(?:\.\d+)?)\s*(weeks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b/#
    nonisolated(unsafe) static let percentPattern = #/(\d+(?:\.\d+)?)\s*%/#
    nonisolated(unsafe) static let datePattern = #/\d{4}-\d{2}-\d{2}/#
    nonisolated(unsafe) static let versionPattern = #/\bv?(\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.]+)?)\b/#
    nonisolated(unsafe) static let stagePattern = #/(?:phase|stage)\s+(\d+)/#
    nonisolated(unsafe) static let offsetPattern = #/T\s*([+-])\s*(\d+)\s*(minutes?|mins?|m|hours?|hrs?|h|days?|d)\b/#

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

    /// A number with an optional comparison and unit: `< 250ms`, `>400 ms`, `0.4%`, `1,200 rps`, `> 12/min`.
    struct Measure: Equatable {
        var comparison: String?
        var number: String
        var unit: MetricUnit?
        /// Set for a rate: per second is also `unit` rps; per minute has no unit of the format's (`unit` is nil).
        var rate: Rate.Basis? = nil
        /// The unit as written, for the report: `/min`, `per second`.
        var written: String? = nil
    }

    static func measure(_ text: String) -> Measure? {
        // A bound is a few characters; a longer cell is prose, and the pattern's spaces would backtrack over it.
        guard text.count <= phraseLimit else { return nil }
        let cleaned = plain(text).replacingOccurrences(of: ",", with: "")
            .replacingOccurrences(of: "≤", with: "<=").replacingOccurrences(of: "≥", with: ">=")
        guard let match = cleaned.wholeMatch(of: measurePattern)
        else { return nil }
        let written = match.3.map { String($0).lowercased() }
        let rate = written.flatMap(Rate.basis(ofUnit:))
        let unit: MetricUnit? = switch rate {
        case .second: .requestsPerSecond
        case .minute: nil
        case nil: plainUnit(written ?? "")
        }
        return Measure(comparison: match.1.map(String.init), number: String(match.2), unit: unit, rate: rate, written: written)
    }

    /// The unit of a measure that is no rate.
    private static func plainUnit(_ written: String) -> MetricUnit? {
        switch written {
        case "%": .percent
        case "ms": .milliseconds
        case "s", "sec", "seconds": .seconds
        default: nil
        }
    }

    /// The first duration in a phrase, in plan form: "for 30 minutes" → `30m`, "2 weeks" → `14d`, "first hour" → `1h`.
    static func duration(in text: String) -> String? {
        let lower = text.lowercased()
        if let match = firstNumber(in: lower, matching: durationPattern),
           let value = Double(match.1) {
            let unit = match.2
            let (number, suffix): (Double, String) = switch unit.first {
            case "w": (value * 7, "d")
            case "d": (value, "d")
            case "h": (value, "h")
            case "m": (value, "m")
            default: (value, "s")
            }
            // A whole number a duration can hold; "for 1e30 minutes" is prose, not a duration (and no trap).
            guard let whole = Int(exactly: number) else { return nil }
            return "\(whole)\(suffix)"
        }
        if lower.contains("first hour") || lower.contains("an hour") { return "1h" }
        if lower.contains("first day") || lower.contains("a day") { return "1d" }
        return nil
    }

    /// The first `N%` in a phrase, as written without the sign: "10% of production traffic" → `10`.
    static func percent(in text: String) -> String? {
        firstNumber(in: text, matching: percentPattern).map { String($0.1) }
    }

    /// Characters of a cell or phrase that the rules below read as a value (a bound, a date line, a contact, a
    /// rule); longer text is prose. Their patterns backtrack, so without the bound a long cell costs its square.
    static let phraseLimit = 200

    /// The first match of `pattern`, which starts with a number, tried only where a run of digits starts.
    /// `firstMatch` tries every position, and from each digit of a long run reads the rest of it again; a match
    /// inside a run would be found from the run's start too, since the pattern after the digits is the same.
    static func firstNumber<Output>(in text: String, matching pattern: Regex<Output>) -> Regex<Output>.Match? {
        numbers(in: text, matching: pattern, first: true).first
    }

    /// Every non-overlapping match of `pattern`, tried where a run of digits starts.
    static func numbers<Output>(in text: String, matching pattern: Regex<Output>, first: Bool = false) -> [Regex<Output>.Match] {
        var found: [Regex<Output>.Match] = []
        var index = text.startIndex
        var previousIsDigit = false
        // A digit as `\d` reads one: Unicode's decimal digits, the first scalar deciding.
        func isDigit(_ character: Character) -> Bool { character.unicodeScalars.first?.properties.numericType == .decimal }
        while index < text.endIndex {
            let digit = isDigit(text[index])
            if digit, !previousIsDigit, let match = try? pattern.prefixMatch(in: text[index...]) {
                found.append(match)
                if first { break }
                index = match.range.upperBound > index ? match.range.upperBound : text.index(after: index)
                previousIsDigit = index > text.startIndex && isDigit(text[text.index(before: index)])
                continue
            }
            previousIsDigit = digit
            index = text.index(after: index)
        }
        return found
    }

    /// The first `YYYY-MM-DD` date in a phrase.
    static func date(in text: String) -> String? {
        text.firstMatch(of: datePattern).map { String($0.0) }
    }

    /// A version such as `2.14.0` or `v3.1`, without the `v`.
    static func version(in text: String) -> String? {
        text.firstMatch(of: versionPattern).map { String($0.1) }
    }

    /// The number of a stage named "Phase 2: …" or "Stage 3 …".
    static func stageNumber(in name: String) -> Int? {
        guard name.count <= MarkdownParser.titleLimit else { return nil }
        return name.lowercased().firstMatch(of: stagePattern).flatMap { Int($0.1) }
    }

    /// A duration from T0 such as "T+15 minutes" or "T+1h" → `T+15m`.
    static func offset(in text: String) -> (at: String, rest: Substring)? {
        // Most lines hold no `T+` or `T-` at all, and looking costs far less than matching.
        guard mentionsOffset(text), let match = text.firstMatch(of: offsetPattern) else { return nil }
        let unit = match.3.first.map(String.init) ?? "m"
        return ("T\(match.1)\(match.2)\(unit)", text[match.range.upperBound...])
    }

    /// A `T` with `+` or `-` after it, whitespace allowed between: what every offset starts with. Any non-ASCII
    /// byte is let through as possible whitespace, so this never says no where the pattern would match.
    static func mentionsOffset(_ text: String) -> Bool {
        var afterT = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "T"): afterT = true
            case 0x09...0x0D, UInt8(ascii: " "), 0x80...: continue
            case UInt8(ascii: "+"), UInt8(ascii: "-"): if afterT { return true }
            default: afterT = false
            }
        }
        return false
    }
}
