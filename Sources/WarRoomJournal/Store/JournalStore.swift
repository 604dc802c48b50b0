import Foundation
import WarRoomCore

/// What a war room, an export, a replay and `warroom note` need of a journal, wherever it lives: a SQLite file
/// (``Journal``) or a PostgreSQL database shared across machines (``PostgresJournal``, and ``SpooledJournal`` in front
/// of it for a war room). Both pass one contract suite, so the runtime never asks which it has.
///
/// Every call returns promptly: `lockWait` bounds how long a write waits for another writer (or, for a database, for
/// the server's answer), and a database that cannot be reached fails at once while it reconnects in the background.
public protocol JournalStore: AnyObject, Sendable {
    /// How messages name the journal: its path, or its URL without the password.
    var location: String { get }

    /// Stores entries in one transaction, all or none, in order, each with the `seq` the journal gives it. An entry
    /// whose id the journal already holds is not stored again: it comes back as first stored, so a retry after a lost
    /// answer is harmless.
    @discardableResult
    func append(_ entries: [PendingEntry], lockWait: TimeInterval?) throws(JournalError) -> [JournalEntry]

    /// Every entry with a `seq` above `seq`, oldest first.
    func entries(after seq: Int64) throws(JournalError) -> [JournalEntry]

    /// Every entry with its payload text as stored, oldest first, for the JSON exports.
    func storedEntries(after seq: Int64) throws(JournalError) -> [StoredEntry]

    /// Every entry with a `seq` above `seq` with the id it is stored under, oldest first: what `warroom journal copy`
    /// appends elsewhere, so a copy run twice, or run again after it was interrupted, stores each entry once. An entry
    /// stored without an id (a SQLite journal's entries from before v5) gets one derived from the journal's identity
    /// (its plan hash and creation time) and its `seq` (``PendingEntry/derivedID(journal:seq:)``), the same at every read.
    func identifiedEntries(after seq: Int64) throws(JournalError) -> [PendingEntry]

    /// The time of the newest entry; nil for a journal with none.
    func lastEntryTime() throws(JournalError) -> Date?

    /// The plan the journal was started with (or last forced to).
    func storedPlan() throws(JournalError) -> Plan

    /// Stores ten-second sample windows; a window already stored is kept as it is (the first writer's figures stand).
    func append(samples: [SampleBucket], lockWait: TimeInterval?) throws(JournalError)

    /// The stored sample windows, of one metric or all, in time order.
    func samples(of metric: String?) throws(JournalError) -> [SampleBucket]

    /// Heartbeats `session` and renews, takes or leaves the evaluator lease (see ``Journal``'s implementation for the
    /// rules); taking it journals an `evaluator_changed` entry in the same transaction.
    func checkIn(session: String, actor: String, host: String?, pid: Int32, now: Date, timeout: TimeInterval,
                 takeOverFrom: String?, lockWait: TimeInterval?) throws(JournalError) -> LeaseClaim

    /// Gives up the lease if `session` holds it and removes its heartbeat. True when it held the lease.
    @discardableResult
    func releaseLease(session: String, lockWait: TimeInterval?) throws(JournalError) -> Bool

    /// Who holds the evaluator lease, live or not; nil when nobody ever took it or its holder released it. Times are
    /// on this machine's clock.
    func leaseHolder() throws(JournalError) -> LeaseHolder?

    /// Every attached war room's last heartbeat, the longest silent first; times on this machine's clock.
    func presence() throws(JournalError) -> [Presence]

    /// Stores entries as the evaluator, fenced: only while `session` holds the lease (else `.notEvaluator`) and only
    /// when the newest `seq` is still `expectedSeq` (else `.moved`).
    @discardableResult
    func append(asEvaluator session: String, _ entries: [JournalEntry], after expectedSeq: Int64,
                lockWait: TimeInterval?) throws(JournalError) -> [JournalEntry]

    /// Stores a checkpoint of the fold from `plan`, keeping only the newest few. An optimisation, never an action.
    func writeCheckpoint(_ checkpoint: FoldedState, plan: Plan, lockWait: TimeInterval?) throws(JournalError)

