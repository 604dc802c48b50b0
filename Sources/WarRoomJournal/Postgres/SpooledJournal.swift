import Foundation
import GRDB
import Synchronization
import WarRoomCore

/// A shared journal with a durable local spool in front, as a war room uses it: an action is on this machine's disk
/// before `append` returns, and reaches the database when it answers, exactly once (by its id), in the order taken.
///
/// While the database cannot be reached the war room keeps running: its actions wait in the spool (a `kill -9` loses
/// none of them: the next war room on this machine for the journal sends them), and ``link`` says since when and how
/// many, for the header. Everything else goes straight to the database, which fails at once while it is away.
public final class SpooledJournal: JournalStore {
    public let shared: PostgresJournal
    /// The spool's file.
    public let spoolPath: String
    private let spool: DatabaseQueue
    /// Entries in the spool, as far as this process knows: counted on open, kept on add and send.
    private let spooled: Mutex<Int>
    /// Why the last send failed, while the spool is not empty; the header says it.
    private let sendFailure = Mutex<JournalError?>(nil)

    /// Opens (or creates, mode 0600) the spool at `spoolPath` for `shared`, and sends what an earlier war room left in
    /// it if the database answers.
    public init(shared: PostgresJournal, spoolPath: String) throws(JournalError) {
        self.shared = shared
        self.spoolPath = spoolPath
        do {
            try FileManager.default.createDirectory(atPath: (spoolPath as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw JournalError.cannotCreate(path: spoolPath, reason: "\(error.localizedDescription)")
        }
        if !FileManager.default.fileExists(atPath: spoolPath) { try JournalFile.createPrivate(spoolPath) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.label = "warroom.spool"
        configuration.prepareDatabase { db in
            // As the file journal does: an entry in the spool survives a power cut once `append` returned.
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            spool = try DatabaseQueue(path: spoolPath, configuration: configuration)
            try Self.migrator.migrate(spool)
            spooled = Mutex(try spool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM spool") ?? 0 })
        } catch let error as DatabaseError {
            throw JournalError(path: spoolPath, database: error)
        } catch {
            throw JournalError.database(path: spoolPath, detail: "\(error)")
        }
        _ = try? send(lockWait: nil)
    }

    /// Where a journal's spool goes by default: under `$XDG_STATE_HOME/warroom/spool` (else `~/.local/state/…`), one
    /// file per database and journal, so every war room on this machine for that journal shares it.
    public static func defaultPath(for shared: PostgresJournal, environment: [String: String]) -> String {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        let address = shared.address
        let key = "\(address.host):\(address.port)/\(address.database)/\(shared.name)"
        let hash = StableHash.fnv1a(key)
        let name = String(shared.name.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "-" ? Character($0) : "-" })
        return "\(state)/warroom/spool/\(name.prefix(60))-\(String(hash, radix: 16)).sqlite"
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE spool (
                    position INTEGER PRIMARY KEY AUTOINCREMENT,
                    id       TEXT NOT NULL UNIQUE,
                    time     REAL NOT NULL,
                    actor    TEXT NOT NULL,
                    session  TEXT NOT NULL,
                    payload  TEXT NOT NULL
                );
                """)
        }
        return migrator
    }

    // MARK: The spool

    /// Keeps `entries` in the spool, then sends the spool. Returns them as the database stored them once it has them,
    /// else as given (no `seq` yet): either way they are safe on this machine's disk. Throws only when the spool itself
    /// cannot be written.
    @discardableResult
    public func append(_ entries: [PendingEntry], lockWait: TimeInterval?) throws(JournalError) -> [JournalEntry] {
        guard !entries.isEmpty else { return [] }
        let encoder = JournalJSON.makeEncoder()
        do {
            try spool.write { db in
                for pending in entries {
                    let entry = pending.entry
                    try db.execute(sql: """
                        INSERT INTO spool (id, time, actor, session, payload) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                        """, arguments: [pending.id.uuidString.lowercased(), entry.time.timeIntervalSince1970, entry.actor,
                                         entry.session, try JournalJSON.encode(entry.event, using: encoder)])
                }
            }
        } catch let error as DatabaseError {
            throw JournalError(path: spoolPath, database: error)
        } catch {
            throw JournalError.database(path: spoolPath, detail: "\(error)")
        }
        spooled.withLock { $0 += entries.count }
        let sent = (try? send(lockWait: lockWait)) ?? [:]
        return entries.map { sent[$0.id] ?? $0.entry }
    }

    /// Sends everything in the spool to the database in one transaction, in the order taken, and removes what it
    /// stored; returns the stored entries by id. Entries already there (a send whose answer was lost, another war room
    /// on this machine sending the same spool) are stored once.
    @discardableResult
    func send(lockWait: TimeInterval?) throws(JournalError) -> [UUID: JournalEntry] {
        let waiting: [PendingEntry]
        do {
            let decoder = JournalJSON.makeDecoder()
            waiting = try spool.read { db in
                try Row.fetchAll(db, sql: "SELECT id, time, actor, session, payload FROM spool ORDER BY position").compactMap { row in
                    guard let id = UUID(uuidString: row[0]) else { return nil }
                    let payload: String = row[4]
                    let event = try decoder.decode(JournalEvent.self, from: Data(payload.utf8))
                    return PendingEntry(id: id, entry: JournalEntry(time: Date(timeIntervalSince1970: row[1]), actor: row[2],
                                                                    session: row[3], event: event))
                }
            }
        } catch {
            throw JournalError.undecodable(path: spoolPath, what: "the spool", detail: "\(error)")
        }
        guard !waiting.isEmpty else {
            spooled.withLock { $0 = 0 }
            return [:]
        }
        let stored: [JournalEntry]
        do {
            stored = try shared.append(waiting, lockWait: lockWait)
            sendFailure.withLock { $0 = nil }
        } catch {
            sendFailure.withLock { $0 = error }
            throw error
        }
        let remaining = try? spool.write { db -> Int in
            let ids = waiting.map { $0.id.uuidString.lowercased() }
            try db.execute(sql: "DELETE FROM spool WHERE id IN (\(databaseQuestionMarks(count: ids.count)))",
                           arguments: StatementArguments(ids))
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM spool") ?? 0
        }
        if let remaining { spooled.withLock { $0 = remaining } }
        return Dictionary(zip(waiting.map(\.id), stored), uniquingKeysWith: { first, _ in first })
    }

    /// Actions in the spool, waiting for the database.
    public var spooledCount: Int { spooled.withLock { $0 } }

    // MARK: JournalStore, the rest straight to the database

    public var location: String { shared.location }

    public var link: JournalLink? {
        var link = shared.link ?? JournalLink()
        link.spooled = spooledCount
        link.spoolPath = spoolPath
        if link.spooled > 0, link.reason == nil { link.reason = sendFailure.withLock { $0?.shortReason } }
        return link
    }

    public func onChange(_ wake: @escaping @Sendable () -> Void) { shared.onChange(wake) }

    /// What the database has after `seq`; the spool is sent first, so the war room sees its own actions in order.
    public func entries(after seq: Int64) throws(JournalError) -> [JournalEntry] {
        if spooledCount > 0 { _ = try? send(lockWait: nil) }
        return try shared.entries(after: seq)
    }

    public func storedEntries(after seq: Int64) throws(JournalError) -> [StoredEntry] { try shared.storedEntries(after: seq) }
    public func identifiedEntries(after seq: Int64) throws(JournalError) -> [PendingEntry] { try shared.identifiedEntries(after: seq) }
    public func lastEntryTime() throws(JournalError) -> Date? { try shared.lastEntryTime() }
    public func storedPlan() throws(JournalError) -> Plan { try shared.storedPlan() }

    public func append(samples: [SampleBucket], lockWait: TimeInterval?) throws(JournalError) {
        try shared.append(samples: samples, lockWait: lockWait)
    }

    public func samples(of metric: String?) throws(JournalError) -> [SampleBucket] { try shared.samples(of: metric) }

    public func checkIn(session: String, actor: String, host: String?, pid: Int32, now: Date, timeout: TimeInterval,
                        takeOverFrom: String?, lockWait: TimeInterval?) throws(JournalError) -> LeaseClaim {
        try shared.checkIn(session: session, actor: actor, host: host, pid: pid, now: now, timeout: timeout,
                           takeOverFrom: takeOverFrom, lockWait: lockWait)
    }

    @discardableResult
    public func releaseLease(session: String, lockWait: TimeInterval?) throws(JournalError) -> Bool {
        try shared.releaseLease(session: session, lockWait: lockWait)
    }

    public func leaseHolder() throws(JournalError) -> LeaseHolder? { try shared.leaseHolder() }
    public func presence() throws(JournalError) -> [Presence] { try shared.presence() }

    /// The evaluator's entries are fenced on the journal as it stands, so they cannot wait in a spool: they fail while
    /// the database is away, and the evaluator keeps its readings for the next turn.
    @discardableResult
    public func append(asEvaluator session: String, _ entries: [JournalEntry], after expectedSeq: Int64,
                       lockWait: TimeInterval?) throws(JournalError) -> [JournalEntry] {
        try shared.append(asEvaluator: session, entries, after: expectedSeq, lockWait: lockWait)
    }

    public func writeCheckpoint(_ checkpoint: FoldedState, plan: Plan, lockWait: TimeInterval?) throws(JournalError) {
        try shared.writeCheckpoint(checkpoint, plan: plan, lockWait: lockWait)
    }

    public func latestCheckpoint(format: Int, plan: Plan) -> FoldedState? { shared.latestCheckpoint(format: format, plan: plan) }
}
