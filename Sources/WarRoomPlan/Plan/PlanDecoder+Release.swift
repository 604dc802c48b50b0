import Foundation
import WarRoomCore
import Yams

extension PlanDecoder {
    static let releaseKeys = ["name", "version", "type", "risk", "owner", "on_call", "start", "time_zone"]

    mutating func decodeRelease(_ node: Node, at position: Position?) -> ReleaseInfo? {
        guard let release = MappingReader(node, name: "release", introducedAt: position, sink: &sink) else { return nil }
        release.checkKeys(Self.releaseKeys, sink: &sink)
        let name = release.requiredString("name", sink: &sink)
        let version = release.requiredString("version", sink: &sink)
        let type = release.optionalChoice("type", ReleaseType.self, sink: &sink) ?? .standard
        let risk = release.optionalChoice("risk", RiskLevel.self, sink: &sink)
        let owner = release.optionalString("owner", sink: &sink) ?? ""
        let onCall = release.value("on_call").map { decodeOnCall($0) } ?? (name: "", contact: nil)
        let zone = release.value("time_zone").flatMap { decodeTimeZone($0) }
        // A misspelt zone is reported once: a local start time waiting for it is not also an error.
        let start = release.value("start").flatMap { decodeStart($0, zone: zone, zoneFailed: release.contains("time_zone") && zone == nil) }
        guard let name, let version else { return nil }
        return ReleaseInfo(name: name, version: version, type: type, risk: risk, owner: owner, onCall: onCall.name,
                           onCallContact: onCall.contact, start: start, timeZone: zone?.identifier)
    }

    /// `on_call: Sam Ortiz (pager …)` or a mapping with `name` and `contact`.
    private mutating func decodeOnCall(_ node: Node) -> (name: String, contact: String?) {
        if case .scalar = node { return (sink.string(node, "on_call") ?? "", nil) }
        guard let onCall = MappingReader(node, name: "on_call", sink: &sink) else { return ("", nil) }
        onCall.checkKeys(["name", "contact"], sink: &sink)
        return (onCall.requiredString("name", sink: &sink) ?? "", onCall.optionalString("contact", sink: &sink))
    }

    private mutating func decodeTimeZone(_ node: Node) -> TimeZone? {
        guard let text = sink.string(node, "time_zone") else { return nil }
        if let zone = TimeZone(identifier: text) { return zone }
        let suggestion = sink.suggestion(for: text, in: TimeZone.knownTimeZoneIdentifiers)
        sink.error("unknown time zone '\(text)'\(suggestion)", at: node, hint: "use an IANA name such as Europe/Berlin, America/New_York or UTC")
        return nil
    }

    /// T0 with its zone (`2026-11-22T14:00:00Z`), or a local time (`2026-11-22 15:00`) read in `time_zone`.
    private mutating func decodeStart(_ node: Node, zone: TimeZone?, zoneFailed: Bool) -> Date? {
        guard let text = sink.string(node, "start") else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions.insert(.withFractionalSeconds)
        if let date = formatter.date(from: text) { return date }
        if let zone, let date = LocalTime.date(text, in: zone) { return date }
        if zoneFailed, LocalTime.date(text, in: TimeZone(identifier: "UTC")!) != nil { return nil }
        let hint = zone == nil
            ? "write it as 2026-11-22T14:00:00Z (UTC) or 2026-11-22T15:00:00+01:00, or add time_zone: and write 2026-11-22 15:00"
            : "write it as 2026-11-22 15:00 (read in \(zone!.identifier)) or with its own zone, 2026-11-22T14:00:00Z"
        sink.error("expected a date and time\(zone == nil ? " with a zone" : "") for 'start', found '\(text)'", at: node, hint: hint)
        return nil
    }

}
