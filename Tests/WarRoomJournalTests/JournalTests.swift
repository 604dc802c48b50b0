import Foundation
import GRDB
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomJournal

@Suite struct JournalTests {
    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = TemporaryDirectory()
        path = directory.file("journal.sqlite")
    }

    @Test func appendAssignsSeqAndReadsBackInOrder() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        var stored: [JournalEntry] = []
        for entry in Fixtures.session {
            var unsaved = entry
            unsaved.seq = 0
            stored.append(try journal.append(unsaved))
        }
        #expect(stored.map(\.seq) == Array(1...Int64(Fixtures.session.count)))
        #expect(try journal.entries() == Fixtures.session)
        #expect(try journal.entries(after: 15).map(\.seq) == [16, 17])
        #expect(try journal.entries(after: 17).isEmpty)
    }

    @Test func theLastEntryTimeIsTheNewestEntrys() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        #expect(try journal.lastEntryTime() == nil)
        _ = try journal.append(contentsOf: Fixtures.session.map { var entry = $0; entry.seq = 0; return entry })
        #expect(try journal.lastEntryTime() == Fixtures.session.last?.time)
    }

    @Test func reopeningResumesWhereItWas() throws {
        do {
            let journal = try Journal.open(path: path, plan: Fixtures.plan)
            for entry in Fixtures.session.prefix(8) { try journal.append(entry) }
        }
        let reopened = try Journal.open(path: path, plan: Fixtures.plan)
        let entries = try reopened.entries()
        #expect(entries == Array(Fixtures.session.prefix(8)))
        #expect(try reopened.append(Fixtures.session[8]).seq == 9)
        #expect(try reopened.storedPlan() == Fixtures.plan)

        var state = AppState(plan: try reopened.storedPlan(), session: "s-2", now: Fixtures.at(1000))
        state.resume(from: try reopened.entries())
        #expect(state.t0 == Fixtures.t0)
        #expect(state.stageIndex == 1)
        #expect(state.decisions["T+15m"]?.record.verdict == .go)
        #expect(Set(state.ticks.keys) == ["pre_launch.1", "pre_launch.2"])
    }

    @Test func anotherProcessSeesAppendsByPolling() throws {
        let writer = try Journal.open(path: path, plan: Fixtures.plan)
        let watcher = try Journal.open(path: path, plan: Fixtures.plan)
        try writer.append(Fixtures.session[0])
        let first = try watcher.entries()
        try watcher.append(Fixtures.session[1])
        try writer.append(Fixtures.session[2])
        #expect(first.map(\.seq) == [1])
        #expect(try watcher.entries(after: first.last!.seq).map(\.event) == [Fixtures.session[1].event,
                                                                             Fixtures.session[2].event])
    }

    @Test func samplesAreStoredOncePerWindowAndReadBackInTimeOrder() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        let first = SampleBucket(metric: "error_rate", start: Fixtures.at(10), width: 10, count: 2, min: 0.5, max: 0.9, sum: 1.4, last: 0.9)
        let second = SampleBucket(metric: "p99_latency", start: Fixtures.at(0), width: 10, count: 1, min: 210, max: 210, sum: 210, last: 210)
        try journal.append(samples: [first, second])
        // Another process attached to the same journal wrote the same window: the first figures stand.
        let other = try Journal.open(path: path, plan: Fixtures.plan)
        try other.append(samples: [SampleBucket(metric: "error_rate", start: Fixtures.at(10), width: 10, count: 1,
                                                min: 7, max: 7, sum: 7, last: 7)])
        #expect(try journal.samples() == [second, first])
        #expect(try journal.samples(of: "error_rate") == [first])
        #expect(try Journal.openForReading(path: path).samples(of: "nothing").isEmpty)
    }

    @Test func aJournalWrittenBeforeSamplesIsUpgradedInPlace() throws {
        // A v1 journal as the first release wrote it: only meta and events.
        do {
            let queue = try DatabaseQueue(path: path)
            var v1 = DatabaseMigrator()
            v1.registerMigration("v1") { db in
                try db.execute(sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                    CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, time REAL NOT NULL, actor TEXT NOT NULL,
                                         session TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL);
                    CREATE INDEX events_kind ON events(kind);
                    INSERT INTO meta (key, value) VALUES ('format', 'warroom-journal');
                    """)
            }
            try v1.migrate(queue)
        }
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        try journal.append(Fixtures.session[0])
        try journal.append(samples: [SampleBucket(metric: "error_rate", start: Fixtures.at(0), width: 10, count: 1,
                                                  min: 1, max: 1, sum: 1, last: 1)])
        #expect(try journal.samples().count == 1)
        #expect(try journal.entries().count == 1)
    }

    /// A step marked done by hand is stored under its own kind with the payload docs/journal-schema.md shows.
    @Test func aRollbackStepMarkRoundTrips() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        let marks = [true, false].map { done in
            JournalEntry(time: Fixtures.at(1980), actor: "dana", session: "s-1", event: .rollbackStepMarked(step: 1, done: done))
        }
        let stored = try journal.append(contentsOf: marks)
        #expect(try journal.entries() == stored)
        let queue = try DatabaseQueue(path: path)
        let rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT kind, payload FROM events ORDER BY seq") }
        #expect(rows.map { $0["kind"] as String } == ["rollback_step_marked", "rollback_step_marked"])
        #expect(rows.map { $0["payload"] as String } == [#"{"rollbackStepMarked":{"done":true,"step":1}}"#,
                                                        #"{"rollbackStepMarked":{"done":false,"step":1}}"#])
    }

    /// Thousands of entries are decoded in chunks at once; one that does not decode is still named.
    @Test func aBatchReadsBackExactlyAndABadEntryIsNamed() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        let many = (0..<10_000).map { index in
            JournalEntry(time: Fixtures.at(Double(index)), actor: "sam", session: "s-1",
                         event: index.isMultiple(of: 2) ? .note(text: "note \(index)") : .checklistTicked(item: "pre_launch.1"))
        }
        let stored = try journal.append(contentsOf: many)
        #expect(stored.map(\.seq) == Array(1...10_000))
        #expect(try journal.entries() == stored)

        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: #"UPDATE events SET payload = '{"fromTheFuture":{}}' WHERE seq = 7777"#) }
        #expect(throws: JournalError.self) { try journal.entries() }
        do {
            _ = try journal.entries()
        } catch {
            #expect(error.description.contains("entry 7777"), "\(error)")
            #expect(error.description.contains(path))
        }
    }

    @Test func filesAreReadableByTheOwnerOnly() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        try journal.append(Fixtures.session[0])
        for file in [path, path + "-wal", path + "-shm"] {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600, "\(file)")
        }
    }

    @Test func journalIsDurableWAL() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        try journal.append(Fixtures.session[0])
        let header = try #require(FileHandle(forReadingAtPath: path)?.readData(ofLength: 20))
        // Bytes 18 and 19 of the SQLite header are 2 in WAL mode (1 for a rollback journal).
        #expect(Array(header.suffix(2)) == [2, 2])
    }

    @Test func anotherPlanIsRefusedUnlessForced() throws {
        _ = try Journal.open(path: path, plan: Fixtures.plan)
        var other = Fixtures.plan
        other.release.version = "2.15.0"

        let error = #expect(throws: JournalError.self) { try Journal.open(path: path, plan: other) }
        guard case .planMismatch = error else { Issue.record("expected planMismatch, got \(String(describing: error))"); return }
        let message = error!.description
        #expect(message.contains(path))
        #expect(message.contains("checkout-service 2.14.0"))
        #expect(message.contains("--force"))
        #expect(message.contains("another --journal"))

        let forced = try Journal.open(path: path, plan: other, force: true)
        #expect(try forced.storedPlan() == other)
        #expect(try Journal.open(path: path, plan: other).storedPlan() == other)
    }

    @Test func samePlanOpensAgainWithoutForce() throws {
        _ = try Journal.open(path: path, plan: Fixtures.plan)
        #expect(throws: Never.self) { try Journal.open(path: path, plan: Fixtures.plan) }
    }

    @Test func garbageFileIsReportedAndLeftAlone() throws {
        let garbage = Data(String(repeating: "not a database, just text\n", count: 40).utf8)
        try #require(FileManager.default.createFile(atPath: path, contents: garbage))

        let error = #expect(throws: JournalError.self) { try Journal.open(path: path, plan: Fixtures.plan) }
        #expect(error == .notADatabase(path: path))
        #expect(error?.description.contains(path) == true)
        #expect(throws: JournalError.notADatabase(path: path)) { try Journal.openForReading(path: path) }
        #expect(FileManager.default.contents(atPath: path) == garbage)
    }

    @Test func foreignSQLiteDatabaseIsNotTakenOver() throws {
        let created = Process()
        created.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        created.arguments = ["sqlite3", path, "CREATE TABLE photos (id INTEGER);"]
        try created.run()
        created.waitUntilExit()
        try #require(created.terminationStatus == 0)

        #expect(throws: JournalError.notAJournal(path: path)) { try Journal.open(path: path, plan: Fixtures.plan) }
    }

    @Test func missingDirectoryIsReportedWithoutCreatingAnything() throws {
        let missing = directory.file("nope/journal.sqlite")
        let error = #expect(throws: JournalError.self) { try Journal.open(path: missing, plan: Fixtures.plan) }
        #expect(error == .directoryMissing(path: missing, directory: directory.file("nope")))
        #expect(error?.description.contains("mkdir -p") == true)
        #expect(!FileManager.default.fileExists(atPath: directory.file("nope")))
    }

    @Test func readingNeverCreatesAFile() throws {
        #expect(throws: JournalError.fileMissing(path: path)) { try Journal.openForReading(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func readerSeesEverythingButCannotWrite() throws {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        for entry in Fixtures.session { try journal.append(entry) }
        let reader = try Journal.openForReading(path: path)
        #expect(try reader.entries() == Fixtures.session)
        #expect(try reader.storedPlan() == Fixtures.plan)
        #expect(throws: JournalError.readOnly(path: path)) { try reader.append(Fixtures.session[0]) }
    }

    @Test func directoryAsJournalPathIsRefused() throws {
        #expect(throws: JournalError.notAFile(path: directory.path)) {
            try Journal.open(path: directory.path, plan: Fixtures.plan)
        }
    }

    @Test func defaultPathIsSafeAndReadable() {
        #expect(Journal.defaultPath(for: Fixtures.plan, in: "/var/lib/warroom")
                == "/var/lib/warroom/warroom-checkout-service-2.14.0.sqlite")
        var odd = Fixtures.plan
        odd.release.name = "../Payments API / EU"
        odd.release.version = "v3 beta\u{1B}"
        #expect(Journal.defaultPath(for: odd, in: "out/") == "out/warroom-payments-api-eu-v3-beta.sqlite")
    }

    @Test func planFingerprintIsStable() {
        #expect(JournalJSON.fingerprint("") == "cbf29ce484222325")
        #expect(JournalJSON.fingerprint("a") == "af63dc4c8601ec8c")
    }
}
