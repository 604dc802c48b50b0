import Foundation
import GRDB
import WarRoomCore

/// The war room that holds the evaluator lease: the one `warroom run` that runs the feeds and the rules and
/// journals what they see.
public struct LeaseHolder: Sendable, Hashable {
    public var session: String
    public var actor: String
    /// A human host name, as the holder gave it.
    public var host: String?
    public var pid: Int32
    /// When this session took the lease.
    public var acquired: Date
    /// Its last renewal, by the clock of the war room that renewed it.
    public var renewed: Date

    public init(session: String, actor: String, host: String?, pid: Int32, acquired: Date, renewed: Date) {
        self.session = session
        self.actor = actor
        self.host = host
        self.pid = pid
        self.acquired = acquired
        self.renewed = renewed
    }
}

/// One attached war room's last heartbeat.
public struct Presence: Sendable, Hashable {
    public var session: String
    public var actor: String
    /// A human host name, as the war room gave it.
    public var host: String?
    public var pid: Int32
    public var seen: Date

    public init(session: String, actor: String, host: String?, pid: Int32, seen: Date) {
        self.session = session
        self.actor = actor
        self.host = host
        self.pid = pid
        self.seen = seen
    }
}

/// What a check-in did with the evaluator lease.
public enum LeaseClaim: Sendable, Hashable {
    /// This session held the lease and renewed it.
    case renewed
    /// This session took the lease. `entry` is the `evaluator_changed` entry journaled, with its `seq`, in the same
    /// transaction; `previous` is who held the lease before (nil on a journal that never had one).
    case acquired(previous: LeaseHolder?, entry: JournalEntry)
    /// Another session holds a live lease.
    case heldBy(LeaseHolder)
}

extension Journal {
    /// `lease.renewed` of a lease its holder released: no clock a war room runs on reads 1970-01-01T00:00:00Z.
    static let releasedMark: Double = 0

    /// Heartbeats this session and claims the evaluator lease, in one IMMEDIATE write transaction.
    ///
    /// The session's `presence` row is written with `seen = now`. Then the lease is renewed when this session
    /// holds it, or taken when nobody does: no lease yet, a lease released by its holder, a holder whose last
    /// renewal is more than `timeout` seconds before `now`, or a holder whose session is `takeOverFrom` (the caller
    /// found its process gone). Taking it journals an `evaluator_changed` entry in the same transaction, so two war
    /// rooms checking in at once never both take it. `now` comes from the caller's clock; `lockWait` as for
    /// ``append(_:lockWait:)``.
    public func checkIn(session: String, actor: String, host: String?, pid: Int32, now: Date, timeout: TimeInterval,
                        takeOverFrom: String?, lockWait: TimeInterval?) throws(JournalError) -> LeaseClaim {
        try requireWriter()
        return try guarding {
            try write(lockWait: lockWait) { db in
                let seconds = now.timeIntervalSince1970
                try db.execute(sql: """
                    INSERT INTO presence (session, actor, host, pid, seen) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (session) DO UPDATE SET
                        actor = excluded.actor, host = excluded.host, pid = excluded.pid, seen = excluded.seen
                    """, arguments: [session, actor, host, pid, seconds])

                let current = try storedLease(db, now: now)
                let reason: String
                switch StoredLease.checkIn(current, session: session, takeOverFrom: takeOverFrom, timeout: timeout) {
                case .renew:
                    try db.execute(sql: "UPDATE lease SET renewed = ? WHERE id = 1", arguments: [seconds])
                    return .renewed
                case .leave(let holder):
                    return .heldBy(holder)
                case .take(let why):
                    reason = why
                }

                try db.execute(sql: """
                    INSERT INTO lease (id, session, actor, host, pid, acquired, renewed) VALUES (1, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET
                        session = excluded.session, actor = excluded.actor, host = excluded.host, pid = excluded.pid,
                        acquired = excluded.acquired, renewed = excluded.renewed
                    """, arguments: [session, actor, host, pid, seconds, seconds])
                let entry = JournalEntry(time: now, actor: actor, session: session, event: .evaluatorChanged(
                    host: host, previous: current?.holder.session, reason: reason))
                let stored = try Self.insert([PendingEntry(entry: entry)], payloads: Self.payloads(of: [entry]), into: db)[0]
                return .acquired(previous: current?.holder, entry: stored)
            }
        }
    }

