import Foundation
import PostgresNIO
import Testing
import WarRoomCore
@testable import WarRoomJournal

/// The private cluster's URL, password included (a throwaway test cluster).
let testPostgres = ProcessInfo.processInfo.environment["WARROOM_TEST_POSTGRES"]

/// The shared journal on a real PostgreSQL: the private cluster `scripts/test` starts and names in
/// `WARROOM_TEST_POSTGRES`. Each test has journals (or a database) of its own.
@Suite(.enabled(if: testPostgres != nil, "WARROOM_TEST_POSTGRES is not set (scripts/test starts a cluster)"),
       .timeLimit(.minutes(1)))
struct PostgresJournalTests {
    static let url = testPostgres

    func address(database: String? = nil) throws -> PostgresAddress {
        var address = try PostgresAddress(url: try #require(Self.url), environment: [:])
        if let database { address.database = database }
        return address
    }

    func entry(_ index: Int, actor: String = "dana", event: JournalEvent? = nil) -> JournalEntry {
        JournalEntry(time: Fixtures.at(Double(index)), actor: actor, session: "s-\(actor)", event: event ?? .note(text: "note \(index)"))
    }

    func unique(_ name: String) -> String { "\(name)-\(UUID().uuidString.prefix(8))" }

    /// A fresh database, for the tests of the schema itself.
    func freshDatabase() throws -> String {
        let name = "warroom_\(UUID().uuidString.prefix(8).lowercased())"
        try sql("CREATE DATABASE \(name)")
        return name
    }

    /// Runs statements on the test cluster as its superuser, and gives back the first column of their rows.
    @discardableResult
    func sql(_ statement: String, database: String? = nil) throws -> [String] {
        let link = PostgresLink(address: try address(database: database))
        defer { link.close() }
        try link.connect()
        return try link.run(deadline: 10) { session in
            try session.query(PostgresQuery(unsafeSQL: statement)).map { try $0.decode(String?.self) ?? "" }
        }
    }

    @Test func entriesComeBackInTheOrderTheDatabaseGaveThem() async throws {
        let journal = try PostgresJournal.open(try address(), name: unique("checkout-2.14.0"), plan: Fixtures.plan)
        let written = try journal.append((1...3).map { PendingEntry(entry: entry($0)) }, lockWait: nil)
        #expect(written.map(\.seq) == [1, 2, 3])
        let read = try journal.entries()
        #expect(read == written)
        #expect(try journal.entries(after: 2).map(\.seq) == [3])
        #expect(try journal.storedPlan() == Fixtures.plan)
        journal.close()
    }

    @Test func aRetriedWriteIsStoredOnce() async throws {
        let journal = try PostgresJournal.open(try address(), name: unique("retry"), plan: Fixtures.plan)
        let pending = PendingEntry(entry: entry(1, event: .checklistTicked(item: "pre_launch.1")))
        let first = try journal.append([pending], lockWait: nil)
        // The answer was lost; the same entry is sent again, with a new one behind it.
        let again = try journal.append([pending, PendingEntry(entry: entry(2))], lockWait: nil)
        #expect(again.first == first.first)
        #expect(try journal.entries().map(\.seq) == [1, 2])
        journal.close()
    }

    @Test func twoWarRoomsAppendingAtOnceGetOneOrderWithoutGaps() async throws {
        let name = unique("together")
        let alice = try PostgresJournal.open(try address(), name: name, plan: Fixtures.plan)
        let bob = try PostgresJournal.open(try address(), name: name, plan: Fixtures.plan)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { for index in 0..<40 { try alice.append([PendingEntry(entry: entry(index, actor: "alice"))], lockWait: nil) } }
            group.addTask { for index in 0..<40 { try bob.append([PendingEntry(entry: entry(index, actor: "bob"))], lockWait: nil) } }
            try await group.waitForAll()
        }
        let seen = try alice.entries()
        #expect(seen.map(\.seq) == Array(1...80))
        #expect(seen.filter { $0.actor == "alice" }.count == 40 && seen.filter { $0.actor == "bob" }.count == 40)
        #expect(try bob.entries() == seen, "both read the one order")
        alice.close()
        bob.close()
    }

    @Test func journalsOfTwoReleasesShareTheSchemaApart() async throws {
        let one = try PostgresJournal.open(try address(), name: unique("one"), plan: Fixtures.plan)
        let two = try PostgresJournal.open(try address(), name: unique("two"), plan: Fixtures.plan)
        try one.append([PendingEntry(entry: entry(1))], lockWait: nil)
        try two.append([PendingEntry(entry: entry(1)), PendingEntry(entry: entry(2))], lockWait: nil)
        #expect(try one.entries().map(\.seq) == [1])
        #expect(try two.entries().map(\.seq) == [1, 2])
        one.close()
        two.close()
    }

