import Foundation
import Logging
import NIOSSL
import PostgresNIO
import Synchronization
import WarRoomCore

/// A journal in a PostgreSQL database that many war rooms on many machines share. One schema holds the journals of
/// many releases (a journal is one release in it); the database orders each journal's entries, gap-free, in the
/// order they commit, so a reader that has seen entry N has seen every entry before it.
///
/// Every call waits at most its deadline for the server (``PostgresLink``); while the server cannot be reached calls
/// fail at once with ``JournalError/unreachable(url:detail:)``. A war room puts a ``SpooledJournal`` in front, so that
/// its actions are kept meanwhile.
public final class PostgresJournal: JournalStore {
    public let address: PostgresAddress
    /// The journal's name in the schema: by default `<release>-<version>`, as a file journal's name has it.
    public let name: String
    let connection: PostgresLink
    private let journalID: Int64
    private let relay: NotificationRelay
    /// How long a call waits for the server when its caller names no wait: ``defaultDeadline`` for a command, which
    /// has nothing else to do, ``warRoomDeadline`` for a war room, whose screen must not stand still.
    let patience: TimeInterval

    /// How long a call waits for the server when its caller names no shorter wait.
    public static let defaultDeadline: TimeInterval = 10
    /// The shortest wait for an answer: a round trip to a database across a continent, and a commit, fit in it.
    static let shortestDeadline: TimeInterval = 1
    public static let warRoomDeadline: TimeInterval = 2

    /// PostgresNIO logs through swift-log; a war room's terminal is no place for a driver's messages.
    static let logger: Logger = {
        var logger = Logger(label: "warroom.postgres")
        logger.logLevel = .critical
        return logger
    }()

    private init(address: PostgresAddress, name: String, connection: PostgresLink, journalID: Int64,
                 relay: NotificationRelay, patience: TimeInterval) {
        self.patience = patience
        self.address = address
        self.name = name
        self.connection = connection
        self.journalID = journalID
        self.relay = relay
    }

    /// Connects, brings the schema up to date, and opens the journal `name`, creating it with `plan` when it is new.
    /// An existing journal started with another release's plan is refused unless `force`, which replaces its plan.
    public static func open(_ address: PostgresAddress, name: String, plan: Plan, force: Bool = false,
                            patience: TimeInterval = defaultDeadline) throws(JournalError) -> PostgresJournal {
        let planText: String
        do { planText = try JournalJSON.encode(plan) } catch {
            throw JournalError.undecodable(path: address.redacted, what: "the plan", detail: "\(error)")
        }
        let hash = JournalJSON.fingerprint(planText)
        return try open(address, name: name, patience: patience) { session in
            try session.query("""
                INSERT INTO warroom_journals (name, plan, plan_hash) VALUES (\(name), \(planText), \(hash))
                ON CONFLICT (name) DO NOTHING
                """)
            let rows = try session.query("SELECT id, plan, plan_hash FROM warroom_journals WHERE name = \(name) FOR UPDATE")
            guard let row = rows.first else {
                throw JournalError.database(path: address.redacted, detail: "journal '\(name)' vanished as it was made")
            }
            let (id, storedText, storedHash) = try row.decode((Int64, String, String).self)
            if storedHash != hash {
                let stored = try? JournalJSON.decode(Plan.self, from: storedText)
                let sameRelease = stored.map { $0.release.name == plan.release.name && $0.release.version == plan.release.version }
                if force {
                    try session.query("UPDATE warroom_journals SET plan = \(planText), plan_hash = \(hash) WHERE id = \(id)")
                } else if sameRelease != true {
                    throw JournalError.planMismatch(
                        path: "\(address.redacted) (journal \(name))",
                        stored: stored.map { "\($0.release.name) \($0.release.version)" } ?? "another plan (hash \(storedHash))",
                        given: "\(plan.release.name) \(plan.release.version)")
                }
            }
            return id
        }
    }

