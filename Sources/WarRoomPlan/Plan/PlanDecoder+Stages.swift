import Foundation
import WarRoomCore
import Yams

/// A stage as read, with where its parts are written, for the checks that span stages.
struct StageEntry {
    var stage: Stage
    var namePosition: Position?
    var trafficPosition: Position?
    var switchPosition: Position?
}

extension PlanDecoder {
    static let stageKeys = ["name", "traffic", "min_duration", "gate", "switch"]

    mutating func decodeStages(_ node: Node, metrics: [MetricEntry]) -> [StageEntry] {
        guard let items = sink.list(node, "stages") else { return [] }
        if items.isEmpty {
            sink.error("a plan needs at least one stage", at: node, hint: "a big-bang release has one stage, e.g. '- name: Everyone'")
        }
        var seen: [String: Position?] = [:]
        var entries: [StageEntry] = []
        let known = KnownNames(metrics.map(\.name))
        for (index, item) in items.enumerated() {
            guard let stage = MappingReader(item, name: "stage \(index + 1)", sink: &sink) else { continue }
            stage.checkKeys(Self.stageKeys, sink: &sink)
            let name = stage.requiredString("name", sink: &sink)
            if let name { checkUnique(name, kind: "stage", at: stage.value("name")?.position, seen: &seen) }
            let traffic = stage.value("traffic").flatMap { decodeTraffic($0) }
            let minDuration = stage.optionalDuration("min_duration", sink: &sink) ?? 0
            let gate = stage.value("gate").flatMap { sink.names($0, "gate") } ?? []
            let switches = stage.optionalBoolean("switch", sink: &sink) ?? false
            for metric in gate {
                // `judge`: the stage waits for the canary judge to PASS, which needs metrics with cohorts.
                if metric.name == JudgeScoreTrigger.subjectWord, !known.contains(metric.name) {
                    if judgedMetrics == 0 {
                        sink.error("the gate of stage '\(name ?? "\(index + 1)")' waits for the canary judge, but no metric has cohorts",
                                   at: metric.node.textPosition,
                                   hint: "give a metric 'cohorts: {canary: <series>, baseline: <series>}', or remove judge from the gate")
                    }
                    continue
                }
                _ = sink.checkReference(metric.name, kind: "metric", known: known, at: metric.node.textPosition,
                                        context: "the gate of stage '\(name ?? "\(index + 1)")'")
            }
            if let name {
                entries.append(StageEntry(
                    stage: Stage(name: name, traffic: traffic, minDuration: minDuration, gateMetrics: gate.map(\.name),
                                 switchesTraffic: switches),
                    namePosition: stage.value("name")?.position, trafficPosition: stage.value("traffic")?.position,
                    switchPosition: switches ? stage.keyMark("switch") : nil))
            }
        }
        return entries
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

    /// What each strategy asks of its stages: canary and flag shares that only grow, one blue-green switch,
    /// one big-bang stage, a flag for a feature-flag release.
    mutating func checkStrategy(_ strategy: Strategy, stages: [StageEntry], flag: (name: String, position: Position?)?,
                                strategyPosition: Position?) {
        if strategy != .blueGreen {
            for entry in stages where entry.stage.switchesTraffic {
                sink.error("'switch' marks the blue-green cut-over, but this plan's strategy is \(strategy.rawValue)",
                           at: entry.switchPosition, hint: "drop 'switch', or use strategy: blue-green")
            }
        }
        if strategy == .featureFlag, flag == nil {
            sink.error("a feature-flag release names its flag", at: strategyPosition,
                       hint: "add 'flag: new_checkout_flow' beside strategy; the stages' traffic is the flag's percentage")
        } else if strategy != .featureFlag, let flag {
            sink.error("'flag' names the flag of a feature-flag release, but this plan's strategy is \(strategy.rawValue)",
                       at: flag.position, hint: "list other flags under feature_flags:")
        }
        switch strategy {
        case .canary, .featureFlag: checkGrowing(stages, strategy: strategy)
        case .blueGreen: checkSwitch(stages, strategyPosition: strategyPosition)
        case .bigBang:
            if stages.count > 1 {
                sink.warning("a big-bang release has one stage; this plan lists \(stages.count)", at: stages[1].namePosition,
                             hint: "use strategy: canary for a release in steps")
            }
            for entry in stages where entry.stage.traffic.map({ $0 < 100 }) == true {
                sink.warning("stage '\(entry.stage.name)' sends \(Self.share(entry.stage.traffic!)), but a big-bang release sends everything at once",
                             at: entry.trafficPosition, hint: "write traffic: 100% or leave it out, or use strategy: canary")
            }
        }
    }

    private mutating func checkGrowing(_ stages: [StageEntry], strategy: Strategy) {
        var largest: (name: String, traffic: Double)?
        for entry in stages {
            guard let traffic = entry.stage.traffic else { continue }
            if let largest, traffic < largest.traffic {
                sink.error("stage '\(entry.stage.name)' sends \(Self.share(traffic)), less than '\(largest.name)' before it (\(Self.share(largest.traffic)))",
                           at: entry.trafficPosition, hint: "list \(strategy.rawValue) stages from the smallest share to the largest")
                continue
            }
            largest = (entry.stage.name, traffic)
        }
        if strategy == .canary, let last = stages.last, let traffic = last.stage.traffic, traffic < 100 {
            sink.warning("the last stage, '\(last.stage.name)', sends \(Self.share(traffic)): the release never reaches everyone",
                         at: last.trafficPosition, hint: "end with a stage at traffic: 100%, unless the canary is meant to stay partial")
        }
    }

    /// Exactly one stage switches; before it green has no traffic, from it on all of it.
    private mutating func checkSwitch(_ stages: [StageEntry], strategyPosition: Position?) {
        let switches = stages.indices.filter { stages[$0].stage.switchesTraffic }
        guard let cutover = switches.first else {
            sink.error("a blue-green release needs one stage with 'switch: true', where traffic moves to green",
                       at: strategyPosition, hint: "e.g. stages: Deploy green (traffic: 0%), Switch (switch: true), Observe")
            return
        }
        for extra in switches.dropFirst() {
            sink.error("stage '\(stages[extra].stage.name)' switches traffic again; a blue-green release switches once",
                       at: stages[extra].switchPosition, hint: "keep 'switch: true' on '\(stages[cutover].stage.name)' only")
        }
        for (index, entry) in stages.enumerated() {
            guard let traffic = entry.stage.traffic else { continue }
            let expected: Double = index < cutover ? 0 : 100
            if traffic != expected {
                let when = index < cutover ? "before the switch" : "from the switch on"
                sink.error("stage '\(entry.stage.name)' sends \(Self.share(traffic)), but blue-green sends \(Self.share(expected)) to green \(when)",
                           at: entry.trafficPosition, hint: "write traffic: \(Self.share(expected)), or leave traffic out")
            }
        }
    }

    private static func share(_ traffic: Double) -> String { MetricUnit.percent.format(traffic) }
}
