import Foundation
import WarRoomCore
import Yams

/// The kinds of release the seed plans distinguish.
enum ReleaseType: String, CaseIterable {
    case standard, hotfix, emergency
}

/// How risky the team judged the release.
enum RiskLevel: String, CaseIterable {
    case low, medium, high
}

extension PlanDecoder {
    static let releaseKeys = ["name", "version", "type", "risk", "owner", "on_call", "start"]

    mutating func decodeRelease(_ node: Node, at position: Position?) -> ReleaseInfo? {
        guard let release = MappingReader(node, name: "release", introducedAt: position, sink: &sink) else { return nil }
        release.checkKeys(Self.releaseKeys, sink: &sink)
        let name = release.requiredString("name", sink: &sink)
        let version = release.requiredString("version", sink: &sink)
        let type = release.optionalChoice("type", ReleaseType.self, sink: &sink) ?? .standard
        let risk = release.optionalChoice("risk", RiskLevel.self, sink: &sink)
        let owner = release.optionalString("owner", sink: &sink) ?? ""
        let onCall = release.optionalString("on_call", sink: &sink) ?? ""
        let start = release.value("start").flatMap { decodeDate($0, key: "start") }
        guard let name, let version else { return nil }
        return ReleaseInfo(name: name, version: version, type: type.rawValue, risk: risk?.rawValue,
                           owner: owner, onCall: onCall, start: start)
    }

    private mutating func decodeDate(_ node: Node, key: String) -> Date? {
        guard let text = sink.string(node, key) else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions.insert(.withFractionalSeconds)
        if let date = formatter.date(from: text) { return date }
        sink.error("expected a date and time with a zone for '\(key)', found '\(text)'", at: node,
                   hint: "write it as 2026-11-22T14:00:00Z (UTC) or 2026-11-22T15:00:00+01:00")
        return nil
    }
}
