import Foundation
import WarRoomCore

/// The JSON exports' `rollback`: how far the rollback procedure got, folded by Core's own rules (a step is done when
/// marked by hand or its command's latest run exited 0), so a tool need not fold the events again to know.
struct ExportedRollback: Codable, Hashable {
    struct Step: Codable, Hashable {
        /// The step's index in the plan, counting from 0 as the events' `step` does.
        var step: Int
        var text: String
        var command: String?
        var done: Bool
        var doneByHand: Mark?
        var runs: [Run]
    }

    struct Mark: Codable, Hashable {
        var by: String
        var at: Date
    }

    struct Run: Codable, Hashable {
        var by: String
        var at: Date
        /// Absent when it did not exit by itself (killed, timed out, never started).
        var exitStatus: Int32?
    }

    var by: String
    var at: Date
    var fromStage: String
    var reason: String?
    var stepsDone: Int
    var steps: [Step]

    /// The rollback of `entries`, or nil when there was none. Only the entries that concern it are folded.
    init?(plan: Plan, stored: [StoredEntry]) {
        var state = AppState(plan: plan, session: "export", now: Date(timeIntervalSince1970: 0))
        state.resume(from: stored.compactMap { $0.entry.event.concernsRollback ? $0.entry : nil })
        guard let rollback = state.rollback else { return nil }
        by = rollback.by
        at = rollback.at
        fromStage = state.plan.stageName(rollback.fromStage)
        reason = rollback.reason
        stepsDone = state.rollbackProgress.done
        steps = RollbackStepOutcome.all(in: state).map { outcome in
            Step(step: outcome.number - 1, text: outcome.step.text, command: outcome.step.command, done: outcome.done,
                 doneByHand: outcome.byHand.map { Mark(by: $0.by, at: $0.at) },
                 runs: outcome.runs.map { Run(by: $0.by, at: $0.at, exitStatus: $0.exitStatus) })
        }
    }
}
