import WarRoomCore
import Yams

/// The lists a plan carries for people rather than for the rules: risks, feature flags, approvals.
extension PlanDecoder {
    static let riskKeys = ["id", "risk", "category", "likelihood", "impact", "mitigation", "owner", "status"]
    static let flagKeys = ["name", "description", "default", "rollout", "owner", "cleanup"]
    static let approvalKeys = ["role", "name", "approved", "date"]

    mutating func decodeRisks(_ node: Node) -> [Risk] {
        guard let items = sink.list(node, "risks") else { return [] }
        var seen: [String: Position?] = [:]
        return items.enumerated().compactMap { index, item in
            guard let entry = MappingReader(item, name: "risk \(index + 1)", sink: &sink) else { return nil }
            entry.checkKeys(Self.riskKeys, sink: &sink)
            let id = entry.optionalString("id", sink: &sink) ?? "R\(index + 1)"
            checkUnique(id, kind: "risk id", at: entry.value("id")?.position ?? entry.position, seen: &seen)
            guard let text = entry.requiredString("risk", sink: &sink) else { return nil }
            return Risk(id: id, risk: text, category: entry.optionalChoice("category", Risk.Category.self, sink: &sink),
                        likelihood: entry.optionalChoice("likelihood", RiskLevel.self, sink: &sink),
                        impact: entry.optionalChoice("impact", RiskLevel.self, sink: &sink),
                        mitigation: entry.optionalString("mitigation", sink: &sink), owner: entry.optionalString("owner", sink: &sink),
                        status: entry.optionalChoice("status", Risk.Status.self, sink: &sink) ?? .open)
        }
    }

    mutating func decodeFeatureFlags(_ node: Node) -> [NamedEntry<FeatureFlag>] {
        decodeNamed(node, key: "feature_flags", kind: "feature flag", keys: Self.flagKeys) { decoder, flag, name in
            var defaultOn: Bool?
            if let node = flag.value("default"), let text = decoder.sink.string(node, "default") {
                switch text.lowercased() {
                case "on", "true", "yes", "enabled": defaultOn = true
                case "off", "false", "no", "disabled": defaultOn = false
                default: decoder.sink.error("expected on or off for 'default', found '\(text)'", at: node)
                }
            }
            return FeatureFlag(name: name, description: flag.optionalString("description", sink: &decoder.sink), defaultOn: defaultOn,
                               rollout: flag.optionalString("rollout", sink: &decoder.sink),
                               owner: flag.optionalString("owner", sink: &decoder.sink),
                               cleanup: flag.value("cleanup").flatMap { decoder.sink.day($0, "cleanup") })
        }
    }

    mutating func decodeApprovals(_ node: Node) -> [Approval] {
        guard let items = sink.list(node, "approvals") else { return [] }
        return items.enumerated().compactMap { index, item in
            guard let entry = MappingReader(item, name: "approval \(index + 1)", sink: &sink) else { return nil }
            entry.checkKeys(Self.approvalKeys, sink: &sink)
            guard let role = entry.requiredString("role", sink: &sink) else { return nil }
            return Approval(role: role, name: entry.optionalString("name", sink: &sink),
                            approved: entry.optionalBoolean("approved", sink: &sink) ?? false,
                            date: entry.value("date").flatMap { sink.day($0, "date") })
        }
    }
}
