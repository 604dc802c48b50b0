import Foundation
import Testing
@testable import WarRoomCore

@Suite struct RollbackStepTests {
    static func plan() throws -> Plan {
        var plan = try Fixture.plan()
        plan.rollback = RollbackPlan(steps: [RollbackStep("Abort the rollout", command: "kubectl argo rollouts abort orders-api"),
                                             RollbackStep("Tell the channel")])
        return plan
    }

    @Test func aStepRunsOnlyAfterTheRollbackIsRecordedAndOnlyIfItHasACommand() throws {
        var harness = Fixture.Harness(plan: try Self.plan())
        harness.act(.start)
        harness.act(.runRollbackStep(0))
        harness.act(.runRollbackStep(1))
        harness.act(.runRollbackStep(7))
        #expect(harness.runs.isEmpty)
        #expect(harness.refusals == [.rollbackNotRecorded, .stepByHand(1), .noRollbackStep(7)])
        harness.act(.rollback(reason: nil))
        harness.act(.runRollbackStep(0), as: "priya")
        #expect(harness.runs == [CommandRequest(step: 0, command: "kubectl argo rollouts abort orders-api", actor: "priya")])
        #expect(harness.kinds == ["release_started", "rolled_back", "command_started"], "the start is journaled before it runs")
        #expect(harness.journal.last?.actor == "priya")
    }

    /// A step done another way is marked by hand with its own entry, folded like any other: refused before the
    /// rollback, while its command runs, or when already marked; taken back only when marked.
    @Test func aStepIsMarkedDoneByHandOnceRolledBack() throws {
        var harness = Fixture.Harness(plan: try Self.plan())
        harness.act(.start)
        harness.act(.markRollbackStep(1, done: true))
        #expect(harness.refusals == [.rollbackNotRecorded])
        harness.act(.rollback(reason: nil))
        harness.act(.markRollbackStep(1, done: false))
        harness.act(.markRollbackStep(5, done: true))
        #expect(harness.refusals.suffix(2) == [.stepNotMarked(1), .noRollbackStep(5)])

        harness.at(120)
        harness.act(.markRollbackStep(1, done: true), as: "dana")
        #expect(harness.kinds.last == "rollback_step_marked")
        #expect(harness.journal.last?.event == .rollbackStepMarked(step: 1, done: true))
        #expect(harness.state.doneByHand(step: 1) == AppState.Tick(by: "dana", at: Fixture.t0.addingTimeInterval(120)))
        #expect(harness.state.rollbackProgress.done == 1 && harness.state.rollbackProgress.total == 2)
        harness.act(.markRollbackStep(1, done: true), as: "sam")
        #expect(harness.refusals.last == .stepAlreadyDone(step: 1, by: "dana"))

        // A step with a command may be done by hand too, but not while its command runs: its end will say.
        harness.act(.runRollbackStep(0))
        harness.act(.markRollbackStep(0, done: true))
        #expect(harness.refusals.last == .stepRunning(step: 0, by: nil, for: 0))
        harness.send(.commandFinished(CommandResult(request: harness.runs[0], exitStatus: 1, output: "refused")))
        #expect(!harness.state.isDone(step: 0), "a failed run is not done")
        harness.act(.markRollbackStep(0, done: true))
        #expect(harness.state.isDone(step: 0) && harness.state.rollbackProgress.done == 2)

        harness.act(.markRollbackStep(1, done: false), as: "sam")
        #expect(harness.state.doneByHand(step: 1) == nil && harness.state.rollbackProgress.done == 1)
    }