    /// Opens a journal that must exist already, as `note`, `export` and `replay` do: never creates one.
    public static func openExisting(_ address: PostgresAddress, name: String,
                                    patience: TimeInterval = defaultDeadline) throws(JournalError) -> PostgresJournal {
        try open(address, name: name, patience: patience) { session in
            guard let row = try session.query("SELECT id FROM warroom_journals WHERE name = \(name)").first else {
                throw JournalError.noSuchJournal(url: address.redacted, name: name)
            }
            return try row.decode(Int64.self)
        }
    }

    /// The names of the journals in the database, oldest first.
    public static func names(_ address: PostgresAddress) throws(JournalError) -> [String] {
        let link = PostgresLink(address: address)
        defer { link.close() }
        try link.connect()
        try PostgresSchema.migrate(link)
        return try link.run(deadline: defaultDeadline) { session in
            try session.query("SELECT name FROM warroom_journals ORDER BY id").map { try $0.decode(String.self) }
        }
    }

    private static func open(_ address: PostgresAddress, name: String, patience: TimeInterval,
                             find: (PostgresLink.Session) throws -> Int64) throws(JournalError) -> PostgresJournal {
        let relay = NotificationRelay()
        let link = PostgresLink(address: address, notified: relay.notified)
        do throws(JournalError) {
            try link.connect()
            try PostgresSchema.migrate(link)
            let journalID = try link.transaction(deadline: defaultDeadline, find)
            relay.journal(journalID)
            return PostgresJournal(address: address, name: name, connection: link, journalID: journalID, relay: relay,
                                   patience: patience)
        } catch {
            link.close()
            throw error
        }
    }

    public func close() { connection.close() }

    // MARK: JournalStore

    public var location: String { "\(address.redacted) (journal \(name))" }

    public var link: JournalLink? {
        let outage = connection.outage
        return JournalLink(unreachableSince: outage?.since, reason: outage.map { $0.error.shortReason })
    }

    public func onChange(_ wake: @escaping @Sendable () -> Void) { relay.wake(wake) }

    public func storedPlan() throws(JournalError) -> Plan {
        let text = try run(nil) { session in
            try session.query("SELECT plan FROM warroom_journals WHERE id = \(journalID)").first?.decode(String.self) ?? ""
        }
        do {
            return try JournalJSON.decode(Plan.self, from: text)
        } catch {
            throw JournalError.undecodable(path: location, what: "the journal's plan", detail: "\(error)")
        }
    }

    @discardableResult
    public func append(_ pending: [PendingEntry], lockWait: TimeInterval?) throws(JournalError) -> [JournalEntry] {
        guard !pending.isEmpty else { return [] }
        let payloads = try encode(pending.map(\.entry))
        return try transaction(lockWait) { session in try insert(pending, payloads: payloads, session) }
    }

    /// The war room's look at the journal, twice a second: the entries alone, without their stored text.
    public func entries(after seq: Int64) throws(JournalError) -> [JournalEntry] {
        try readEntries(after: seq).map(\.entry)
    }

    public func storedEntries(after seq: Int64) throws(JournalError) -> [StoredEntry] {
        let encoder = JournalJSON.makeEncoder()
        return try readEntries(after: seq).map { row throws(JournalError) in
            do { return try StoredEntry(row.entry, stored: row.payload, encoder: encoder) } catch {
                throw JournalError.undecodable(path: location, what: "entry \(row.entry.seq)", detail: "\(error)")
            }
        }
    }

    /// Every entry with its id: the database has stored one with every entry, so none is derived.
    public func identifiedEntries(after seq: Int64) throws(JournalError) -> [PendingEntry] {
        try readEntries(after: seq).map { PendingEntry(id: $0.id, entry: $0.entry) }
    }

