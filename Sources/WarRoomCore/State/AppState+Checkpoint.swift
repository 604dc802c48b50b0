import DequeModule
import Foundation

extension AppState {
    /// Resumes from a checkpoint and the journal entries after it: the same state as folding the whole journal,
    /// without reading it all. `resumedEntries` counts the checkpoint's entries too, so the screen still says
    /// how many the session resumed.
    public mutating func resume(from checkpoint: FoldedState, then entries: [JournalEntry] = []) {
        restore(checkpoint)
        for entry in entries { _ = apply(.recorded(entry)) }
        resumedEntries = checkpoint.entryCount + entries.count
    }

    /// Sets what the fold derives; meant for a state nothing has been folded into yet.
    private mutating func restore(_ checkpoint: FoldedState) {
        t0 = checkpoint.t0
        stageIndex = checkpoint.stageIndex
        stageEnteredAt = checkpoint.stageEnteredAt
        rollback = checkpoint.rollback
        ticks = checkpoint.ticks
        decisions = checkpoint.decisions
        notes = Deque(checkpoint.notes)
        commandRuns = checkpoint.commandRuns
        startedCommands = checkpoint.startedCommands
        triggerHistory = checkpoint.triggerHistory
        acks = checkpoint.acks
        // The checkpoint was probably written by another session, which this one sees as attached.
        otherSessions = checkpoint.attachedSessions.subtracting([session])
        sessionProcesses = checkpoint.sessionProcesses.filter { $0.key != session }
        journalSeq = checkpoint.journalSeq
        if let newest = checkpoint.newestEntryTime { now = max(now, newest) }
    }
}
