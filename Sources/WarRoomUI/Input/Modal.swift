import WarRoomCore

/// A dialog over the panes. While one is open it takes every key.
public enum Modal: Sendable, Hashable {
    case help
    case confirmQuit
    case confirmStart
    /// `controller`: what promoting runs through the rollout controller, worked out when the dialog opened, so the
    /// command shown is the command asked for (nil without a controller).
    case confirmPromote(controller: RolloutController.Drive?)
    /// At the plan's final stage, with the controller still short of its end: promoting the controller alone.
    case confirmPromoteController(ControllerAction)
    /// Promoting past a gate that is not READY: the reason, which the journal keeps.
    case promoteOverride(reason: String, controller: RolloutController.Drive?)
    /// `controller`: what rolling back runs through the rollout controller (its abort), as for a promote.
    case confirmRollback(controller: RolloutController.Drive?)
    /// The plan's rollback steps once the rollback is recorded, with the selected one; steps with a command run
    /// from here.
    case rollbackSteps(selected: Int)
    /// Running one step's command: shown in full before it runs.
    case confirmRunStep(Int)
    /// Taking back a step's done-by-hand mark: asked, so a second press of space cannot undo it unseen.
    case confirmUnmarkStep(Int)
    /// Recording a decision: first the verdict, then an optional note.
    case decision(point: String, verdict: Verdict?, note: String)
    case note(text: String)
    /// Typing a search through the logs; Tab switches between literal text and a regular expression.
    case search(text: String, isRegex: Bool)
    /// Why a metric is in its state: value, thresholds, samples, source and triggers; or a health check, named by its
    /// series (`health.<name>`): what it checks, its last results, its failures against its rule. `l` goes to the logs
    /// of a metric's breach.
    case explain(metric: String)
    /// Writing a status update (`u`): the draft composed from the war room, edited in place.
    case composeUpdate(UpdateComposer)
    /// Leaving an edited update: asked, so a stray Esc never loses what was typed.
    case confirmDiscardUpdate(UpdateComposer)
    /// Where a written update goes, with the two extras the person turns on (off until then), before it is posted.
    case confirmPostUpdate(UpdateComposer, copy: Bool, writeToFile: Bool)
    /// The comms view (`c`): the update cadence, the updates posted, each notice and how its sending went. `selected`:
    /// the chosen update, newest first.
    case comms(selected: Int)
    /// The canary view (`v`): the judge's score, each judged metric's call with both cohorts and its interval against
    /// the tolerance, and each SLO's burn rates and budget. It only looks, so a replay has it too.
    case canary
    /// One posted update read whole, from the comms view, which goes back to `selected`.
    case readUpdate(CommsState.PostedUpdate, selected: Int)
}

/// What a key press asks of the runtime.
public enum Command: Sendable, Hashable {
    case intent(Intent)
    /// A status update the person confirmed: the runtime copies and writes it where asked, then journals it.
    case postUpdate(UpdatePost)
    case quit
}

/// A confirmed status update and where else it goes besides the journal and the plan's targets.
public struct UpdatePost: Sendable, Hashable {
    public var text: String
    /// Copy it to the clipboard through the terminal (OSC 52).
    public var copy: Bool
    /// Append it to the updates file (``Communication/updatesFile``, or one named after the release).
    public var writeToFile: Bool

    public init(text: String, copy: Bool = false, writeToFile: Bool = false) {
        self.text = text
        self.copy = copy
        self.writeToFile = writeToFile
    }
}