    private func readEntries(after seq: Int64) throws(JournalError) -> [(id: UUID, entry: JournalEntry, payload: Data)] {
        let rows = try run(nil) { session in
            try session.query("""
                SELECT id, seq, time, actor, session, payload FROM warroom_entries
                WHERE journal = \(journalID) AND seq > \(seq) ORDER BY seq
                """).map { try $0.decode((UUID, Int64, Double, String, String, String).self) }
        }
        let decoder = JournalJSON.makeDecoder()
        return try rows.map { id, seq, time, actor, session, payload throws(JournalError) in
            do {
                let bytes = Data(payload.utf8)
                let event = try decoder.decode(JournalEvent.self, from: bytes)
                return (id, JournalEntry(seq: seq, time: Date(timeIntervalSince1970: time), actor: actor, session: session, event: event), bytes)
            } catch {
                throw JournalError.undecodable(path: location, what: "entry \(seq)", detail: "\(error)")
            }
        }
    }

    public func lastEntryTime() throws(JournalError) -> Date? {
        try run(nil) { session in
            try session.query("SELECT time FROM warroom_entries WHERE journal = \(journalID) ORDER BY seq DESC LIMIT 1")
                .first.map { Date(timeIntervalSince1970: try $0.decode(Double.self)) }
        }
    }

    public func append(samples: [SampleBucket], lockWait: TimeInterval?) throws(JournalError) {
        guard !samples.isEmpty else { return }
        _ = try run(lockWait) { session in
            try session.query("""
                INSERT INTO warroom_samples (journal, metric, start, width, count, min, max, sum, last)
                SELECT \(journalID), * FROM unnest(\(samples.map(\.metric)), \(samples.map { $0.start.timeIntervalSince1970 }),
                    \(samples.map(\.width)), \(samples.map(\.count)), \(samples.map(\.min)), \(samples.map(\.max)),
                    \(samples.map(\.sum)), \(samples.map(\.last)))
                ON CONFLICT (journal, metric, start) DO NOTHING
                """)
        }
    }

    public func samples(of metric: String?) throws(JournalError) -> [SampleBucket] {
        try run(nil) { session in
            let rows = if let metric {
                try session.query("""
                    SELECT metric, start, width, count, min, max, sum, last FROM warroom_samples
                    WHERE journal = \(journalID) AND metric = \(metric) ORDER BY start, metric
                    """)
            } else {
                try session.query("""
                    SELECT metric, start, width, count, min, max, sum, last FROM warroom_samples
                    WHERE journal = \(journalID) ORDER BY start, metric
                    """)
            }
            return try rows.map { row in
                let (metric, start, width, count, min, max, sum, last) =
                    try row.decode((String, Double, Double, Int, Double, Double, Double, Double).self)
                return SampleBucket(metric: metric, start: Date(timeIntervalSince1970: start), width: width, count: count,
                                    min: min, max: max, sum: sum, last: last)
            }
        }
    }

    // MARK: The lease