    /// A replay folds the marks at their time: not yet, marked by dana, taken back.
    @Test func aReplayShowsTheMarksAtTheirTime() throws {
        var harness = Fixture.Harness(plan: try Self.plan())
        harness.act(.start)
        harness.at(60)
        harness.act(.rollback(reason: nil))
        harness.at(120)
        harness.act(.markRollbackStep(1, done: true), as: "dana")
        harness.at(180)
        harness.act(.markRollbackStep(1, done: false))
        let timeline = ReplayTimeline(plan: try Self.plan(), entries: harness.journal, samples: [])
        var cursor = ReplayCursor(timeline: timeline, at: Fixture.t0.addingTimeInterval(90))
        #expect(cursor.state.doneByHand(step: 1) == nil)
        cursor.move(to: Fixture.t0.addingTimeInterval(150))
        #expect(cursor.state.doneByHand(step: 1)?.by == "dana" && cursor.state.rollbackProgress.done == 1)
        cursor.move(to: Fixture.t0.addingTimeInterval(200))
        #expect(cursor.state.doneByHand(step: 1) == nil)
    }

    /// Two war rooms marking the same step at once did the same thing: the first mark in the journal stands.
    @Test func theFirstMarkStands() throws {
        var state = AppState(plan: try Self.plan(), session: "a", now: Fixture.t0)
        let marks = [(1, "dana", "a"), (2, "sam", "b")].map { seq, actor, session in
            JournalEntry(seq: Int64(seq), time: Fixture.t0.addingTimeInterval(Double(seq)), actor: actor, session: session,
                         event: .rollbackStepMarked(step: 1, done: true))
        }
        for mark in marks { _ = state.apply(.recorded(mark)) }
        #expect(state.doneByHand(step: 1)?.by == "dana")
    }