    /// Gives up the lease if `session` holds it, so the next check-in by another war room takes it at once (its
    /// reason: this war room quit), and removes the session's `presence` row. True when it held the lease.
    @discardableResult
    public func releaseLease(session: String, lockWait: TimeInterval?) throws(JournalError) -> Bool {
        try requireWriter()
        return try guarding {
            try write(lockWait: lockWait) { db in
                try db.execute(sql: "DELETE FROM presence WHERE session = ?", arguments: [session])
                try db.execute(sql: "UPDATE lease SET renewed = ? WHERE id = 1 AND session = ? AND renewed <> ?",
                               arguments: [Self.releasedMark, session, Self.releasedMark])
                return db.changesCount > 0
            }
        }
    }

    /// Who holds the evaluator lease, live or not (a lapsed lease is held until someone takes it); nil when nobody
    /// ever took it or its holder released it. Works read-only, and on a journal from before the lease (nil).
    public func leaseHolder() throws(JournalError) -> LeaseHolder? {
        try guarding {
            try queue.read { db in
                guard try Self.hasTable(db, "lease"), let lease = try storedLease(db), !lease.released else { return nil }
                return lease.holder
            }
        }
    }

    /// Every attached war room's last heartbeat, the longest silent first. Works read-only, and on a journal from
    /// before presence (empty).
    public func presence() throws(JournalError) -> [Presence] {
        try guarding {
            try queue.read { db in
                guard try Self.hasTable(db, "presence") else { return [] }
                let rows = try Row.fetchAll(
                    db, sql: "SELECT session, actor, host, pid, seen FROM presence ORDER BY seen, session")
                return try rows.map { row in
                    // Read as raw values: a typed read of a column holding something else would trap, not fail.
                    guard let session = String.fromDatabaseValue(row[0]), let actor = String.fromDatabaseValue(row[1]),
                          let host = Self.optionalText(row[2]), let pid = Int32.fromDatabaseValue(row[3]),
                          let seen = Double.fromDatabaseValue(row[4]) else {
                        throw JournalError.undecodable(path: path, what: "the presence of the attached war rooms",
                                                       detail: "a column holds a value of another type")
                    }
                    return Presence(session: session, actor: actor, host: host, pid: pid,
                                    seen: Date(timeIntervalSince1970: seen))
                }
            }
        }
    }

    /// Stores entries as the evaluator, fenced: in one IMMEDIATE write transaction, only while `session` holds the
    /// evaluator lease (else ``JournalError/notEvaluator(path:holder:)``) and only when the newest `seq` is still
    /// `expectedSeq`, 0 for an empty journal (else ``JournalError/moved(path:)``: the caller folds what arrived and
    /// evaluates again). All entries or none, in order, returned with their `seq`. It never renews the lease: only
    /// ``checkIn(session:actor:host:pid:now:timeout:takeOverFrom:lockWait:)`` does. `lockWait` as for
    /// ``append(_:lockWait:)``.
    @discardableResult
    public func append(asEvaluator session: String, _ entries: [JournalEntry], after expectedSeq: Int64,
                       lockWait: TimeInterval?) throws(JournalError) -> [JournalEntry] {
        try requireWriter()
        return try guarding {
            let payloads = try Self.payloads(of: entries)
            return try write(lockWait: lockWait) { db in
                let lease = try storedLease(db)
                guard let lease, !lease.released, lease.holder.session == session else {
                    let holder = lease.flatMap { $0.released ? nil : $0.holder.actor }
                    throw JournalError.notEvaluator(path: path, holder: holder)
                }
                let newest = try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM events") ?? 0
                guard newest == expectedSeq else { throw JournalError.moved(path: path) }
                return try Self.insert(entries.map { PendingEntry(entry: $0) }, payloads: payloads, into: db)
            }
        }
    }

