import Foundation

/// Why the war room will not do what a person asked, as a value: Core says what is wrong, the screen says it in
/// words and names the key that helps (`Refusal+Words` in WarRoomUI), so no key name lives in Core.
public enum Refusal: Error, Sendable, Hashable {
    case alreadyStarted(at: Date)
    case notStarted
    case noChecklistItem(String)
    case rolledBack
    case finalStage
    /// Promoting past a gate that is not READY needs a reason; `reason` is the gate's first.
    case gateNeedsReason(verdict: String, reason: String?)
    case emptyOverrideReason
    case nothingToRollBack
    case alreadyRolledBack
    case noDecisionPoint(String)
    case alreadyDecided(String)
    case notDueYet(String)
    case decisionBeforeStart
    case notFiring
    case alreadyAcknowledged(by: String)
    case emptyNote
    case emptyUpdate
    case noRollbackStep(Int)
    case stepByHand(Int)
    case rollbackNotRecorded
    /// `by` is nil when this war room runs it.
    case stepRunning(step: Int, by: String?, for: TimeInterval)
    /// Another start reached the journal first; `by` is nil when it was this war room's own.
    case stepAlreadyStarted(step: Int, by: String?)
    case stepStartedTooLate(step: Int)
    /// Marking a step done that someone already marked.
    case stepAlreadyDone(step: Int, by: String)
    /// Unmarking a step nobody marked done by hand.
    case stepNotMarked(Int)
    /// The plan names no rollout controller.
    case noController
    /// The plan watches its controller read-only.
    case controllerReadOnly
    /// This war room runs `--readonly`: it runs nothing.
    case readOnlyWarRoom
    /// An action on the controller still holds it: `waiting` for the evaluator to run it, or run and not yet seen
    /// to take effect.
    case controllerActionOpen(verb: String, by: String, waiting: Bool)
}
