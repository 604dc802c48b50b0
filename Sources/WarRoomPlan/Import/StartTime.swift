import Foundation

/// When a release starts, as the Markdown's date line gives it: a fixed instant, or a wall-clock time in a named zone.
enum StartTime: Equatable {
    /// ISO 8601 with an offset (`2026-12-03T15:00:00+01:00`): the zone was an abbreviation or an offset.
    case instant(String)
    /// `2026-12-03 15:00` read in an IANA zone (`Europe/Berlin`, `UTC`): written as `start` plus `time_zone`.
    case local(String, zone: String)
    /// The line names two zones that disagree at that time, so neither is trusted.
    case conflict(String)

    /// Offsets of the abbreviations teams write; a few (CST, IST) mean different zones in different places, which is
    /// why they only ever give an offset and never a `time_zone`.
    private static let abbreviations: [String: Int] = [
        "UTC": 0, "GMT": 0, "Z": 0, "CET": 3600, "CEST": 7200, "BST": 3600, "EST": -18000, "EDT": -14400,
        "CST": -21600, "CDT": -18000, "PST": -28800, "PDT": -25200, "IST": 19800, "JST": 32400,
    ]
    // Compiled once (see TextRules).
    nonisolated(unsafe) private static let clockPattern = #/(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?/#
    nonisolated(unsafe) private static let zoneNamePattern = #/[A-Za-z_]+(?:/[A-Za-z0-9_+\-]+)+/#
    nonisolated(unsafe) private static let zoneLabelPattern = #/\s*(Z|[+-]\d{2}:?\d{2}|[A-Z]{1,4})(?=[\s(]|$)/#

    /// Abbreviations that are one zone the world over, so they can be written as `time_zone`.
    private static let universal: Set<String> = ["UTC", "GMT", "Z"]

    /// Reads `2026-12-03 15:00 Europe/Berlin`, `2026-12-03 14:00 UTC`, `2026-12-03 15:00 CET (Europe/Berlin)` or
    /// ISO 8601; nil without both a time and a zone it knows.
    init?(parsing text: String) {
        // A date line is a few words; the zone patterns below backtrack over long words.
        guard text.count <= TextRules.phraseLimit, let match = text.firstMatch(of: Self.clockPattern) else { return nil }
        let hour = match.2.count == 1 ? "0" + match.2 : String(match.2)
        let clock = "\(hour):\(match.3)" + (match.4.map { ":" + $0 } ?? "")
        let rest = text[match.range.upperBound...]
        let written = Self.offset(in: rest)
        // The name as written: Foundation on Linux reports UTC's identifier as "GMT".
        let iana = rest.matches(of: Self.zoneNamePattern).lazy.map { String($0.0) }
            .first { TimeZone(identifier: $0) != nil }
        if let name = iana ?? written.flatMap({ Self.universal.contains($0.label) ? "UTC" : nil }), let zone = TimeZone(identifier: name) {
            let local = "\(match.1) \(clock)"
            if let written, let date = LocalTime.date(local, in: zone), zone.secondsFromGMT(for: date) != written.seconds {
                self = .conflict("\(written.label) is not the offset of \(name) on \(match.1)")
                return
            }
            self = .local(local, zone: name)
            return
        }
        guard let written else { return nil }
        let seconds = clock.count == 5 ? clock + ":00" : clock
        self = .instant("\(match.1)T\(seconds)\(Self.format(offset: written.seconds))")
    }

    /// The first zone abbreviation or numeric offset right after the time: `UTC`, `CET`, `+01:00`, `-0500`.
    private static func offset(in rest: Substring) -> (label: String, seconds: Int)? {
        // The label must end there: "UTC+1" is not UTC, and guessing its offset would move T0 silently.
        guard let match = rest.prefixMatch(of: zoneLabelPattern) else { return nil }
        let label = String(match.1)
        if let known = abbreviations[label] { return (label, known) }
        guard let sign = label.first, sign == "+" || sign == "-" else { return nil }
        let digits = label.filter(\.isNumber)
        guard let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)) else { return nil }
        return (label, (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60))
    }


    private static func format(offset seconds: Int) -> String {
        guard seconds != 0 else { return "Z" }
        let magnitude = abs(seconds)
        return (seconds < 0 ? "-" : "+") + String(format: "%02d:%02d", magnitude / 3600, (magnitude % 3600) / 60)
    }
}
