import Foundation
import WarRoomCore
import Yams

extension PlanDecoder {
    mutating func decodeDecisionPoints(_ node: Node) -> [DecisionPoint] {
        guard let items = sink.list(node, "decision_points") else { return [] }
        var points: [DecisionPoint] = []
        var previous: (id: String, offset: TimeInterval)?
        for (index, item) in items.enumerated() {
            guard let point = MappingReader(item, name: "decision point \(index + 1)", sink: &sink) else { continue }
            point.checkKeys(["at", "title"], sink: &sink)
            let title = point.requiredString("title", sink: &sink)
            guard let atNode = point.required("at", sink: &sink), let at = sink.string(atNode, "at") else { continue }
            guard let offset = DurationText.parseOffset(at), offset >= 0 else {
                sink.error("expected a time after T0 such as T+15m for 'at', found '\(at)'", at: atNode,
                           hint: "write T+ then a duration: T+15m, T+1h, T+1h30m")
                continue
            }
            let id = "T+" + DurationText.formatPlan(offset)
            if let previous, offset <= previous.offset {
                sink.error("decision point \(id) is out of order: it comes after \(previous.id)", at: atNode,
                           hint: "list decision points from the earliest to the latest")
            }
            previous = (id, offset)
            if let title { points.append(DecisionPoint(id: id, offset: offset, title: title)) }
        }
        return points
    }
}