    public func checkIn(session: String, actor: String, host: String?, pid: Int32, now: Date, timeout: TimeInterval,
                        takeOverFrom: String?, lockWait: TimeInterval?) throws(JournalError) -> LeaseClaim {
        let journal = journalID
        return try transaction(lockWait) { db in
            // The journal's row is the lock every write to the journal takes: two war rooms checking in at once take turns.
            try db.query("SELECT 1 FROM warroom_journals WHERE id = \(journal) FOR UPDATE")
            try db.query("""
                INSERT INTO warroom_presence (journal, session, actor, host, pid, seen_at)
                VALUES (\(journal), \(session), \(actor), \(host), \(Int(pid)), clock_timestamp())
                ON CONFLICT (journal, session) DO UPDATE SET
                    actor = excluded.actor, host = excluded.host, pid = excluded.pid, seen_at = excluded.seen_at
                """)
            let current = try storedLease(db)
            let reason: String
            switch StoredLease.checkIn(current, session: session, takeOverFrom: takeOverFrom, timeout: timeout) {
            case .renew:
                try db.query("""
                    UPDATE warroom_leases SET renewed = \(now.timeIntervalSince1970), renewed_at = clock_timestamp()
                    WHERE journal = \(journal)
                    """)
                return .renewed
            case .leave(let holder):
                return .heldBy(holder)
            case .take(let why):
                reason = why
            }
            let seconds = now.timeIntervalSince1970
            try db.query("""
                INSERT INTO warroom_leases (journal, session, actor, host, pid, acquired, renewed, renewed_at, released)
                VALUES (\(journal), \(session), \(actor), \(host), \(Int(pid)), \(seconds), \(seconds), clock_timestamp(), false)
                ON CONFLICT (journal) DO UPDATE SET
                    session = excluded.session, actor = excluded.actor, host = excluded.host, pid = excluded.pid,
                    acquired = excluded.acquired, renewed = excluded.renewed, renewed_at = excluded.renewed_at,
                    released = false
                """)
            let entry = JournalEntry(time: now, actor: actor, session: session, event: .evaluatorChanged(
                host: host, previous: current?.holder.session, reason: reason))
            let stored = try insert([PendingEntry(entry: entry)], payloads: encode([entry]), db)[0]
            return .acquired(previous: current?.holder, entry: stored)
        }
    }

    @discardableResult
    public func releaseLease(session: String, lockWait: TimeInterval?) throws(JournalError) -> Bool {
        try transaction(lockWait) { db in
            try db.query("DELETE FROM warroom_presence WHERE journal = \(journalID) AND session = \(session)")
            return !(try db.query("""
                UPDATE warroom_leases SET released = true
                WHERE journal = \(journalID) AND session = \(session) AND NOT released RETURNING 1
                """).isEmpty)
        }
    }

    public func leaseHolder() throws(JournalError) -> LeaseHolder? {
        try run(nil) { db in try storedLease(db).flatMap { $0.released ? nil : $0.holder } }
    }

    public func presence() throws(JournalError) -> [Presence] {
        try run(nil) { db in
            let now = Date()
            return try db.query("""
                SELECT session, actor, host, pid, EXTRACT(EPOCH FROM clock_timestamp() - seen_at)::float8
                FROM warroom_presence WHERE journal = \(journalID) ORDER BY seen_at, session
                """).map { row in
                let (session, actor, host, pid, silence) = try row.decode((String, String, String?, Int, Double).self)
                return Presence(session: session, actor: actor, host: host, pid: Int32(clamping: pid), seen: now - silence)
            }
        }
    }

    @discardableResult
    public func append(asEvaluator session: String, _ entries: [JournalEntry], after expectedSeq: Int64,
                       lockWait: TimeInterval?) throws(JournalError) -> [JournalEntry] {
        let payloads = try encode(entries)
        return try transaction(lockWait) { db in
            try db.query("SELECT 1 FROM warroom_journals WHERE id = \(journalID) FOR UPDATE")
            let lease = try storedLease(db)
            guard let lease, !lease.released, lease.holder.session == session else {
                throw JournalError.notEvaluator(path: location, holder: lease.flatMap { $0.released ? nil : $0.holder.actor })
            }
            guard try lastSeq(db) == expectedSeq else { throw JournalError.moved(path: location) }
            return try insert(entries.map { PendingEntry(entry: $0) }, payloads: payloads, db)
        }
    }

    // MARK: Checkpoints

    public func writeCheckpoint(_ checkpoint: FoldedState, plan: Plan, lockWait: TimeInterval?) throws(JournalError) {
        let state: String, planHash: String
        do {
            state = try JournalJSON.encode(checkpoint)
            planHash = JournalJSON.fingerprint(try JournalJSON.encode(plan))
        } catch {
            throw JournalError.undecodable(path: location, what: "a checkpoint", detail: "\(error)")
        }
        try transaction(lockWait) { db in
            try db.query("""
                INSERT INTO warroom_checkpoints (journal, seq, entries, format, plan_hash, state)
                VALUES (\(journalID), \(checkpoint.journalSeq), \(Int64(checkpoint.entryCount)), \(FoldedState.format), \(planHash), \(state))
                """)
            try db.query("""
                DELETE FROM warroom_checkpoints WHERE journal = \(journalID) AND ctid NOT IN (
                    SELECT ctid FROM warroom_checkpoints WHERE journal = \(journalID)
                    ORDER BY seq DESC, written_at DESC LIMIT \(Journal.checkpointsKept))
                """)
        }
    }