    @Test func warRoomsOpeningAFreshDatabaseTogetherMigrateItOnce() async throws {
        let database = try freshDatabase()
        let address = try address(database: database)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<4 {
                group.addTask {
                    let journal = try PostgresJournal.open(address, name: "release-\(index % 2)", plan: Fixtures.plan)
                    journal.close()
                }
            }
            try await group.waitForAll()
        }
        let versions = try sql("SELECT version::text FROM warroom_migrations ORDER BY version", database: database)
        #expect(versions == PostgresSchema.migrations.map { String($0.version) })
    }

    @Test func aDatabaseANewerWarroomMigratedIsRefused() async throws {
        let database = try freshDatabase()
        let address = try address(database: database)
        let journal = try PostgresJournal.open(address, name: "x", plan: Fixtures.plan)
        journal.close()
        try sql("INSERT INTO warroom_migrations (version) VALUES (999)", database: database)
        #expect(throws: JournalError.newerFormat(path: address.redacted)) {
            _ = try PostgresJournal.open(address, name: "x", plan: Fixtures.plan)
        }
    }

    @Test func aRoleThatMayOnlyReadAndWriteUsesASchemaMadeForIt() throws {
        let database = try freshDatabase()
        let owner = try address(database: database)
        try PostgresJournal.open(owner, name: "made", plan: Fixtures.plan).close()  // the administrator migrates
        let role = "dml_\(UUID().uuidString.prefix(6).lowercased())"
        try sql("CREATE ROLE \(role) LOGIN PASSWORD 'dml-pw'", database: database)
        try sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC", database: database)
        var writer = owner
        (writer.user, writer.password) = (role, "dml-pw")
        #expect(throws: JournalError.refused(url: writer.redacted, detail:
            "permission denied (permission denied for table warroom_migrations): the role needs to create tables, or a schema made for it")) {
            _ = try PostgresJournal.open(writer, name: "made", plan: Fixtures.plan)
        }
        try sql("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(role)", database: database)
        try sql("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO \(role)", database: database)
        let journal = try PostgresJournal.open(writer, name: "made", plan: Fixtures.plan)
        try journal.append(entry(1))
        let another = try PostgresJournal.open(writer, name: "another release", plan: Fixtures.plan)
        #expect(try journal.entries().map(\.seq) == [1] && another.entries().isEmpty)
    }

    @Test func aWrongPasswordIsSaidWithoutThePassword() async throws {
        var address = try address()
        address.password = "not-the-password-4711"
        do {
            _ = try PostgresJournal.open(address, name: "x", plan: Fixtures.plan)
            Issue.record("opened with a wrong password")
        } catch {
            #expect(error == .refused(url: address.redacted, detail:
                "password authentication failed for user \"\(address.user)\": set PGPASSWORD or the URL's password"))
            #expect(!error.description.contains("4711") && error.description.hasPrefix("postgresql://\(address.user)@127.0.0.1:"))
        }
    }

    @Test func anUnreachableServerIsNamed() async throws {
        var address = try address()
        address.port = try closedPort()
        address.password = "secret-4711"
        do {
            _ = try PostgresJournal.open(address, name: "x", plan: Fixtures.plan)
            Issue.record("opened a journal on a closed port")
        } catch {
            #expect(error == .unreachable(url: address.redacted, detail: "connection refused"))
            #expect(error.description == "\(address.redacted): cannot reach the journal's database (connection refused). "
                    + "Check the host and port, that the server runs, and the network.")
            #expect(!error.description.contains("4711"))
        }
    }

    @Test func aMissingDatabaseSaysHowToMakeIt() async throws {
        let address = try address(database: "no_such_db_\(UUID().uuidString.prefix(6).lowercased())")
        #expect(throws: JournalError.refused(url: address.redacted, detail:
            "database \"\(address.database)\" does not exist: create it (createdb) or name another in the URL")) {
            _ = try PostgresJournal.open(address, name: "x", plan: Fixtures.plan)
        }
    }

    /// A loopback port nothing listens on: bound, then closed.
    private func closedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                guard bind(descriptor, raw, length) == 0, getsockname(descriptor, raw, &length) == 0 else {
                    throw PostgresAddress.Problem(description: "no free port")
                }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
