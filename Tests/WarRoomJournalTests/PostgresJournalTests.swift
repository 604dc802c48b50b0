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
    func freshDatabase() async throws -> String {
        let name = "warroom_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try await PostgresJournal.connect(try address())
        try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: PostgresJournal.logger)
        try await admin.close()
        return name
    }

    @Test func entriesComeBackInTheOrderTheDatabaseGaveThem() async throws {
        let journal = try await PostgresJournal.open(try address(), name: unique("checkout-2.14.0"), plan: Fixtures.plan)
        let written = try await journal.append((1...3).map { PendingEntry(entry: entry($0)) })
        #expect(written.map(\.seq) == [1, 2, 3])
        let read = try await journal.entries()
        #expect(read == written)
        #expect(try await journal.entries(after: 2).map(\.seq) == [3])
        #expect(try await journal.storedPlan() == Fixtures.plan)
        await journal.close()
    }

    @Test func aRetriedWriteIsStoredOnce() async throws {
        let journal = try await PostgresJournal.open(try address(), name: unique("retry"), plan: Fixtures.plan)
        let pending = PendingEntry(entry: entry(1, event: .checklistTicked(item: "pre_launch.1")))
        let first = try await journal.append([pending])
        // The answer was lost; the same entry is sent again, with a new one behind it.
        let again = try await journal.append([pending, PendingEntry(entry: entry(2))])
        #expect(again.first == first.first)
        #expect(try await journal.entries().map(\.seq) == [1, 2])
        await journal.close()
    }

    @Test func twoWarRoomsAppendingAtOnceGetOneOrderWithoutGaps() async throws {
        let name = unique("together")
        let alice = try await PostgresJournal.open(try address(), name: name, plan: Fixtures.plan)
        let bob = try await PostgresJournal.open(try address(), name: name, plan: Fixtures.plan)
        async let fromAlice: Void = { for index in 0..<40 { try await alice.append([PendingEntry(entry: entry(index, actor: "alice"))]) } }()
        async let fromBob: Void = { for index in 0..<40 { try await bob.append([PendingEntry(entry: entry(index, actor: "bob"))]) } }()
        _ = try await (fromAlice, fromBob)
        let seen = try await alice.entries()
        #expect(seen.map(\.seq) == Array(1...80))
        #expect(seen.filter { $0.actor == "alice" }.count == 40 && seen.filter { $0.actor == "bob" }.count == 40)
        #expect(try await bob.entries() == seen, "both read the one order")
        await alice.close()
        await bob.close()
    }

    @Test func journalsOfTwoReleasesShareTheSchemaApart() async throws {
        let one = try await PostgresJournal.open(try address(), name: unique("one"), plan: Fixtures.plan)
        let two = try await PostgresJournal.open(try address(), name: unique("two"), plan: Fixtures.plan)
        try await one.append([PendingEntry(entry: entry(1))])
        try await two.append([PendingEntry(entry: entry(1)), PendingEntry(entry: entry(2))])
        #expect(try await one.entries().map(\.seq) == [1])
        #expect(try await two.entries().map(\.seq) == [1, 2])
        await one.close()
        await two.close()
    }

    @Test func warRoomsOpeningAFreshDatabaseTogetherMigrateItOnce() async throws {
        let database = try await freshDatabase()
        let address = try address(database: database)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<4 {
                group.addTask {
                    let journal = try await PostgresJournal.open(address, name: "release-\(index % 2)", plan: Fixtures.plan)
                    await journal.close()
                }
            }
            try await group.waitForAll()
        }
        let connection = try await PostgresJournal.connect(address)
        var versions: [Int] = []
        for try await version in try await connection.query("SELECT version FROM warroom_migrations ORDER BY version",
                                                             logger: PostgresJournal.logger).decode(Int.self) {
            versions.append(version)
        }
        #expect(versions == PostgresSchema.migrations.map(\.version))
        try await connection.close()
    }

    @Test func aDatabaseANewerWarroomMigratedIsRefused() async throws {
        let database = try await freshDatabase()
        let address = try address(database: database)
        let journal = try await PostgresJournal.open(address, name: "x", plan: Fixtures.plan)
        await journal.close()
        let connection = try await PostgresJournal.connect(address)
        try await connection.query("INSERT INTO warroom_migrations (version) VALUES (999)", logger: PostgresJournal.logger)
        try await connection.close()
        await #expect(throws: JournalError.newerFormat(path: address.redacted)) {
            _ = try await PostgresJournal.open(address, name: "x", plan: Fixtures.plan)
        }
    }

    @Test func aWrongPasswordIsSaidWithoutThePassword() async throws {
        var address = try address()
        address.password = "not-the-password-4711"
        do {
            _ = try await PostgresJournal.open(address, name: "x", plan: Fixtures.plan)
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
            _ = try await PostgresJournal.open(address, name: "x", plan: Fixtures.plan)
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
        await #expect(throws: JournalError.refused(url: address.redacted, detail:
            "database \"\(address.database)\" does not exist: create it (createdb) or name another in the URL")) {
            _ = try await PostgresJournal.open(address, name: "x", plan: Fixtures.plan)
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
