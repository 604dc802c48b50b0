import Foundation
import GRDB
import WarRoomCore

/// The durable session journal: one SQLite file per release, appended to by every attached process.
///
/// Human-visible state is the fold of its entries, so reading them all back resumes a session.
public final class Journal: JournalStore {
    /// The file this journal lives in, as given.
    public let path: String
    /// Internal, not private: failure tests set per-connection limits on it (`PRAGMA max_page_count`).
    let queue: DatabaseQueue

    /// How long a write waits for another process's lock before it reports the journal busy.
    static let busyTimeout: TimeInterval = 5

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    /// Opens the journal at `path` for `plan`, creating it (mode 0600) when missing.
    ///
    /// An existing journal must have been started for the same plan (by content hash) unless `force`,
    /// in which case `plan` replaces the stored one.
    public static func open(path: String, plan: Plan, force: Bool = false) throws(JournalError) -> Journal {
        try JournalFile.requireDirectory(of: path)
        let journal: Journal
        if try JournalFile.exists(path), !JournalFile.isEmpty(path) {
            journal = try openExisting(path: path)
        } else {
            try JournalFile.createPrivate(path)  // an empty file another process just created is taken as it is
            journal = try writer(path)
        }
        try journal.adopt(plan, force: force)
        return journal
    }

    /// Opens an existing journal for appending without a plan, as `warroom note` does; never creates a
    /// file. The file is checked read-only first, so something that is not a journal is refused untouched
    /// (a read-write connection would already switch it to WAL).
    public static func openExisting(path: String) throws(JournalError) -> Journal {
        _ = try openForReading(path: path)
        try JournalFile.requireWritable(path)
        return try writer(path)
    }

    /// A read-write connection with the schema migrated to this version.
    private static func writer(_ path: String) throws(JournalError) -> Journal {
        let journal = Journal(path: path, queue: try connect(path, readonly: false))
        try journal.prepareSchema()
        return journal
    }

    /// Opens an existing journal read-only, for export and replay; never creates a file.
    public static func openForReading(path: String) throws(JournalError) -> Journal {
        guard try JournalFile.exists(path) else { throw .fileMissing(path: path) }
        if JournalFile.isEmpty(path) { throw .emptyFile(path: path) }
        do throws(JournalError) {
            return try reader(path, location: path)
        } catch {
            // A WAL reader must create the -shm beside the file, which fails in a directory it may not write
            // (an archived journal, another user's). With no -wal there, the file itself holds every entry and
            // can be read as immutable; with one, the entries in it would be missed, so the error stands.
            let shmRefused = switch error { case .unreadable, .readOnly: true; default: false }
            guard shmRefused, access(path, R_OK) == 0,
                  !FileManager.default.fileExists(atPath: path + "-wal") else { throw error }
            let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
            guard let journal = try? reader(path, location: "file:\(encoded)?immutable=1") else { throw error }
            return journal
        }
    }

    private static func reader(_ path: String, location: String) throws(JournalError) -> Journal {
        let journal = Journal(path: path, queue: try connect(path, readonly: true, location: location))
        try journal.guarding {
            try journal.queue.read { db in try journal.requireJournal(db, allowEmpty: false) }
        }
        return journal
    }

    /// A release's journal name, `checkout-service-2.14.0`: the middle of its default file name, and its default
    /// name in a PostgreSQL database, so one release's journal is called the same wherever it lives.
    public static func defaultName(for plan: Plan) -> String {
        "\(safeName(plan.release.name))-\(safeName(plan.release.version))"
    }

