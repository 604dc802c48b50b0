import Foundation
import GRDB
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomJournal

/// Checkpoints in the journal: a resume starts from the newest usable one, and anything wrong with it (another
/// fold, another plan, a blob that does not decode, a journal from before checkpoints) means a full fold instead.
@Suite struct JournalCheckpointTests {
    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = TemporaryDirectory()
        path = directory.file("journal.sqlite")
    }

    /// A journal holding the scripted session, and the session folded whole.
    func journal() throws -> (Journal, whole: FoldedState) {
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        try journal.append(contentsOf: Fixtures.session)
        return (journal, FoldedState(plan: Fixtures.plan).folding(Fixtures.session))
    }

    func checkpoint(after count: Int) -> FoldedState {
        FoldedState(plan: Fixtures.plan).folding(Array(Fixtures.session.prefix(count)))
    }

    func checkpointRows() throws -> Int {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM checkpoints") ?? 0 }
    }

    @Test func aResumeStartsFromTheCheckpointAndFoldsTheRest() throws {
        let (journal, whole) = try journal()
        let stored = checkpoint(after: 10)
        try journal.writeCheckpoint(stored, plan: Fixtures.plan)
        #expect(journal.latestCheckpoint(plan: Fixtures.plan) == stored)

        let resumed = try Journal.open(path: path, plan: Fixtures.plan).folded(plan: Fixtures.plan)
        #expect(resumed.checkpointSeq == 10)
        #expect(resumed.state == whole)
        var state = AppState(plan: Fixtures.plan, session: "s-2", now: Fixtures.at(0))
        state.resume(from: resumed.state)
        #expect(state.resumedEntries == Fixtures.session.count)
        #expect(state.stageIndex == 1)
        #expect(state.rollback?.reason == "error rate above 2%")
    }

    /// Proof the checkpoint is what is read, not the entries it covers: one that says something else wins.
    @Test func theEntriesACheckpointCoversAreNotReadAgain() throws {
        let (journal, _) = try journal()
        // An entry with no seq folds without moving the checkpoint's place in the journal.
        let doctored = checkpoint(after: 10).folding([JournalEntry(time: Date(timeIntervalSince1970: 0), actor: "x",
                                                                   session: "ghost", event: .sessionAttached(pid: 1))])
        try journal.writeCheckpoint(doctored, plan: Fixtures.plan)
        #expect(try journal.folded(plan: Fixtures.plan).state.attendees["ghost"] != nil)
    }

    @Test func onlyTheNewestFewAreKeptAndTheFurthestIsUsed() throws {
        let (journal, _) = try journal()
        for count in [3, 9, 5, 12, 7] { try journal.writeCheckpoint(checkpoint(after: count), plan: Fixtures.plan) }
        #expect(try checkpointRows() == Journal.checkpointsKept)
        // Another session's checkpoint from further behind, written last, is not the one a resume takes.
        #expect(journal.latestCheckpoint(plan: Fixtures.plan)?.journalSeq == 12)
    }

    @Test func aCheckpointOfAnotherFoldOrPlanIsIgnored() throws {
        let (journal, whole) = try journal()
        try journal.writeCheckpoint(checkpoint(after: 10), plan: Fixtures.plan)
        #expect(journal.latestCheckpoint(format: FoldedState.format + 1, plan: Fixtures.plan) == nil)
        var forced = Fixtures.plan
        forced.stages.removeLast()
        #expect(journal.latestCheckpoint(plan: forced) == nil, "a forced plan may fold the same entries differently")

        try journal.queue.write { db in try db.execute(sql: "UPDATE checkpoints SET format = format + 1") }
        #expect(journal.latestCheckpoint(plan: Fixtures.plan) == nil)
        let resumed = try journal.folded(plan: Fixtures.plan)
        #expect(resumed.checkpointSeq == 0)
        #expect(resumed.state == whole)
    }

    /// A blob that is not JSON, not a checkpoint, not text at all, or not for the seq it is filed under.
    @Test(arguments: ["'not json'", "'{\"t0\": 12}'", "X'00FF00'", "42", "json_set(state, '$.journalSeq', 9)"])
    func aCheckpointThatDoesNotDecodeMeansAFullFold(state: String) throws {
        let (journal, whole) = try journal()
        try journal.writeCheckpoint(checkpoint(after: 10), plan: Fixtures.plan)
        try journal.queue.write { db in try db.execute(sql: "UPDATE checkpoints SET state = \(state)") }
        #expect(journal.latestCheckpoint(plan: Fixtures.plan) == nil)
        let resumed = try journal.folded(plan: Fixtures.plan)
        #expect(resumed.checkpointSeq == 0)
        #expect(resumed.state == whole)
    }

    @Test func aReadOnlyJournalGetsNoCheckpoint() throws {
        let (_, whole) = try journal()
        let reader = try Journal.openForReading(path: path)
        #expect(throws: JournalError.readOnly(path: path)) {
            try reader.writeCheckpoint(checkpoint(after: 10), plan: Fixtures.plan)
        }
        #expect(try checkpointRows() == 0)
        #expect(try reader.folded(plan: Fixtures.plan).state == whole)
    }

    @Test func aJournalWrittenBeforeCheckpointsIsUpgradedInPlace() throws {
        // A v2 journal as the second release wrote it: meta, events and samples.
        do {
            let queue = try DatabaseQueue(path: path)
            var v2 = DatabaseMigrator()
            v2.registerMigration("v1") { db in
                try db.execute(sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                    CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, time REAL NOT NULL, actor TEXT NOT NULL,
                                         session TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL);
                    CREATE INDEX events_kind ON events(kind);
                    CREATE VIEW timeline AS
                        SELECT seq, strftime('%Y-%m-%dT%H:%M:%fZ', time, 'unixepoch') AS utc, actor, session, kind, payload
                        FROM events;
                    INSERT INTO meta (key, value) VALUES ('format', 'warroom-journal');
                    """)
            }
            v2.registerMigration("v2") { db in
                try db.execute(sql: """
                    CREATE TABLE samples (metric TEXT NOT NULL, start REAL NOT NULL, width REAL NOT NULL,
                                          count INTEGER NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
                                          sum REAL NOT NULL, last REAL NOT NULL, PRIMARY KEY (metric, start)) WITHOUT ROWID;
                    """)
            }
            try v2.migrate(queue)
            try queue.write { db in
                for entry in Fixtures.session {
                    try db.execute(sql: "INSERT INTO events (time, actor, session, kind, payload) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [entry.time.timeIntervalSince1970, entry.actor, entry.session,
                                               entry.event.kind, try JournalJSON.encode(entry.event)])
                }
                try db.execute(sql: "INSERT INTO samples VALUES ('error_rate', ?, 10, 1, 1, 1, 1, 1)",
                               arguments: [Fixtures.at(0).timeIntervalSince1970])
            }
        }
        // Read as it is, there is no checkpoint to find and nothing is changed.
        let reader = try Journal.openForReading(path: path)
        #expect(reader.latestCheckpoint(plan: Fixtures.plan) == nil)
        #expect(try reader.folded(plan: Fixtures.plan).state == FoldedState(plan: Fixtures.plan).folding(Fixtures.session))

        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        #expect(try journal.entries() == Fixtures.session)
        #expect(try journal.samples().count == 1)
        let applied = try journal.queue.read { db in try JournalSchema.migrator.appliedIdentifiers(db) }
        #expect(applied == Set(JournalSchema.migrator.migrations))
        try journal.writeCheckpoint(checkpoint(after: 10), plan: Fixtures.plan)
        #expect(journal.latestCheckpoint(plan: Fixtures.plan) == checkpoint(after: 10))
    }
}
