import Foundation
import Testing
import WarRoomCore
import WarRoomJournal
import WarRoomRuntime

/// Two and three war rooms on one journal, stepped with one injected clock: one evaluates, all show the fold, a
/// crash, a takeover and a restart change nothing that was journaled, and each transition is journaled once.
@Suite(.timeLimit(.minutes(1))) struct RuntimeTests {
    static let rule = "error_rate > 2% for 20s"

    /// error_rate every 5 s: healthy, then breaching from T+60s to T+150s, then healthy again.
    static func errorRate(at offset: TimeInterval) -> Double { (60..<150).contains(offset) ? 3.0 : 0.4 }

    /// Writes the metric file's samples up to each moment, as an exporter appending to it would.
    static func writer(_ test: WarRoomTest) -> (Date) -> Void {
        var written = -30.0
        return { now in
            while WarRoom.t0.addingTimeInterval(written + 5) <= now {
                written += 5
                test.metrics.write("error_rate", errorRate(at: written), at: WarRoom.t0.addingTimeInterval(written))
            }
        }
    }

    /// Every war room holds the same fold; a failure names the fields that differ.
    static func expectSameFold(_ rooms: [WarRoom], sourceLocation: SourceLocation = #_sourceLocation) {
        guard let first = rooms.first else { return }
        for room in rooms.dropFirst() {
            #expect(differences(room.state.folded, first.state.folded) == [], "\(room.actor) and \(first.actor) disagree",
                    sourceLocation: sourceLocation)
        }
    }

    static func differences(_ one: FoldedState, _ other: FoldedState) -> [String] {
        func fields(_ state: FoldedState) -> [String: String] {
            Dictionary(uniqueKeysWithValues: Mirror(reflecting: state).children.compactMap { child in
                child.label.map { ($0, String(reflecting: child.value)) }
            })
        }
        let (a, b) = (fields(one), fields(other))
        return one == other ? [] : Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
    }

    @Test func oneEvaluatesAndEveryoneShowsTheSameFold() throws {
        var test = WarRoomTest()
        let alice = try test.open("alice", start: true)
        let write = Self.writer(test)
        test.run(1, each: write)
        #expect(alice.runtime.isEvaluating)
        let bob = try test.open("bob")
        test.run(2, each: write)
        #expect(!bob.runtime.isEvaluating, "one evaluator per journal")
        #expect(bob.state.evaluator?.actor == "alice")

        test.run(100, each: write)  // to T+72s: pending since T+60s
        #expect(bob.state.triggers[Self.rule]?.phase == .pending(since: WarRoom.t0.addingTimeInterval(60)))
        test.run(20, each: write)   // fires at T+80s
        #expect(alice.state.triggers[Self.rule]?.phase == .firing(since: WarRoom.t0.addingTimeInterval(80)))
        Self.expectSameFold([alice, bob])
        #expect(bob.terminal.bellCount == 1 && alice.terminal.bellCount == 1, "every war room rings, once")
        #expect(try test.kinds("trigger_pending").count == 1)
        #expect(try test.kinds("trigger_firing").count == 1)
        #expect(try test.kinds("evaluator_changed").count == 1)
        #expect(bob.state.series["error_rate"]?.latest?.value == 3.0, "a viewer's values come from the journal")

        // The same screen, word for word, but for who is here (the header's second row) and the status line.
        let (aliceScreen, bobScreen) = (alice.terminal.lines, bob.terminal.lines)
        #expect(aliceScreen.count == 40 && bobScreen.count == 40)
        #expect(aliceScreen[1].contains("evaluating here") && aliceScreen[1].contains("with bob"), "\(aliceScreen[1])")
        #expect(bobScreen[1].contains("evaluating alice@alice-laptop") && bobScreen[1].contains("with alice"), "\(bobScreen[1])")
        for row in aliceScreen.indices where row != 1 && row < aliceScreen.count - 2 {
            #expect(aliceScreen[row] == bobScreen[row], "row \(row)")
        }
    }

    @Test func aJoinerMidBreachJournalsNothingAndSeesTheTriggerAsItIs() throws {
        var test = WarRoomTest()
        let alice = try test.open("alice", start: true)
        let write = Self.writer(test)
        test.run(100, each: write)  // T+70s: pending
        let bob = try test.open("bob")
        test.run(1, each: write)
        #expect(bob.state.triggers[Self.rule]?.phase == .pending(since: WarRoom.t0.addingTimeInterval(60)))
        #expect(try test.entries().filter { $0.session == bob.session }.map(\.event.kind) == ["session_attached"])
        Self.expectSameFold([alice, bob])
    }

    @Test func aKilledEvaluatorIsTakenOverAndNothingIsJournaledTwice() throws {
        var test = WarRoomTest()
        let alice = try test.open("alice", start: true)
        let bob = try test.open("bob")
        let write = Self.writer(test)
        test.run(120, each: write)  // T+90s: firing since T+80s
        #expect(bob.state.triggers[Self.rule]?.isFiring == true)

        alice.killed = true  // kill -9: no detach, no lease handed back
        test.run(4, each: write)
        #expect(!bob.runtime.isEvaluating, "the lease has not lapsed yet")
        test.run(3, each: write)
        #expect(bob.runtime.isEvaluating, "taken over once the lease lapsed (5 s)")
        let takeover = try #require(try test.kinds("evaluator_changed").last)
        #expect(takeover.session == bob.session)
        guard case .evaluatorChanged(_, let previous, let reason) = takeover.event else { Issue.record("not a takeover"); return }
        #expect(previous == alice.session)
        #expect(reason.hasPrefix("alice's war room stopped renewing the lease at "), "\(reason)")

        // The new evaluator read the metric file from its start: nothing it had already journaled came again.
        #expect(bob.state.triggers[Self.rule]?.phase == .firing(since: WarRoom.t0.addingTimeInterval(80)))
        #expect(try test.kinds("trigger_firing").count == 1)

        // Alice comes back as a new war room: a viewer, and the trigger is as it was.
        let alice2 = try test.open("alice")
        test.run(1, each: write)
        #expect(!alice2.runtime.isEvaluating)
        #expect(alice2.state.triggers[Self.rule]?.phase == .firing(since: WarRoom.t0.addingTimeInterval(80)))

        test.run(20, each: write)  // the killed war room has been silent for three lease timeouts
        #expect(alice2.state.departures[alice.session]?.reason == .silent)
        #expect(!alice2.state.otherSessions.contains(alice.session), "a war room that is gone is not counted as attached")

        test.run(60, each: write)  // the breach ends at T+150s
        #expect(bob.state.triggers[Self.rule]?.phase == .inactive)
        // The whole history, exactly: who wrote what, each transition once, dated when it happened.
        let history = try test.entries().filter { !$0.event.isFeedData }.map { "\($0.actor) \($0.event.kind)" }
        #expect(history == ["alice session_attached", "alice evaluator_changed", "alice release_started",
                            "bob session_attached", "warroom trigger_pending", "warroom trigger_firing",
                            "bob evaluator_changed", "alice session_attached", "bob session_gone", "warroom trigger_resolved"])
        let transitions = try test.entries().filter { $0.event.kind.hasPrefix("trigger_") }.map(\.time)
        #expect(transitions == [60, 80, 150].map { WarRoom.t0.addingTimeInterval($0) })
        Self.expectSameFold([bob, alice2])
    }

    @Test func aQuittingEvaluatorHandsOverAtOnce() throws {
        var test = WarRoomTest()
        let alice = try test.open("alice", start: true)
        let bob = try test.open("bob")
        test.run(2)
        alice.runtime.detach()
        alice.killed = true
        test.run(1.25)
        #expect(bob.runtime.isEvaluating, "within a check-in, not a lease timeout")
        guard case .evaluatorChanged(_, _, let reason)? = try test.kinds("evaluator_changed").last?.event else {
            Issue.record("no takeover"); return
        }
        #expect(reason == "alice's war room quit")
        #expect(bob.state.departures[alice.session]?.reason == .detached)
    }

    @Test func aRestartResumesWithoutJournalingAgain() throws {
        var test = WarRoomTest()
        let alice = try test.open("alice", start: true)
        let write = Self.writer(test)
        test.run(120, each: write)
        alice.killed = true
        let before = try test.entries().filter { !$0.event.isFeedData }.count
        let again = try test.open("alice")
        test.run(7, each: write)  // takes over once the old lease lapsed
        #expect(again.runtime.isEvaluating)
        #expect(again.state.triggers[Self.rule]?.phase == .firing(since: WarRoom.t0.addingTimeInterval(80)))
        let after = try test.entries().filter { !$0.event.isFeedData }.map(\.event.kind)
        #expect(Array(after.dropFirst(before)) == ["session_attached", "evaluator_changed"])
    }

    @Test func aPlanAmendedMidReleaseReachesEveryWarRoom() throws {
        var test = WarRoomTest()
        let alice = try test.open("alice", start: true)
        let bob = try test.open("bob")
        test.run(2)
        let carol = try test.open("carol", plan: try WarRoom.plan(trigger: "error_rate > 2% for 30s"))
        test.run(1)
        let amended = try #require(try test.kinds("plan_amended").first)
        #expect(amended.actor == "carol")
        for room in [alice, bob, carol] { #expect(room.state.plan.triggers.map(\.text) == ["error_rate > 2% for 30s"]) }
        #expect(bob.runtime.view.flash?.hasPrefix("Plan amended by carol: ") == true)
        Self.expectSameFold([alice, bob, carol])
    }
}
