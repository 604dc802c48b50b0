import Foundation

/// The journal folded up to ``journalSeq``: everything the reducer derives from journal entries, and nothing a
/// feed or the clock adds. Stored in the journal as a checkpoint, so a resume folds only the entries after it.
///
/// It is folded from entries, not copied from a running session's `AppState`: that fold cannot see its own
/// session's attach and detach entries, nor keep the newest entry time apart from clock ticks, and a checkpoint
/// written by one session is restored by another.
public struct FoldedState: Sendable, Hashable, Codable {
    /// The fold that wrote a checkpoint. Bump it whenever the reducer's journal fold or these fields change:
    /// a checkpoint written by another fold is ignored and the whole journal is folded again.
    public static let format = 3

    public var t0: Date?
    public var stageIndex = 0
    public var stageEnteredAt: Date?
    public var rollback: AppState.Rollback?
    public var ticks: [String: AppState.Tick] = [:]
    public var decisions: [String: AppState.Decision] = [:]
    /// Oldest first, at most ``AppState/noteCapacity``.
    public var notes: [AppState.Note] = []
    /// Oldest first, at most ``AppState/commandRunCapacity``.
    public var commandRuns: [CommandRun] = []
    public var startedCommands: [Int: StartedCommand] = [:]
    public var triggerHistory: [String: TriggerHistory] = [:]
    public var acks: [String: AppState.Tick] = [:]
    /// Every session attached and not detached, whoever folds; a restoring session leaves itself out.
    public var attachedSessions: Set<String> = []
    /// The process of each attached session.
    public var sessionProcesses: [String: SessionProcess] = [:]
    /// The newest entry folded in; 0 before the first.
    public var journalSeq: Int64 = 0
    /// How many entries were folded, so a resumed screen still says how many it resumed.
    public var entryCount = 0
    /// The newest entry time: folding an entry moves the clock at least to it.
    public var newestEntryTime: Date?

    /// Nothing folded yet: the start of every journal.
    public init() {}

    /// This state with `entries` folded in, through the reducer itself so the two can never disagree. Entries
    /// at or below ``journalSeq`` are skipped, as the reducer skips them.
    public func folding(_ entries: [JournalEntry], plan: Plan) -> FoldedState {
        let new = entries.filter { $0.seq > journalSeq }
        guard !new.isEmpty else { return self }
        // A session no entry names (every writer names its own), so every attach counts as another session's.
        var state = AppState(plan: plan, session: "", now: .distantPast)
        state.resume(from: self, then: new)
        var folded = FoldedState(state)
        folded.attachedSessions = state.otherSessions
        folded.sessionProcesses = state.sessionProcesses
        folded.entryCount = entryCount + new.count
        folded.newestEntryTime = new.map(\.time).reduce(newestEntryTime ?? .distantPast, max)
        return folded
    }

    /// The fields `state` keeps as they are; the session bookkeeping is the caller's.
    private init(_ state: AppState) {
        t0 = state.t0
        stageIndex = state.stageIndex
        stageEnteredAt = state.stageEnteredAt
        rollback = state.rollback
        ticks = state.ticks
        decisions = state.decisions
        notes = Array(state.notes)
        commandRuns = state.commandRuns
        startedCommands = state.startedCommands
        triggerHistory = state.triggerHistory
        acks = state.acks
        journalSeq = state.journalSeq
    }
}
