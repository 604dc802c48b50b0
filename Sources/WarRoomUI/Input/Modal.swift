import WarRoomCore

/// A dialog over the panes. While one is open it takes every key.
public enum Modal: Sendable, Hashable {
    case help
    case confirmQuit
    case confirmStart
    case confirmPromote
    /// Promoting past a gate that is not READY: the reason, which the journal keeps.
    case promoteOverride(reason: String)
    case confirmRollback
    /// Recording a decision: first the verdict, then an optional note.
    case decision(point: String, verdict: Verdict?, note: String)
    case note(text: String)
    /// Why a metric is in its state: value, thresholds, samples, source and triggers.
    case explain(metric: String)
}

/// What a key press asks of the runtime.
public enum Command: Sendable, Hashable {
    case intent(Intent)
    case quit
}
