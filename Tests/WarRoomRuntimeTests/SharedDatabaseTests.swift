import Foundation
import Testing
import WarRoomCore
import WarRoomJournal
import WarRoomRuntime
import WarRoomTestSupport

/// War rooms on one journal in a real PostgreSQL, as a release team on several machines runs them: one evaluates, all
/// show the fold; a database that stops for ten seconds loses no action and stores none twice; a war room killed while
/// the database is away leaves its actions in the spool for the next one; an evaluator that dies is taken over by the
/// database's clock.
@Suite(.enabled(if: TestPostgres.url != nil, "WARROOM_TEST_POSTGRES is not set (scripts/test starts a cluster)"),
       .timeLimit(.minutes(2)))
struct SharedDatabaseTests {
    /// Runs the war rooms in real time, a quarter second of their clocks per 50 ms, until `done` or `seconds` pass.
    @discardableResult
    static func runUntil(_ test: WarRoomTest, seconds: TimeInterval, _ done: () -> Bool = { false }) -> Bool {
        test.runUntil(seconds: seconds, done)
    }

    static func notes(_ room: WarRoom) -> [String] {
        room.state.folded.notes.map(\.text)
    }

    @Test func twoWarRoomsOnOneDatabaseShowOneFold() throws {
        var test = WarRoomTest()
        test.store = try .sharedDatabase()
        let alice = try test.open("alice", start: true)
        test.run(1)
        let bob = try test.open("bob")
        test.run(2)
        #expect(alice.runtime.isEvaluating && !bob.runtime.isEvaluating, "one evaluator across machines")
        #expect(bob.state.evaluator?.actor == "alice")

        let write = RuntimeTests.writer(test)
        test.run(120, each: write)  // to T+90s: firing since T+80s
        #expect(bob.state.triggers[RuntimeTests.rule]?.phase == .firing(since: WarRoom.t0.addingTimeInterval(80)))
        bob.note("cache warmed")
        test.run(0.5)
        #expect(Self.notes(alice) == ["cache warmed"], "an action on one machine shows on the other")
        RuntimeTests.expectSameFold([alice, bob])
        #expect(try test.kinds("trigger_firing").count == 1)
        #expect(try test.kinds("evaluator_changed").count == 1)
        #expect(try test.kinds("note").count == 1)
    }

    @Test func theDatabaseStoppedForTenSecondsLosesNoActionAndDoublesNone() throws {
        let cluster = try PrivateCluster()
        var test = WarRoomTest()
        test.store = .postgres(url: cluster.url, name: "ledger-writer-7.3.1")
        let alice = try test.open("alice", start: true)
        let bob = try test.open("bob")
        test.run(2)

        try cluster.pause()
        let stopped = Date()
        for index in 1...3 { bob.note("offline \(index)") }
        Self.runUntil(test, seconds: 2)
        let header = bob.terminal.lines[1]
        #expect(header.contains("journal unreachable since") && header.contains("3 actions NOT RECORDED"), "\(header)")
        #expect(Self.notes(bob).isEmpty, "nothing unrecorded looks done")
        Self.runUntil(test, seconds: 10 - Date().timeIntervalSince(stopped))

        try cluster.resume()
        let back = Self.runUntil(test, seconds: 20) { Self.notes(alice).count == 3 && Self.notes(bob).count == 3 }
        #expect(back, "the spool reached the database once it was back")
        #expect(Self.notes(alice) == ["offline 1", "offline 2", "offline 3"], "in the order taken")
        #expect(try test.kinds("note").map(\.actor) == ["bob", "bob", "bob"], "each once")
        #expect(!bob.terminal.lines[1].contains("unreachable"))
        RuntimeTests.expectSameFold([alice, bob])
    }

    @Test func aWarRoomKilledWhileTheDatabaseIsAwayLeavesItsActionsToTheNext() throws {
        let cluster = try PrivateCluster()
        var test = WarRoomTest()
        test.store = .postgres(url: cluster.url, name: "ledger-writer-7.3.1")
        let plan = try WarRoom.plan()
        let carol = try test.open("carol", start: true)
        test.run(1)
        try cluster.pause()
        carol.note("rolled back by hand")
        carol.note("paged the DBA")
        carol.killed = true  // kill -9: the spool file is all that is left of its actions

        try cluster.resume()
        // The next war room on this machine for the journal opens the same spool and sends what waits in it.
        let spool = test.directory.file("spool-carol-1001.sqlite")
        let shared = try PostgresJournal.open(try PostgresAddress(url: cluster.url, environment: [:]), name: "ledger-writer-7.3.1", plan: plan)
        let next = try SpooledJournal(shared: shared, spoolPath: spool)
        #expect(next.spooledCount == 0)
        #expect(try test.kinds("note").map { "\($0.actor): \(describe($0.event))" }
                == ["carol: rolled back by hand", "carol: paged the DBA"])
        // Opened again, the spool sends nothing twice.
        _ = try SpooledJournal(shared: shared, spoolPath: spool)
        #expect(try test.kinds("note").count == 2)
    }

    @Test func aKilledEvaluatorIsTakenOverByTheDatabasesClock() throws {
        var test = WarRoomTest()
        test.store = try .sharedDatabase()
        test.leaseTimeout = 2
        let alice = try test.open("alice", start: true)
        let bob = try test.open("bob")
        test.run(2)
        #expect(alice.runtime.isEvaluating)
        alice.killed = true
        let tookOver = Self.runUntil(test, seconds: 10) { bob.runtime.isEvaluating }
        #expect(tookOver, "bob evaluates once alice's lease lapsed by the server's clock")
        let takeover = try #require(try test.kinds("evaluator_changed").last)
        guard case .evaluatorChanged(_, let previous, let reason) = takeover.event else { Issue.record("not a takeover"); return }
        #expect(takeover.session == bob.session && previous == alice.session)
        #expect(reason.hasPrefix("alice's war room stopped renewing the lease"), "\(reason)")
        #expect(try test.kinds("evaluator_changed").count == 2)
    }

    private func describe(_ event: JournalEvent) -> String {
        if case .note(let text) = event { text } else { event.kind }
    }
}
