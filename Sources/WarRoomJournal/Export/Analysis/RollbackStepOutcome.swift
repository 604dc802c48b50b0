import Foundation
import WarRoomCore

/// How far one of the plan's rollback steps got by the end of the journal, as every post-mortem tells it: each run
/// of its command with how it ended, who marked it done by hand, and whether it counts as done (Core's rule).
struct RollbackStepOutcome {
    /// Counting from 1, as people and the screen number steps.
    var number: Int
    var step: RollbackStep
    var runs: [CommandRun]
    var byHand: AppState.Tick?
    var done: Bool
}

extension RollbackStepOutcome {
    /// Every rollback step of `state`'s plan, in order.
    static func all(in state: AppState) -> [RollbackStepOutcome] {
        state.plan.rollback.steps.enumerated().map { index, step in
            RollbackStepOutcome(number: index + 1, step: step, runs: state.runs(ofStep: index),
                                byHand: state.doneByHand(step: index), done: state.isDone(step: index))
        }
    }
}

extension PostMortem {
    /// Every rollback step of the plan, in order.
    var rollbackOutcomes: [RollbackStepOutcome] { RollbackStepOutcome.all(in: state) }

    /// `2 of 3 steps done.`
    var rollbackProgressSentence: String {
        let progress = state.rollbackProgress
        return "\(progress.done) of \(progress.total) step\(progress.total == 1 ? "" : "s") done."
    }
}
