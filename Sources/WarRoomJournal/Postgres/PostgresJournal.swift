import Foundation
import Logging
import NIOSSL
import PostgresNIO
import WarRoomCore

/// An entry on its way into a shared journal, with the id that makes writing it again harmless: a retry after a lost
/// answer, or a spool replayed after a crash, stores it once.
public struct PendingEntry: Sendable, Hashable {
    public var id: UUID
    public var entry: JournalEntry

    public init(id: UUID = UUID(), entry: JournalEntry) {
        self.id = id
        self.entry = entry
    }
}

/// A journal in a PostgreSQL database that many war rooms on many machines share. One schema holds the journals of
/// many releases (a journal is one release in it); the database orders each journal's entries, gap-free, in the
/// order they commit, so a reader that has seen entry N has seen every entry before it.
public actor PostgresJournal {
    public let address: PostgresAddress
    /// The journal's name in the schema: by default `<release>-<version>`, as a file journal's name has it.
    public let name: String
    private let connection: PostgresConnection
    private let journalID: Int64

    /// PostgresNIO logs through swift-log; a war room's terminal is no place for a driver's messages.
    static let logger: Logger = {
        var logger = Logger(label: "warroom.postgres")
        logger.logLevel = .critical
        return logger
    }()

    private init(address: PostgresAddress, name: String, connection: PostgresConnection, journalID: Int64) {
        self.address = address
        self.name = name
        self.connection = connection
        self.journalID = journalID
    }

    /// Connects, brings the schema up to date, and opens the journal `name`, creating it with `plan` when it is new.
    public static func open(_ address: PostgresAddress, name: String, plan: Plan) async throws(JournalError) -> PostgresJournal {
        let connection = try await connect(address)
        do throws(JournalError) {
            try await PostgresSchema.migrate(connection, url: address.redacted)
            let planText: String
            do { planText = try JournalJSON.encode(plan) } catch {
                throw JournalError.undecodable(path: address.redacted, what: "the plan", detail: "\(error)")
            }
            let id = try await guarding(address) {
                try await connection.query("""
                    INSERT INTO warroom_journals (name, plan, plan_hash) VALUES (\(name), \(planText), \(JournalJSON.fingerprint(planText)))
                    ON CONFLICT (name) DO NOTHING
                    """, logger: logger)
                let rows = try await connection.query("SELECT id FROM warroom_journals WHERE name = \(name)", logger: logger)
                for try await id in rows.decode(Int64.self) { return id }
                throw JournalError.database(path: address.redacted, detail: "journal '\(name)' vanished as it was made")
            }
            return PostgresJournal(address: address, name: name, connection: connection, journalID: id)
        } catch {
            try? await connection.close()
            throw error
        }
    }

    public func close() async {
        try? await connection.close()
    }

    /// The plan the journal was created with.
    public func storedPlan() async throws(JournalError) -> Plan {
        let text = try await Self.guarding(address) {
            let rows = try await connection.query("SELECT plan FROM warroom_journals WHERE id = \(journalID)", logger: Self.logger)
            for try await plan in rows.decode(String.self) { return plan }
            return ""
        }
        do {
            return try JournalJSON.decode(Plan.self, from: text)
        } catch {
            throw JournalError.undecodable(path: address.redacted, what: "the journal's plan", detail: "\(error)")
        }
    }

    /// Appends entries in one transaction and returns them as stored, each with the `seq` the database gave it. An
    /// entry whose id is already in the journal is not stored again: it comes back as it was stored the first time.
    /// Every war room listening on the journal is told once the transaction commits.
    @discardableResult
    public func append(_ pending: [PendingEntry]) async throws(JournalError) -> [JournalEntry] {
        guard !pending.isEmpty else { return [] }
        let stored = try pending.map { item throws(JournalError) in
            do { return (item, try StoredEntry(item.entry).payload) } catch {
                throw JournalError.undecodable(path: address.redacted, what: "an entry to append", detail: "\(error)")
            }
        }
        let journal = journalID
        return try await Self.guarding(address) {
            try await connection.withTransaction(logger: Self.logger) { connection in
                // The journal's row, locked until commit, hands out the seqs: appends to one journal take turns, so
                // seqs commit in order and without gaps.
                var last: Int64 = 0
                let lock = try await connection.query(
                    "SELECT last_seq FROM warroom_journals WHERE id = \(journal) FOR UPDATE", logger: Self.logger)
                for try await seq in lock.decode(Int64.self) { last = seq }
                var entries: [JournalEntry] = []
                for (item, payload) in stored {
                    let existing = try await connection.query(
                        "SELECT seq, time, actor, session FROM warroom_entries WHERE journal = \(journal) AND id = \(item.id)",
                        logger: Self.logger)
                    var found: JournalEntry?
                    for try await (seq, time, actor, session) in existing.decode((Int64, Double, String, String).self) {
                        found = JournalEntry(seq: seq, time: Date(timeIntervalSince1970: time), actor: actor, session: session,
                                             event: item.entry.event)
                    }
                    if let found {
                        entries.append(found)
                        continue
                    }
                    last += 1
                    var entry = item.entry
                    entry.seq = last
                    try await connection.query("""
                        INSERT INTO warroom_entries (journal, seq, id, time, actor, session, kind, payload)
                        VALUES (\(journal), \(last), \(item.id), \(entry.time.timeIntervalSince1970), \(entry.actor),
                                \(entry.session), \(entry.event.kind), \(payload))
                        """, logger: Self.logger)
                    entries.append(entry)
                }
                try await connection.query(
                    "UPDATE warroom_journals SET last_seq = \(last) WHERE id = \(journal)", logger: Self.logger)
                try await connection.query(
                    "SELECT pg_notify(\(PostgresSchema.channel), \("\(journal):\(last)"))", logger: Self.logger)
                return entries
            }
        }
    }

    /// Every entry with a `seq` above `seq`, oldest first.
    public func entries(after seq: Int64 = 0) async throws(JournalError) -> [JournalEntry] {
        let rows = try await Self.guarding(address) {
            let rows = try await connection.query("""
                SELECT seq, time, actor, session, payload FROM warroom_entries
                WHERE journal = \(journalID) AND seq > \(seq) ORDER BY seq
                """, logger: Self.logger)
            var read: [(Int64, Double, String, String, String)] = []
            for try await row in rows.decode((Int64, Double, String, String, String).self) { read.append(row) }
            return read
        }
        let decoder = JournalJSON.makeDecoder()
        return try rows.map { seq, time, actor, session, payload throws(JournalError) in
            do {
                let event = try decoder.decode(JournalEvent.self, from: Data(payload.utf8))
                return JournalEntry(seq: seq, time: Date(timeIntervalSince1970: time), actor: actor, session: session, event: event)
            } catch {
                throw JournalError.undecodable(path: address.redacted, what: "entry \(seq)", detail: "\(error)")
            }
        }
    }

    // MARK: Connecting

    static func connect(_ address: PostgresAddress) async throws(JournalError) -> PostgresConnection {
        let tls = try tlsMode(address)
        var configuration = PostgresConnection.Configuration(host: address.host, port: address.port, username: address.user,
                                                             password: address.password, database: address.database, tls: tls)
        configuration.options.connectTimeout = .seconds(Int64(address.connectTimeout ?? 10))
        return try await guarding(address) {
            try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        }
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
            throw JournalError.refused(url: address.redacted, detail: "cannot set up TLS (\(error)); check sslrootcert")
        }
    }

    /// Runs `body`, turning whatever the driver throws into a ``JournalError`` a person can act on.
    static func guarding<T>(_ address: PostgresAddress, isolation: isolated (any Actor)? = #isolation,
                            _ body: () async throws -> T) async throws(JournalError) -> T {
        do {
            return try await body()
        } catch let error as JournalError {
            throw error
        } catch {
            throw PostgresFailure.journalError(error, address: address)
        }
    }
}
