import Foundation
import WarRoomCore

extension Refusal {
    /// The refusal as the status line says it, naming the key that helps where there is one.
    public var words: String {
        switch self {
        case .alreadyStarted(let t0): "The release already started at \(t0.formatted(.iso8601))."
        case .notStarted: "The release has not started: press s to set T0."
        case .noChecklistItem(let item): "No checklist item '\(item)'."
        case .rolledBack: "The release was rolled back; there is nothing to promote."
        case .finalStage: "Already at the final stage."
        case .gateNeedsReason(let verdict, let reason):
            "Gate \(verdict): \(reason ?? "not ready"); promoting anyway needs a reason."
        case .emptyOverrideReason: "Promoting past a gate that is not READY needs a reason."
        case .nothingToRollBack: "The release has not started; there is nothing to roll back."
        case .alreadyRolledBack: "Already rolled back."
        case .noDecisionPoint(let point): "No decision point '\(point)'."
        case .alreadyDecided(let point): "\(point) is already decided."
        case .notDueYet(let point): "\(point) is not due yet."
        case .decisionBeforeStart: "The release has not started."
        case .notFiring: "That trigger is not firing."
        case .alreadyAcknowledged(let by): "Already acknowledged by \(by)."
        case .emptyNote: "An empty note was not recorded."
        case .emptyUpdate: "An empty status update was not posted."
        case .noRollbackStep(let step): "The plan has no rollback step \(step + 1)."
        case .stepByHand(let step): "Step \(step + 1) has no command: it is done by hand."
        case .rollbackNotRecorded: "Record the rollback first (r), then work through its steps."
        case .stepRunning(let step, let by, let running):
            "Step \(step + 1) is still running \(by.map { "in \($0)'s war room" } ?? "here") (started \(DurationText.format(running)) ago)."
        case .stepAlreadyStarted(let step, let by):
            "Step \(step + 1) was already started\(by.map { " by \($0) in another war room" } ?? " here"); it was not run twice."
        case .stepStartedTooLate(let step):
            "Step \(step + 1) was not run: the journal took its start too late. Run it again if it is still needed."
        case .stepAlreadyDone(let step, let by): "Step \(step + 1) is already marked done by \(by)."
        case .stepNotMarked(let step): "Step \(step + 1) is not marked done by hand."
        case .noController: "The plan names no rollout controller."
        case .controllerReadOnly: "The plan watches the rollout controller read-only: nothing is run through it."
        case .readOnlyWarRoom: "This war room runs --readonly: it runs nothing (the journal still records the decision)."
        case .controllerActionOpen(let verb, let by, let waiting):
            waiting ? "\(by)'s \(verb) is still waiting for the evaluator to run it."
                : "\(by)'s \(verb) ran; the controller has not yet been seen to act on it. Wait, or act by hand."
        }
    }
}
