import Foundation
import WarRoomCore
import Yams

extension PlanDecoder {
    static let communicationKeys = ["channel", "cadence", "escalation", "stakeholders", "send_notifications", "updates_file"]

    /// `communication:` where updates go, how often, the escalation path, and whether `run` sends the notices.
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
        let sends = communication.optionalBoolean("send_notifications", sink: &sink) ?? false
        if sends { sendNotificationsMark = communication.keyMark("send_notifications") }
        return Communication(channel: communication.optionalString("channel", sink: &sink), cadence: cadence,
                             escalation: escalation, stakeholders: stakeholders, sendNotifications: sends,
                             updatesFile: communication.value("updates_file").flatMap { decodeUpdatesFile($0) })
    }

    /// `updates_file`: where `u` appends a posted update, relative to the plan like every path in it.
    private mutating func decodeUpdatesFile(_ node: Node) -> String? {
        guard let path = sink.string(node, "updates_file") else { return nil }
        guard !path.trimmingCharacters(in: .whitespaces).isEmpty, !path.hasSuffix("/") else {
            sink.error("'updates_file' must name a file, found '\(path)'", at: node,
                       hint: "e.g. updates_file: updates.md, written beside the plan")
            return nil
        }
        return resolve(path)
    }
}
