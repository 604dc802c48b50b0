import Foundation
import GRDB
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomJournal

/// `warroom journal copy` onto and off the shared journal, on the private cluster `scripts/test` starts.
@Suite(.enabled(if: testPostgres != nil, "WARROOM_TEST_POSTGRES is not set (scripts/test starts a cluster)"),
       .timeLimit(.minutes(1)))
struct JournalCopyPostgresTests {
    let directory = TemporaryDirectory("copy-pg")
    let files = JournalCopyTests()

    func address() throws -> PostgresAddress { try PostgresAddress(url: try #require(testPostgres), environment: [:]) }

    func unique(_ name: String) -> String { "\(name)-\(UUID().uuidString.prefix(8))" }

    @Test func aFileJournalGoesOntoTheDatabaseAndBackUnchanged() throws {
        let source = try files.sourceJournal()
        let shared = try PostgresJournal.open(try address(), name: unique("onto"), plan: try source.storedPlan())
        defer { shared.close() }
        #expect(try JournalCopy(from: source, to: shared, batchSize: 5).run()
            == JournalCopy.Summary(copied: 17, alreadyThere: 0, sampleWindows: 3))
        #expect(try shared.entries() == Fixtures.session)
        #expect(try shared.identifiedEntries(after: 0) == source.identifiedEntries(after: 0))
        #expect(try shared.samples() == source.samples())
        #expect(try shared.storedPlan() == Fixtures.plan)
        #expect(try JournalCopy(from: source, to: shared).run().alreadyThere == 17, "a second copy stores nothing")
        #expect(try shared.entries().count == 17)

        let archive = try Journal.open(path: directory.file("archive.sqlite"), plan: try shared.storedPlan())
        #expect(try JournalCopy(from: shared, to: archive).run().copied == 17)
        #expect(try JournalCopy(from: shared, to: archive).run().copied == 0)
        #expect(try archive.entries() == Fixtures.session)
        #expect(try archive.identifiedEntries(after: 0) == source.identifiedEntries(after: 0))
        #expect(try archive.samples() == source.samples())
        #expect(try archive.storedPlan() == Fixtures.plan)
    }

    @Test func aCopyOntoTheDatabaseStoppedHalfWayCompletes() throws {
        let source = try files.sourceJournal()
        let shared = try PostgresJournal.open(try address(), name: unique("half"), plan: Fixtures.plan)
        defer { shared.close() }
        try shared.append(Array(try source.identifiedEntries(after: 0).prefix(10)), lockWait: nil)
        #expect(try JournalCopy(from: source, to: shared).run() == JournalCopy.Summary(copied: 7, alreadyThere: 10, sampleWindows: 3))
        #expect(try shared.entries() == Fixtures.session)
    }

    @Test func anOldFileJournalCopiedTwiceOntoTheDatabaseIsStoredOnce() throws {
        let source = try files.sourceJournal()
        try files.forgetIDs(source)
        let shared = try PostgresJournal.open(try address(), name: unique("old"), plan: Fixtures.plan)
        defer { shared.close() }
        _ = try JournalCopy(from: source, to: shared).run()
        #expect(try JournalCopy(from: source, to: shared).run().copied == 0)
        #expect(try shared.entries() == Fixtures.session)
    }

    @Test func oneSharedJournalCopiedIntoAnother() throws {
        let source = try files.sourceJournal()
        let first = try PostgresJournal.open(try address(), name: unique("first"), plan: Fixtures.plan)
        let second = try PostgresJournal.open(try address(), name: unique("second"), plan: Fixtures.plan)
        defer { first.close(); second.close() }
        _ = try JournalCopy(from: source, to: first).run()
        #expect(try JournalCopy(from: first, to: second).run().copied == 17)
        #expect(try JournalCopy(from: first, to: second).run().copied == 0)
        #expect(try second.entries() == Fixtures.session)
        #expect(try second.samples() == source.samples())
    }
}