    public func latestCheckpoint(format: Int, plan: Plan) -> FoldedState? {
        guard let planText = try? JournalJSON.encode(plan) else { return nil }
        let hash = JournalJSON.fingerprint(planText)
        let row = try? run(nil) { db in
            try db.query("""
                SELECT seq, state FROM warroom_checkpoints
                WHERE journal = \(journalID) AND format = \(format) AND plan_hash = \(hash)
                ORDER BY seq DESC, written_at DESC LIMIT 1
                """).first?.decode((Int64, String).self)
        }
        guard let (seq, state) = row ?? nil,
              let checkpoint = try? JournalJSON.makeDecoder().decode(FoldedState.self, from: Data(state.utf8)),
              checkpoint.journalSeq == seq else { return nil }
        return checkpoint
    }

    // MARK: Writing

    /// Inserts `pending` in order inside the caller's transaction, which holds the journal's row: it hands out the
    /// seqs, so appends to one journal take turns and seqs commit in order without gaps. An id already stored comes
    /// back as first stored. Every war room listening is told once the transaction commits.
    private func insert(_ pending: [PendingEntry], payloads: [String], _ db: PostgresLink.Session) throws -> [JournalEntry] {
        let journal = journalID
        var last = try db.query("SELECT last_seq FROM warroom_journals WHERE id = \(journal) FOR UPDATE")
            .first?.decode(Int64.self) ?? 0
        var existing: [UUID: (seq: Int64, time: Double, actor: String, session: String)] = [:]
        for row in try db.query("""
            SELECT id, seq, time, actor, session FROM warroom_entries WHERE journal = \(journal) AND id = ANY(\(pending.map(\.id)))
            """) {
            let (id, seq, time, actor, session) = try row.decode((UUID, Int64, Double, String, String).self)
            existing[id] = (seq, time, actor, session)
        }
        var stored: [JournalEntry] = []
        var new: [(id: UUID, entry: JournalEntry, payload: String)] = []
        for (item, payload) in zip(pending, payloads) {
            var entry = item.entry
            if let found = existing[item.id] {
                (entry.seq, entry.time, entry.actor, entry.session) =
                    (found.seq, Date(timeIntervalSince1970: found.time), found.actor, found.session)
            } else {
                last += 1
                entry.seq = last
                existing[item.id] = (last, entry.time.timeIntervalSince1970, entry.actor, entry.session)
                new.append((item.id, entry, payload))
            }
            stored.append(entry)
        }
        guard !new.isEmpty else { return stored }
        try db.query("""
            INSERT INTO warroom_entries (journal, seq, id, time, actor, session, kind, payload)
            SELECT \(journal), * FROM unnest(\(new.map(\.entry.seq)), \(new.map(\.id)),
                \(new.map { $0.entry.time.timeIntervalSince1970 }), \(new.map(\.entry.actor)), \(new.map(\.entry.session)),
                \(new.map(\.entry.event.kind)), \(new.map(\.payload)))
            """)
        try db.query("UPDATE warroom_journals SET last_seq = \(last) WHERE id = \(journal)")
        try db.query("SELECT pg_notify(\(PostgresSchema.channel), \("\(journal):\(last)"))")
        return stored
    }

    private func lastSeq(_ db: PostgresLink.Session) throws -> Int64 {
        try db.query("SELECT last_seq FROM warroom_journals WHERE id = \(journalID)").first?.decode(Int64.self) ?? 0
    }

