import Foundation
import GRDB
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomJournal

/// `warroom journal copy` between SQLite files: the copy equals its source, and running it again, or after it stopped
/// half way, stores nothing twice, even for entries journaled before entries had ids.
@Suite struct JournalCopyTests {
    let directory = TemporaryDirectory("copy")

    static let samples = [
        SampleBucket(metric: "error_rate", start: Fixtures.at(0), width: 10, count: 2, min: 0.3, max: 0.5, sum: 0.8, last: 0.5),
        SampleBucket(metric: "p99_latency", start: Fixtures.at(0), width: 10, count: 1, min: 210, max: 210, sum: 210, last: 210),
        SampleBucket(metric: "error_rate", start: Fixtures.at(10), width: 10, count: 3, min: 0.4, max: 2.6, sum: 4.1, last: 2.6),
    ]

    /// A journal holding the fixture session and a few sample windows.
    func sourceJournal(_ name: String = "source.sqlite") throws -> Journal {
        let journal = try Journal.open(path: directory.file(name), plan: Fixtures.plan)
        try journal.append(contentsOf: Fixtures.session.map { var entry = $0; entry.seq = 0; return entry })
        try journal.append(samples: Self.samples)
        return journal
    }

    /// A new journal for the source's plan, as the command opens the destination.
    func destination(for source: Journal, _ name: String = "copy.sqlite") throws -> Journal {
        try Journal.open(path: directory.file(name), plan: try source.storedPlan())
    }

    /// Makes `journal`'s entries look journaled before v5: no id stored.
    func forgetIDs(_ journal: Journal) throws {
        try DatabaseQueue(path: journal.path).write { db in try db.execute(sql: "UPDATE events SET id = NULL") }
    }

    @Test func theCopyHoldsTheSourcesEntriesSamplesAndPlan() throws {
        let source = try sourceJournal()
        let copy = try destination(for: source)
        // A small batch, so the copy takes several transactions.
        let summary = try JournalCopy(from: source, to: copy, batchSize: 5).run()
        #expect(summary == JournalCopy.Summary(copied: 17, alreadyThere: 0, sampleWindows: 3))
        #expect(try copy.entries() == Fixtures.session, "events, seqs, times, actors and sessions")
        #expect(try copy.identifiedEntries(after: 0) == source.identifiedEntries(after: 0), "the ids too")
        #expect(try copy.samples() == source.samples())
        #expect(try copy.storedPlan() == Fixtures.plan)
    }

    @Test func copyingTwiceStoresNothingTwice() throws {
        let source = try sourceJournal()
        let copy = try destination(for: source)
        _ = try JournalCopy(from: source, to: copy).run()
        let again = try JournalCopy(from: source, to: copy).run()
        #expect(again == JournalCopy.Summary(copied: 0, alreadyThere: 17, sampleWindows: 3))
        #expect(try copy.entries() == Fixtures.session)
        #expect(try copy.samples() == source.samples())
    }

    @Test func aCopyStoppedHalfWayIsCompletedByTheNextRun() throws {
        let source = try sourceJournal()
        let copy = try destination(for: source)
        // What a copy interrupted after its first batch left: the first entries, under their ids, and no samples.
        try copy.append(Array(try source.identifiedEntries(after: 0).prefix(8)), lockWait: nil)
        let summary = try JournalCopy(from: source, to: copy).run()
        #expect(summary == JournalCopy.Summary(copied: 9, alreadyThere: 8, sampleWindows: 3))
        #expect(try copy.entries() == Fixtures.session)
        #expect(try copy.samples() == source.samples())
    }

    @Test func entriesWithoutStoredIDsGetTheSameIDsAtEveryCopy() throws {
        let source = try sourceJournal()
        try forgetIDs(source)
        let ids = try source.identifiedEntries(after: 0).map(\.id)
        #expect(try source.identifiedEntries(after: 0).map(\.id) == ids, "derived the same at every read")
        #expect(Set(ids).count == ids.count)
        let copy = try destination(for: source)
        _ = try JournalCopy(from: source, to: copy).run()
        let again = try JournalCopy(from: source, to: copy).run()
        #expect(again.copied == 0 && again.alreadyThere == 17)
        #expect(try copy.entries() == Fixtures.session)
        #expect(try copy.identifiedEntries(after: 0).map(\.id) == ids, "the copy stores the derived ids")
    }

    @Test func twoOldJournalsFromOnePlanAreBothCopiedIntoOne() throws {
        // Two solo war rooms of one release, started from the same plan file a minute apart, before entry ids.
        let first = try sourceJournal("first.sqlite"), second = try sourceJournal("second.sqlite")
        for (journal, created) in [(first, "2025-03-04T09:00:00Z"), (second, "2025-03-04T09:01:00Z")] {
            try forgetIDs(journal)
            try DatabaseQueue(path: journal.path).write { db in
                try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'created_at'", arguments: [created])
            }
        }
        let shared = try destination(for: first)
        #expect(try JournalCopy(from: first, to: shared).run().copied == 17)
        #expect(try JournalCopy(from: second, to: shared).run().copied == 17, "not taken for copies of the first's")
        #expect(try JournalCopy(from: second, to: shared).run().copied == 0)
        #expect(try shared.entries().count == 34)
    }

    @Test func aJournalFromBeforeEntryIDsIsCopiedFromItsFileUntouched() throws {
        let source = try sourceJournal()
        // A v4 file, as a warroom before entry ids left it: no `id` column at all, and read without migrating.
        try DatabaseQueue(path: source.path).write { db in
            try db.execute(sql: """
                DROP INDEX events_id;
                ALTER TABLE events DROP COLUMN id;
                DELETE FROM grdb_migrations WHERE identifier = 'v5';
                """)
        }
        let reader = try Journal.openForReading(path: source.path)
        let copy = try destination(for: source)
        #expect(try JournalCopy(from: reader, to: copy).run().copied == 17)
        #expect(try JournalCopy(from: reader, to: copy).run().copied == 0)
        #expect(try copy.entries() == Fixtures.session)
        let columns = try DatabaseQueue(path: source.path).read { db in try db.columns(in: "events").map(\.name) }
        #expect(!columns.contains("id"), "the source was only read")
    }

    @Test func derivedIDsAreFixedForGood() {
        // Pinned: a warroom that derived another id would copy an old journal's entries a second time.
        let id = PendingEntry.derivedID(journal: "0123456789abcdef", seq: 42)
        #expect(id.uuidString == "2163C710-C4E5-8EFF-AF53-F661CB2B3C13")
        #expect(id.uuidString.dropFirst(14).first == "8", "version 8, custom")
        #expect(PendingEntry.derivedID(journal: "0123456789abcdef", seq: 43) != id)
        #expect(PendingEntry.derivedID(journal: "fedcba9876543210", seq: 42) != id)
    }

    @Test func aReleasesJournalIsNamedTheSameAsAFileAndInADatabase() {
        #expect(Journal.defaultName(for: Fixtures.plan) == "checkout-service-2.14.0")
        #expect(Journal.defaultPath(for: Fixtures.plan, in: "/srv") == "/srv/warroom-checkout-service-2.14.0.sqlite")
    }
}
