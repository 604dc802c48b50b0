import WarRoomCore
import Yams

extension PlanDecoder {
    static let communicationKeys = ["channel", "cadence", "escalation", "stakeholders"]

    /// `communication:` where updates go, how often, and the escalation path.
    mutating func decodeCommunication(_ node: Node, at position: Position?) -> Communication {
        guard let communication = MappingReader(node, name: "communication", introducedAt: position, sink: &sink) else {
            return Communication()
        }
        communication.checkKeys(Self.communicationKeys, sink: &sink)
        let cadence = communication.optionalDuration("cadence", sink: &sink)
        if let cadence, cadence <= 0, let node = communication.value("cadence") {
            sink.error("'cadence' must be longer than 0", at: node, hint: "how often updates are due, e.g. cadence: 30m")
        }
        let escalation = communication.value("escalation").flatMap { sink.names($0, "escalation") }?.map(\.name) ?? []
        let stakeholders = communication.value("stakeholders").flatMap { sink.list($0, "stakeholders") }?.enumerated()
            .compactMap { index, item -> Stakeholder? in
                guard let entry = MappingReader(item, name: "stakeholder \(index + 1)", sink: &sink) else { return nil }
                entry.checkKeys(["who", "method", "frequency", "owner"], sink: &sink)
                return entry.requiredString("who", sink: &sink).map {
                    Stakeholder(who: $0, method: entry.optionalString("method", sink: &sink),
                                frequency: entry.optionalString("frequency", sink: &sink), owner: entry.optionalString("owner", sink: &sink))
                }
            } ?? []
        return Communication(channel: communication.optionalString("channel", sink: &sink), cadence: cadence,
                             escalation: escalation, stakeholders: stakeholders)
    }
}
