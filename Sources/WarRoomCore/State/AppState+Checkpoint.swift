import Foundation

extension AppState {
    /// Resumes from a checkpoint and the journal entries after it: the same state as folding the whole journal,
    /// without reading it all. `resumedEntries` counts the checkpoint's entries too, so the screen still says how
    /// many the session resumed. Meant for a state nothing has been folded into yet.
    public mutating func resume(from checkpoint: FoldedState, then entries: [JournalEntry] = []) {
        folded = checkpoint
        if let newest = checkpoint.newestEntryTime { now = max(now, newest) }
        for entry in entries { _ = apply(.recorded(entry)) }
        resumedEntries = folded.entryCount
    }
}