    @Test func aStepRunsOnlyOnceItsStartIsInTheJournal() throws {
        var state = AppState(plan: try Self.plan(), session: "s1", now: Fixture.t0)
        _ = state.apply(.recorded(JournalEntry(seq: 1, time: Fixture.t0, actor: "sam", session: "s1", event: .releaseStarted(t0: Fixture.t0))))
        _ = state.apply(.recorded(JournalEntry(seq: 2, time: Fixture.t0, actor: "sam", session: "s1", event: .rolledBack(fromStage: 0, reason: nil))))
        let effects = state.apply(.intent(.runRollbackStep(0), actor: "sam"))
        guard case .record(let start)? = effects.first, effects.count == 1 else {
            Issue.record("expected one entry to record, got \(effects)")
            return
        }
        #expect(state.running(step: 0) == nil, "nothing runs before the journal has the start")
        var stored = start
        stored.seq = 3
        #expect(state.apply(.recorded(stored)) == [.run(CommandRequest(step: 0, command: "kubectl argo rollouts abort orders-api", actor: "sam"))])
        #expect(state.apply(.recorded(stored)).isEmpty, "an entry folded twice does not run it twice")
        #expect(state.running(step: 0)?.seq == 3)

        // A start that waited in the unrecorded queue past the limit does not run when it finally lands.
        var late = start
        late.event = .commandStarted(step: 1, command: "x")
        late.seq = 4
        _ = state.apply(.tick(Fixture.t0.addingTimeInterval(AppState.lateStartLimit + 1)))
        #expect(state.apply(.recorded(late))
                == [.refuse(.stepStartedTooLate(step: 1))])
    }

    /// Two war rooms on one journal press x on the same step at once: both starts reach the journal, every
    /// process folds them in the same order, and only the first runs.
    @Test func twoWarRoomsStartingTheSameStepRunItOnce() throws {
        let plan = try Self.plan()
        var rooms = [AppState(plan: plan, session: "a", now: Fixture.t0), AppState(plan: plan, session: "b", now: Fixture.t0)]
        var journal: [JournalEntry] = []
        var runs: [String: [CommandRequest]] = [:], refusals: [String: [Refusal]] = [:]
        func record(_ effects: [Effect]) {
            for case .record(var entry) in effects {
                entry.seq = Int64(journal.count + 1)
                journal.append(entry)
            }
        }
        func sync(_ room: Int) {
            for entry in journal where entry.seq > rooms[room].journalSeq {
                for effect in rooms[room].apply(.recorded(entry)) {
                    switch effect {
                    case .run(let request): runs[rooms[room].session, default: []].append(request)
                    case .refuse(let reason): refusals[rooms[room].session, default: []].append(reason)
                    default: Issue.record("unexpected \(effect)")
                    }
                }
            }
        }
        record(rooms[0].apply(.intent(.start, actor: "dana")))
        sync(0)
        record(rooms[0].apply(.intent(.rollback(reason: nil), actor: "dana")))
        sync(0); sync(1)
        // Both ask before either has seen the other's start.
        record(rooms[1].apply(.intent(.runRollbackStep(0), actor: "sam")))
        record(rooms[0].apply(.intent(.runRollbackStep(0), actor: "dana")))
        sync(0); sync(1)
        #expect(journal.map(\.event.kind).suffix(2) == ["command_started", "command_started"])
        #expect(runs == ["b": [CommandRequest(step: 0, command: "kubectl argo rollouts abort orders-api", actor: "sam")]])
        #expect(refusals == ["a": [.stepAlreadyStarted(step: 0, by: "sam")]])
        #expect(rooms.allSatisfy { $0.running(step: 0)?.session == "b" }, "both show the step running in b")
        #expect(rooms[0].refusal(of: .runRollbackStep(0)) == .stepRunning(step: 0, by: "sam", for: 0))
        #expect(rooms[1].refusal(of: .runRollbackStep(0)) == .stepRunning(step: 0, by: nil, for: 0))

        // b's result frees the step everywhere, and both show it.
        let request = CommandRequest(step: 0, command: "kubectl argo rollouts abort orders-api", actor: "sam")
        record(rooms[1].apply(.commandFinished(CommandResult(request: request, exitStatus: 0, output: "aborted"))))
        sync(0); sync(1)
        #expect(rooms.allSatisfy { $0.running(step: 0) == nil && $0.lastRun(ofStep: 0)?.by == "sam" })
        #expect(rooms[0].refusal(of: .runRollbackStep(0)) == nil, "it may be run again, knowingly")
    }

    @Test func aStartWhoseWarRoomWentAwayLapses() throws {
        var harness = Fixture.Harness(plan: try Self.plan())
        harness.act(.start)
        harness.act(.rollback(reason: nil))
        let command = "kubectl argo rollouts abort orders-api"
        func other(_ session: String, _ offset: TimeInterval, _ event: JournalEvent) {
            harness.at(offset)
            harness.send(.recorded(JournalEntry(seq: harness.state.journalSeq + 1, time: Fixture.t0.addingTimeInterval(offset),
                                                actor: "dana", session: session, event: event)))
        }
        other("x", 10, .commandStarted(step: 0, command: command))
        #expect(harness.state.running(step: 0)?.by == "dana")
        other("x", 20, .sessionDetached)
        #expect(harness.state.running(step: 0) == nil, "a session that quit runs nothing")

        other("y", 30, .commandStarted(step: 0, command: command))
        harness.at(30 + AppState.abandonedCommandAfter - 1)
        #expect(harness.state.running(step: 0)?.session == "y")
        harness.at(30 + AppState.abandonedCommandAfter)
        #expect(harness.state.running(step: 0) == nil, "no result long after its kill: that war room died")
        harness.act(.runRollbackStep(0))
        #expect(harness.runs.count == 1 && harness.refusals.isEmpty, "a new start takes over a lapsed one")
        #expect(harness.state.running(step: 0)?.session == "s1")

        other("y", 30 + AppState.abandonedCommandAfter + 5, .commandRun(command: command, exitStatus: 0, output: "late", step: 0))
        #expect(harness.state.running(step: 0)?.session == "s1", "a late result from the lapsed start does not end the new one")
    }

    @Test func aStartWhoseWarRoomWasSeenGoneIsReleasedAtOnce() throws {
        var harness = Fixture.Harness(plan: try Self.plan())
        harness.act(.start)
        harness.act(.rollback(reason: nil))
        func other(_ session: String, _ offset: TimeInterval, _ event: JournalEvent) {
            harness.at(offset)
            harness.send(.recorded(JournalEntry(seq: harness.state.journalSeq + 1, time: Fixture.t0.addingTimeInterval(offset),
                                                actor: "dana", session: session, event: event)))
        }
        other("x", 5, .sessionAttached(pid: 4242, host: "boot-1:pid:[1]"))
        #expect(harness.state.attendees["x"]?.process == SessionProcess(pid: 4242, host: "boot-1:pid:[1]"))
        other("x", 10, .commandStarted(step: 0, command: "kubectl argo rollouts abort orders-api"))
        #expect(harness.state.running(step: 0)?.by == "dana")
        other("s1", 12, .sessionGone(session: "x", pid: 4242))
        #expect(harness.state.running(step: 0) == nil, "released without waiting for the lapse")
        #expect(harness.state.otherSessions.isEmpty && harness.state.departures["x"]?.reason == .vanished)

        harness.act(.runRollbackStep(0))
        #expect(harness.state.running(step: 0)?.session == "s1")
        other("y", 20, .sessionGone(session: "s1", pid: 1, silentSince: Fixture.t0.addingTimeInterval(14)))
        #expect(harness.state.running(step: 0)?.session == "s1", "a war room that only went silent may still be running it")
    }

    @Test func eachStepHasItsOwnLastRunEvenWithTheSameCommand() throws {
        var plan = try Self.plan()
        plan.rollback.steps = [RollbackStep("Pause", command: "./rollout.sh"), RollbackStep("Pause again", command: "./rollout.sh")]
        var harness = Fixture.Harness(plan: plan)
        harness.act(.start)
        harness.act(.rollback(reason: nil))
        harness.send(.commandFinished(CommandResult(request: CommandRequest(step: 1, command: "./rollout.sh", actor: "sam"),
                                                    exitStatus: 3, output: "")))
        #expect(harness.state.lastRun(ofStep: 1)?.exitStatus == 3)
        #expect(harness.state.lastRun(ofStep: 0) == nil)
        // A run journaled before steps were (no step) counts for the step with its command.
        harness.send(.recorded(JournalEntry(seq: 50, time: Fixture.t0, actor: "sam", session: "old",
                                            event: .commandRun(command: "./rollout.sh", exitStatus: 0, output: ""))))
        #expect(harness.state.lastRun(ofStep: 0)?.exitStatus == 0 && harness.state.lastRun(ofStep: 1)?.exitStatus == 0)
    }

    @Test func aFinishedCommandIsJournaledAsWhoAskedAndShownPerStep() throws {
        var harness = Fixture.Harness(plan: try Self.plan())
        harness.act(.start)
        harness.act(.rollback(reason: nil))
        let request = CommandRequest(step: 0, command: "kubectl argo rollouts abort orders-api", actor: "priya")
        harness.at(30)
        harness.send(.commandFinished(CommandResult(request: request, exitStatus: 1, output: "error: not found\n")))
        harness.at(60)
        harness.send(.commandFinished(CommandResult(request: request, exitStatus: 0, output: "rollout aborted\n")))
        #expect(harness.journal.last?.event == .commandRun(command: request.command, exitStatus: 0, output: "rollout aborted\n", step: 0))
        #expect(harness.journal.last?.actor == "priya")
        #expect(harness.state.commandRuns.map(\.exitStatus) == [1, 0])
        let last = try #require(harness.state.lastRun(ofStep: 0))
        #expect(last.succeeded && last.by == "priya" && last.at == Fixture.t0.addingTimeInterval(60))
        #expect(harness.state.lastRun(ofStep: 1) == nil)
        #expect(harness.state.firstStepWithCommand == 0)
    }
}