    /// The newest usable checkpoint written by fold `format` for `plan`, or nil. Never throws: a bad checkpoint means
    /// folding the whole journal.
    func latestCheckpoint(format: Int, plan: Plan) -> FoldedState?

    /// How the journal's database is reached; nil for a file, which has no connection to lose.
    var link: JournalLink? { get }

    /// Called, on any thread, when another war room's entry may have landed: the screen folds it in at once instead of
    /// at its next look. A file journal never calls it (it is looked at twice a second).
    func onChange(_ wake: @escaping @Sendable () -> Void)
}

/// How a shared journal's connection stands, for the header: what a war room knows that it has not been able to record.
public struct JournalLink: Sendable, Hashable {
    /// Since when the database has not answered; nil while it does.
    public var unreachableSince: Date?
    /// Why, in a few words.
    public var reason: String?
    /// Actions taken here, kept in the local spool until the database has them.
    public var spooled: Int
    /// The spool's file, where those actions wait; nil without a spool.
    public var spoolPath: String?

    public init(unreachableSince: Date? = nil, reason: String? = nil, spooled: Int = 0, spoolPath: String? = nil) {
        self.unreachableSince = unreachableSince
        self.reason = reason
        self.spooled = spooled
        self.spoolPath = spoolPath
    }
}

extension JournalStore {
    /// Stores one entry with a fresh id and gives it its `seq`.
    @discardableResult
    public func append(_ entry: JournalEntry, lockWait: TimeInterval? = nil) throws(JournalError) -> JournalEntry {
        try append([PendingEntry(entry: entry)], lockWait: lockWait)[0]
    }

    /// Stores entries, each with a fresh id, in one transaction.
    @discardableResult
    public func append(contentsOf entries: [JournalEntry], lockWait: TimeInterval? = nil) throws(JournalError) -> [JournalEntry] {
        try append(entries.map { PendingEntry(entry: $0) }, lockWait: lockWait)
    }

    public func append(samples: [SampleBucket]) throws(JournalError) { try append(samples: samples, lockWait: nil) }

    @discardableResult
    public func releaseLease(session: String) throws(JournalError) -> Bool { try releaseLease(session: session, lockWait: nil) }

    public func checkIn(session: String, actor: String, host: String?, pid: Int32, now: Date, timeout: TimeInterval,
                        takeOverFrom: String? = nil) throws(JournalError) -> LeaseClaim {
        try checkIn(session: session, actor: actor, host: host, pid: pid, now: now, timeout: timeout,
                    takeOverFrom: takeOverFrom, lockWait: nil)
    }

    @discardableResult
    public func append(asEvaluator session: String, _ entries: [JournalEntry], after expectedSeq: Int64) throws(JournalError) -> [JournalEntry] {
        try append(asEvaluator: session, entries, after: expectedSeq, lockWait: nil)
    }

    public func writeCheckpoint(_ checkpoint: FoldedState, plan: Plan) throws(JournalError) {
        try writeCheckpoint(checkpoint, plan: plan, lockWait: nil)
    }

    public func entries() throws(JournalError) -> [JournalEntry] { try entries(after: 0) }
    public func storedEntries() throws(JournalError) -> [StoredEntry] { try storedEntries(after: 0) }
    public func samples() throws(JournalError) -> [SampleBucket] { try samples(of: nil) }

    public func latestCheckpoint(plan: Plan) -> FoldedState? { latestCheckpoint(format: FoldedState.format, plan: plan) }

    /// The journal folded, as a session starts on it: the newest usable checkpoint advanced by every entry after it.
    /// `checkpointSeq` is where that checkpoint stood, 0 when the whole journal was folded.
    public func folded(plan: Plan) throws(JournalError) -> (state: FoldedState, checkpointSeq: Int64) {
        let checkpoint = latestCheckpoint(plan: plan) ?? FoldedState(plan: plan)
        return (checkpoint.folding(try entries(after: checkpoint.journalSeq)), checkpoint.journalSeq)
    }
}
