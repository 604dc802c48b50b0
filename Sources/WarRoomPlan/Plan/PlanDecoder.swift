import Foundation
import WarRoomCore
import Yams

/// Walks a plan document section by section (one extension file per section) and builds a `Plan`.
///
/// Every section is read even after an error elsewhere, so one run reports every problem;
/// a plan is returned only when no error was found.
struct PlanDecoder {
    var sink: DiagnosticSink
    /// The plan file's directory; relative source paths resolve against it. Empty means "as written".
    let directory: String

    static let rootKeys = ["release", "strategy", "stages", "metrics", "triggers", "rollback", "checklist",
                           "decision_points", "sources"]

    init(file: String, directory: String) {
        self.sink = DiagnosticSink(file: file)
        self.directory = directory
    }

    mutating func decode(_ root: Node) -> Plan? {
        guard let plan = MappingReader(root, name: "the plan", sink: &sink) else { return nil }
        plan.checkKeys(Self.rootKeys, sink: &sink)

        let release = plan.required("release", sink: &sink).flatMap { decodeRelease($0, at: plan.keyMark("release")) }
        let strategy = plan.required("strategy", sink: &sink).flatMap { sink.choice($0, "strategy", Strategy.self) }
        let metrics = plan.required("metrics", sink: &sink).map { decodeMetrics($0) } ?? []
        let stages = plan.required("stages", sink: &sink).map { decodeStages($0, metrics: metrics) } ?? []
        let errorsBefore = sink.diagnostics.count
        let triggers = plan.value("triggers").map { decodeTriggers($0, metrics: metrics) } ?? []
        // A broken trigger may well be the one meant for a metric: warning about that metric would only distract.
        if sink.diagnostics.count == errorsBefore { warnUntriggered(metrics, triggers: triggers) }
        let rollback = plan.value("rollback").map { decodeRollback($0, at: plan.keyMark("rollback")) } ?? []
        let checklist = plan.value("checklist").map { decodeChecklist($0, at: plan.keyMark("checklist")) } ?? []
        let decisionPoints = plan.value("decision_points").map { decodeDecisionPoints($0) } ?? DecisionPoint.standard
        let sources = plan.value("sources").map { decodeSources($0, at: plan.keyMark("sources")) } ?? []

        guard !sink.hasErrors, let release, let strategy else { return nil }
        return Plan(release: release, strategy: strategy, stages: stages, metrics: metrics.compactMap(\.spec),
                    triggers: triggers, rollbackSteps: rollback, checklist: checklist,
                    decisionPoints: decisionPoints, sources: sources)
    }

    /// Reports a second use of a name that must be unique, pointing back at the first.
    mutating func checkUnique(_ name: String, kind: String, at position: Position?, seen: inout [String: Position?]) {
        if let first = seen[name] {
            let line = first.map { " (first at line \($0.line))" } ?? ""
            sink.error("duplicate \(kind) '\(name)'\(line)", at: position, hint: "each \(kind) needs its own name")
        } else {
            seen[name] = position
        }
    }
}