    private func encode(_ entries: [JournalEntry]) throws(JournalError) -> [String] {
        do {
            let encoder = JournalJSON.makeEncoder()
            return try entries.map { try JournalJSON.encode($0.event, using: encoder) }
        } catch {
            throw JournalError.undecodable(path: location, what: "an entry to append", detail: "\(error)")
        }
    }

    // MARK: Reading the lease

    private func storedLease(_ db: PostgresLink.Session) throws -> StoredLease? {
        guard let row = try db.query("""
            SELECT session, actor, host, pid, acquired, released,
                   EXTRACT(EPOCH FROM clock_timestamp() - renewed_at)::float8
            FROM warroom_leases WHERE journal = \(journalID)
            """).first else { return nil }
        let (session, actor, host, pid, acquired, released, silence) =
            try row.decode((String, String, String?, Int, Double, Bool, Double).self)
        // Shown on this machine's clock: the renewal as long ago as the server says, not as the holder's clock read.
        let holder = LeaseHolder(session: session, actor: actor, host: host, pid: Int32(clamping: pid),
                                 acquired: Date(timeIntervalSince1970: acquired), renewed: Date() - silence)
        return StoredLease(holder: holder, released: released, silence: silence)
    }


    // MARK: Connecting

    private func run<T>(_ wait: TimeInterval?, _ body: (PostgresLink.Session) throws -> T) throws(JournalError) -> T {
        try connection.run(deadline: deadline(wait), body)
    }

    private func transaction<T>(_ wait: TimeInterval?, _ body: (PostgresLink.Session) throws -> T) throws(JournalError) -> T {
        try connection.transaction(deadline: deadline(wait), body)
    }

    private func deadline(_ wait: TimeInterval?) -> TimeInterval {
        max(wait ?? patience, Self.shortestDeadline)
    }

    static func configuration(_ address: PostgresAddress) throws(JournalError) -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(host: address.host, port: address.port, username: address.user,
                                                             password: address.password, database: address.database,
                                                             tls: try tlsMode(address))
        configuration.options.connectTimeout = .seconds(Int64(address.connectTimeout ?? Int(PostgresLink.defaultConnectTimeout)))
        return configuration
    }

    /// libpq's sslmodes in NIOSSL's terms: `prefer` and `require` encrypt without checking whom to, `verify-ca` checks
    /// the certificate's chain, `verify-full` its chain and the host's name.
    private static func tlsMode(_ address: PostgresAddress) throws(JournalError) -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch address.tls {
        case .disable: return .disable
        case .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let root = address.rootCertificate { configuration.trustRoots = .file(root) }
        do {
            let context = try NIOSSLContext(configuration: configuration)
            return address.tls == .prefer ? .prefer(context) : .require(context)
        } catch {
            // The trust roots are what the context reads from disk; nothing else in it can fail on a good build.
            let detail = address.rootCertificate.map {
                "sslrootcert=\($0) is not a readable file of PEM certificates (\(error)): name the file of the CA that signed the server's certificate"
            } ?? "cannot set up TLS (\(error))"
            throw JournalError.refused(url: address.redacted, detail: detail)
        }
    }
}

/// Passes the database's notifications about one journal to whoever ``PostgresJournal/onChange(_:)`` named.
final class NotificationRelay: Sendable {
    private let state = Mutex<(journal: Int64?, wake: (@Sendable () -> Void)?)>((nil, nil))

    func journal(_ id: Int64) { state.withLock { $0.journal = id } }
    func wake(_ wake: @escaping @Sendable () -> Void) { state.withLock { $0.wake = wake } }

    /// A payload is `<journal id>:<seq>`; nil means a new connection, after which anything may have landed.
    func notified(_ payload: String?) {
        let wake = state.withLock { state -> (@Sendable () -> Void)? in
            guard let journal = state.journal else { return nil }
            if let payload, !payload.hasPrefix("\(journal):") { return nil }
            return state.wake
        }
        wake?()
    }
}