    // MARK: Reading the lease

    /// The lease row, released or not; nil when nobody ever took the lease. Its silence is measured to `now`, the
    /// caller's clock.
    private func storedLease(_ db: Database, now: Date = Date()) throws -> StoredLease? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT session, actor, host, pid, acquired, renewed FROM lease WHERE id = 1") else { return nil }
        guard let session = String.fromDatabaseValue(row[0]), let actor = String.fromDatabaseValue(row[1]),
              let host = Self.optionalText(row[2]), let pid = Int32.fromDatabaseValue(row[3]),
              let acquired = Double.fromDatabaseValue(row[4]), let renewed = Double.fromDatabaseValue(row[5]) else {
            throw JournalError.undecodable(path: path, what: "the evaluator lease",
                                           detail: "a column holds a value of another type")
        }
        let holder = LeaseHolder(session: session, actor: actor, host: host, pid: pid,
                                 acquired: Date(timeIntervalSince1970: acquired), renewed: Date(timeIntervalSince1970: renewed))
        return StoredLease(holder: holder, released: renewed == Self.releasedMark, silence: now.timeIntervalSince1970 - renewed)
    }

    /// Asks SQLite itself, not GRDB's schema cache: a connection opened read-only before another process migrated
    /// the journal to `v4` would otherwise keep seeing no such table.
    private static func hasTable(_ db: Database, _ name: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?)",
                          arguments: [name]) ?? false
    }

    /// `.some(nil)` for NULL, `.some(text)` for text, nil for anything else.
    private static func optionalText(_ value: DatabaseValue) -> String?? {
        if value.isNull { return .some(nil) }
        return String.fromDatabaseValue(value).map { .some($0) }
    }

    /// The lease and presence tables are written by war rooms only; a read-only journal (an export, a replay, a
    /// journal from before them) is refused before SQLite is asked.
    private func requireWriter() throws(JournalError) {
        guard !queue.configuration.readonly else { throw .readOnly(path: path) }
    }
}

/// The evaluator lease as a store reads it, and the one rule every store applies to it when a war room checks in.
struct StoredLease {
    var holder: LeaseHolder
    var released: Bool
    /// Seconds since its last renewal, by the clock the store judges by: the caller's for a file on one host, the
    /// server's for a database that laptops with disagreeing clocks share.
    var silence: TimeInterval

    enum CheckIn: Equatable {
        case renew
        case take(reason: String)
        case leave(LeaseHolder)
    }

    /// Renew your own lease; take one nobody holds, one released, one whose holder is gone (`takeOverFrom`) or silent
    /// for longer than `timeout`; leave a live one alone.
    static func checkIn(_ lease: StoredLease?, session: String, takeOverFrom: String?, timeout: TimeInterval) -> CheckIn {
        switch lease {
        case nil:
            return .take(reason: "first war room on this journal")
        case let lease? where lease.released:
            return .take(reason: "\(warRoom(of: lease.holder)) quit")
        case let lease? where lease.holder.session == session:
            return .renew
        case let lease? where lease.holder.session == takeOverFrom:
            return .take(reason: "\(warRoom(of: lease.holder)) (pid \(lease.holder.pid)) is gone")
        case let lease? where lease.silence > timeout:
            let time = UTCFormat.time(lease.holder.renewed)
            let at = time == UTCFormat.outOfRange ? "" : " at \(time)Z"
            return .take(reason: "\(warRoom(of: lease.holder)) stopped renewing the lease\(at)")
        case let lease?:
            return .leave(lease.holder)
        }
    }

    /// `alice's war room`, as the reasons name a holder.
    private static func warRoom(of holder: LeaseHolder) -> String {
        holder.actor.isEmpty ? "a war room" : "\(holder.actor)'s war room"
    }
}