    /// Where a plan's journal goes by default: `warroom-checkout-service-2.14.0.sqlite` in `directory`.
    public static func defaultPath(for plan: Plan, in directory: String) -> String {
        let name = defaultPrefix + defaultName(for: plan) + defaultSuffix
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// True for a file name ``defaultPath(for:in:)`` could have given: how `warroom note` finds the journal.
    public static func isDefaultName(_ name: String) -> Bool {
        name.hasPrefix(defaultPrefix) && name.hasSuffix(defaultSuffix)
    }

    private static let defaultPrefix = "warroom-", defaultSuffix = ".sqlite"

    public var location: String { path }

    /// A file journal is folded twice a second and has no connection to lose.
    public var link: JournalLink? { nil }
    public func onChange(_ wake: @escaping @Sendable () -> Void) {}

    /// Stores entries durably (the write is synced before this returns) in one transaction, all or none, in order,
    /// and gives each its `seq`; one sync for a batch recorded at once (an import, a benchmark's journal). An entry
    /// whose id is already stored comes back as stored then. `lockWait` shortens the wait for another process's lock,
    /// for a caller that retries anyway and must not stall (the screen); nil waits the usual ``busyTimeout``.
    @discardableResult
    public func append(_ entries: [PendingEntry], lockWait: TimeInterval?) throws(JournalError) -> [JournalEntry] {
        try guarding {
            let payloads = try Self.payloads(of: entries.map(\.entry))
            return try write(lockWait: lockWait) { db in try Self.insert(entries, payloads: payloads, into: db) }
        }
    }

    /// Each entry's `events.payload` text. Encoded before the write lock is taken, so the lock is held for the
    /// inserts alone.
    static func payloads(of entries: [JournalEntry]) throws -> [String] {
        let encoder = JournalJSON.makeEncoder()
        return try entries.map { try JournalJSON.encode($0.event, using: encoder) }
    }

    /// Inserts `entries` in order, with their `payloads` from ``payloads(of:)``, inside the caller's write
    /// transaction; returns them with their `seq`. An entry whose id is stored already is not inserted again and comes
    /// back as first stored. Every path that journals an entry goes through here.
    static func insert(_ entries: [PendingEntry], payloads: [String], into db: Database) throws -> [JournalEntry] {
        let find = try db.cachedStatement(sql: "SELECT seq, time, actor, session FROM events WHERE id = ?")
        let statement = try db.cachedStatement(
            sql: "INSERT INTO events (id, time, actor, session, kind, payload) VALUES (?, ?, ?, ?, ?, ?)")
        return try zip(entries, payloads).map { pending, payload in
            let id = pending.id.uuidString.lowercased()
            if let row = try Row.fetchOne(find, arguments: [id]) {
                return JournalEntry(seq: row[0], time: Date(timeIntervalSince1970: row[1]), actor: row[2], session: row[3],
                                    event: pending.entry.event)
            }
            let entry = pending.entry
            try statement.execute(arguments: [id, entry.time.timeIntervalSince1970, entry.actor, entry.session,
                                              entry.event.kind, payload])
            var stored = entry
            stored.seq = db.lastInsertedRowID
            return stored
        }
    }

    /// One IMMEDIATE write transaction, waiting `lockWait` (or the usual ``busyTimeout``) for the lock.
    func write<T>(lockWait: TimeInterval?, _ body: (Database) throws -> T) throws -> T {
        guard let lockWait else { return try queue.write(body) }
        return try queue.inDatabase { db in
            try db.execute(sql: "PRAGMA busy_timeout = \(Int(lockWait * 1000))")
            defer { try? db.execute(sql: "PRAGMA busy_timeout = \(Int(Self.busyTimeout * 1000))") }
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    /// Every entry with a `seq` above `seq`, oldest first; polling with the last seen `seq` picks up
    /// what other processes appended.
    public func entries(after seq: Int64) throws(JournalError) -> [JournalEntry] {
        try read(after: seq).entries
    }

    /// Every entry with its payload text as stored, oldest first, for the JSON exports.
    public func storedEntries(after seq: Int64) throws(JournalError) -> [StoredEntry] {
        let (entries, payloads, _) = try read(after: seq)
        return try guarding {
            let encoder = JournalJSON.makeEncoder()
            return try zip(entries, payloads).map { try StoredEntry($0, stored: $1, encoder: encoder) }
        }
    }

    /// Every entry with its id, oldest first. An entry journaled before v5 has none stored and gets
    /// ``PendingEntry/derivedID(journal:seq:)`` from this journal's identity, the same at every read.
    public func identifiedEntries(after seq: Int64) throws(JournalError) -> [PendingEntry] {
        let (entries, _, ids) = try read(after: seq, withIDs: true)
        let identity = try identity()
        return zip(entries, ids).map { entry, id in
            PendingEntry(id: id.flatMap(UUID.init(uuidString:)) ?? PendingEntry.derivedID(journal: identity, seq: entry.seq),
                         entry: entry)
        }
    }

    /// What tells this journal from another for ``PendingEntry/derivedID(journal:seq:)``: its plan hash and the time
    /// it was created. The plan hash alone would be shared by two journals started from one plan file (two solo war
    /// rooms of one release), whose entries would then look like copies of each other's and be skipped.
    private func identity() throws(JournalError) -> String {
        let (planHash, createdAt) = try guarding {
            try queue.read { db in
                (try Self.meta(db, JournalSchema.Key.planHash), try Self.meta(db, JournalSchema.Key.createdAt))
            }
        }
        guard let planHash else { throw JournalError.notAJournal(path: path) }
        return "\(planHash)/\(createdAt ?? "")"
    }

    /// The entries above `seq` and their payloads as stored; with `withIDs`, their ids too (nil where none is stored,
    /// and for every entry of a file no v5 warroom has written, which has no `id` column: a reader never migrates).
    private func read(after seq: Int64, withIDs: Bool = false) throws(JournalError)
        -> (entries: [JournalEntry], payloads: [Data], ids: [String?]) {
        try guarding {
            let (rows, payloads, ids) = try queue.read { db in
                var rows: [(seq: Int64, time: Double, actor: String, session: String)] = []
                var payloads: [Data] = []
                var ids: [String?] = []
                let idColumn = try (withIDs && db.columns(in: "events").contains { $0.name == "id" }) ? "id" : "NULL"
                // Columns by position: looking them up by name costs more than reading them.
                let cursor = try Row.fetchCursor(
                    db, sql: "SELECT seq, time, actor, session, payload, \(idColumn) FROM events WHERE seq > ? ORDER BY seq",
                    arguments: [seq])
                while let row = try cursor.next() {
                    rows.append((row[0], row[1], row[2], row[3]))
                    payloads.append(row[4])
                    if withIDs { ids.append(row[5]) }
                }
                return (rows, payloads, ids)
            }
            let events = try decodeEvents(payloads, seqs: rows.map(\.seq))
            let entries = zip(rows, events).map { row, event in
                JournalEntry(seq: row.seq, time: Date(timeIntervalSince1970: row.time), actor: row.actor,
                             session: row.session, event: event)
            }
            return (entries, payloads, ids)
        }
    }

    /// The time of the newest entry, without reading any other; nil for a journal with none.
    public func lastEntryTime() throws(JournalError) -> Date? {
        try guarding {
            try queue.read { db in try Double.fetchOne(db, sql: "SELECT time FROM events ORDER BY seq DESC LIMIT 1") }
                .map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Payloads decoded as JSON arrays, a chunk per core, several times faster than one decode each (resume
    /// reads 100,000 of them); when that fails, one by one, to name the entry that does not decode.
    private func decodeEvents(_ payloads: [Data], seqs: [Int64]) throws(JournalError) -> [JournalEvent] {
        guard !payloads.isEmpty else { return [] }
        let chunks = try? Chunked.map(payloads) { chunk in
            var array = Data("[".utf8)
            array.reserveCapacity(chunk.reduce(2) { $0 + $1.count + 1 })
            for (index, payload) in chunk.enumerated() {
                if index > 0 { array.append(UInt8(ascii: ",")) }
                array.append(payload)
            }
            array.append(UInt8(ascii: "]"))
            return try JournalJSON.makeDecoder().decode([JournalEvent].self, from: array)
        }
        if let events = chunks?.flatMap({ $0 }), events.count == payloads.count { return events }
        let decoder = JournalJSON.makeDecoder()
        var events: [JournalEvent] = []
        for (seq, payload) in zip(seqs, payloads) {
            do {
                events.append(try decoder.decode(JournalEvent.self, from: payload))
            } catch {
                throw JournalError.undecodable(path: path, what: "entry \(seq)", detail: "\(error)")
            }
        }
        return events
    }

    /// Stores downsampled samples in one transaction. A window already stored (by this process or another
    /// attached to the same journal) is kept as it is: the first writer's figures stand. `lockWait` as for
    /// ``append(_:lockWait:)``.
    public func append(samples: [SampleBucket], lockWait: TimeInterval?) throws(JournalError) {
        guard !samples.isEmpty else { return }
        try guarding {
            try write(lockWait: lockWait) { db in
                let statement = try db.cachedStatement(sql: """
                    INSERT INTO samples (metric, start, width, count, min, max, sum, last) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (metric, start) DO NOTHING
                    """)
                for bucket in samples {
                    try statement.execute(arguments: [
                        bucket.metric, bucket.start.timeIntervalSince1970, bucket.width, bucket.count,
                        bucket.min, bucket.max, bucket.sum, bucket.last])
                }
            }
        }
    }

    /// The stored samples, of one metric or all, in time order.
    public func samples(of metric: String?) throws(JournalError) -> [SampleBucket] {
        try guarding {
            try queue.read { db in
                let filter = metric == nil ? "" : "WHERE metric = ?"
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT metric, start, width, count, min, max, sum, last FROM samples \(filter) ORDER BY start, metric",
                    arguments: StatementArguments(metric.map { [$0] } ?? []))
                var buckets: [SampleBucket] = []
                while let row = try rows.next() {
                    buckets.append(SampleBucket(
                        metric: row["metric"], start: Date(timeIntervalSince1970: row["start"]), width: row["width"],
                        count: row["count"], min: row["min"], max: row["max"], sum: row["sum"], last: row["last"]))
                }
                return buckets
            }
        }
    }

    /// The plan this journal was started with (or last forced to).
    public func storedPlan() throws(JournalError) -> Plan {
        try guarding {
            let text = try queue.read { db in try Self.meta(db, JournalSchema.Key.plan) }
            guard let text else { throw JournalError.notAJournal(path: path) }
            do {
                return try JournalJSON.decode(Plan.self, from: text)
            } catch {
                throw JournalError.undecodable(path: path, what: "the stored plan", detail: "\(error)")
            }
        }
    }

    // MARK: Opening

    /// `location` is what SQLite opens when it is not `path` itself (an `immutable` URI); errors name `path`.
    private static func connect(_ path: String, readonly: Bool, location: String? = nil) throws(JournalError) -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = readonly
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "warroom.journal"
        configuration.prepareDatabase { db in
            guard !readonly else { return }
            // WAL lets readers in other processes proceed while one writes; FULL syncs the WAL on every
            // commit, so an entry the screen confirmed survives a power cut.
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            guard mode?.lowercased() == "wal" else {
                throw JournalError.database(path: path, detail: "could not switch to WAL mode (got \(mode ?? "none"))")
            }
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return try guarding(path) { try DatabaseQueue(path: location ?? path, configuration: configuration) }
    }

    /// Runs the migrations, refusing files that are somebody else's database or a newer journal.
    private func prepareSchema() throws(JournalError) {
        try guarding {
            try queue.read { db in try requireJournal(db, allowEmpty: true) }
            try JournalSchema.migrator.migrate(queue)
        }
    }

    /// Checks that the database is a journal this version can read; an empty one passes when allowed.
    private func requireJournal(_ db: Database, allowEmpty: Bool) throws {
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        if tables.isEmpty && allowEmpty { return }
        guard tables.contains("meta") else { throw JournalError.notAJournal(path: path) }
        guard try Self.meta(db, JournalSchema.Key.format) == JournalSchema.format else { throw JournalError.notAJournal(path: path) }
        if try JournalSchema.migrator.hasBeenSuperseded(db) { throw JournalError.newerFormat(path: path) }
    }

    /// Records the plan in a new journal, or checks it against the one already there: a plan for the same release
    /// that differs is the caller's to weigh as an amendment (the journal keeps its own plan, amendments are
    /// entries); a plan for another release is refused unless `force`, which replaces the journal's plan.
    private func adopt(_ plan: Plan, force: Bool) throws(JournalError) {
        try guarding {
            let json = try JournalJSON.encode(plan)
            let hash = JournalJSON.fingerprint(json)
            // One write transaction, so two processes opening a new journal at once cannot both claim it.
            try queue.write { db in
                let stored = try Self.meta(db, JournalSchema.Key.planHash)
                if stored == hash { return }
                if stored != nil, !force {
                    let storedPlan = try Self.meta(db, JournalSchema.Key.plan)
                        .flatMap { try? JournalJSON.decode(Plan.self, from: $0) }
                    if let storedPlan, storedPlan.release.name == plan.release.name,
                       storedPlan.release.version == plan.release.version { return }
                    throw JournalError.planMismatch(
                        path: path, stored: storedPlan.map { Self.describe($0) } ?? "another plan (hash \(stored ?? ""))",
                        given: Self.describe(plan))
                }
                let now = Date().formatted(.iso8601)
                let upsert = """
                    INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value
                    """
                try db.execute(sql: upsert, arguments: [JournalSchema.Key.plan, json])
                try db.execute(sql: upsert, arguments: [JournalSchema.Key.planHash, hash])
                try db.execute(sql: "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                               arguments: [JournalSchema.Key.createdAt, now])
            }
        }
    }

    private static func meta(_ db: Database, _ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }

    private static func describe(_ plan: Plan) -> String { "\(plan.release.name) \(plan.release.version)" }

    /// Lowercase letters, digits, `.` and `-` only, so the name is safe in any shell and file system.
    private static func safeName(_ text: String) -> String {
        var name = ""
        for scalar in text.lowercased().unicodeScalars {
            let safe = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_"
            if safe {
                name.unicodeScalars.append(scalar)
            } else if !name.hasSuffix("-") {
                name += "-"
            }
        }
        let trimmed = name.trimmingCharacters(in: CharacterSet(charactersIn: "-."))
        return trimmed.isEmpty ? "release" : trimmed
    }

    // MARK: Errors

    func guarding<T>(_ body: () throws -> T) throws(JournalError) -> T {
        try Self.guarding(path, body)
    }

    /// Turns whatever SQLite or Foundation threw into a ``JournalError`` that names the file.
    private static func guarding<T>(_ path: String, _ body: () throws -> T) throws(JournalError) -> T {
        do {
            return try body()
        } catch let error as JournalError {
            throw error
        } catch let error as DatabaseError {
            throw JournalError(path: path, database: error)
        } catch {
            throw .database(path: path, detail: "\(error)")
        }
    }
}

extension JournalError {
    /// Sorts SQLite's result codes into the failures a person can act on.
    init(path: String, database error: DatabaseError) {
        let detail = error.message ?? "SQLite error \(error.resultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_NOTADB: self = .notADatabase(path: path)
        case .SQLITE_CORRUPT: self = .corrupt(path: path, detail: detail)
        case .SQLITE_READONLY: self = .readOnly(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy(path: path)
        case .SQLITE_FULL: self = .diskFull(path: path)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH: self = .unreadable(path: path, detail: detail)
        case .SQLITE_IOERR: self = .ioError(path: path, detail: detail)
        default: self = .database(path: path, detail: detail)
        }
    }
}
