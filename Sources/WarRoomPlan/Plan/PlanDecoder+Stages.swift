import Foundation
import WarRoomCore
import Yams

extension PlanDecoder {
    static let stageKeys = ["name", "traffic", "min_duration", "gate"]

    mutating func decodeStages(_ node: Node, metrics: [MetricEntry]) -> [Stage] {
        guard let items = sink.list(node, "stages") else { return [] }
        if items.isEmpty {
            sink.error("a plan needs at least one stage", at: node, hint: "a big-bang release has one stage, e.g. '- name: Everyone'")
        }
        var seen: [String: Position?] = [:]
        var stages: [Stage] = []
        for (index, item) in items.enumerated() {
            guard let stage = MappingReader(item, name: "stage \(index + 1)", sink: &sink) else { continue }
            stage.checkKeys(Self.stageKeys, sink: &sink)
            let name = stage.requiredString("name", sink: &sink)
            if let name { checkUnique(name, kind: "stage", at: stage.value("name")?.position, seen: &seen) }
            let traffic = stage.value("traffic").flatMap { decodeTraffic($0) }
            let minDuration = stage.optionalDuration("min_duration", sink: &sink) ?? 0
            let gate = stage.value("gate").flatMap { sink.names($0, "gate") } ?? []
            let known = metrics.map(\.name)
            for metric in gate {
                _ = sink.checkReference(metric.name, kind: "metric", known: known, at: metric.node.textPosition,
                                        context: "the gate of stage '\(name ?? "\(index + 1)")'")
            }
            if let name {
                stages.append(Stage(name: name, traffic: traffic, minDuration: minDuration, gateMetrics: gate.map(\.name)))
            }
        }
        return stages
    }

    /// `5%` or `5`: a share of traffic between 0 and 100.
    private mutating func decodeTraffic(_ node: Node) -> Double? {
        guard let text = sink.string(node, "traffic") else { return nil }
        let number = text.hasSuffix("%") ? String(text.dropLast()).trimmingCharacters(in: .whitespaces) : text
        guard let value = Double(number), (0...100).contains(value) else {
            sink.error("expected a share of traffic from 0% to 100% for 'traffic', found '\(text)'", at: node,
                       hint: "write it as 25%")
            return nil
        }
        return value
    }
}
