import Foundation
import Testing
@testable import WarRoomCore

@Suite struct ReducerTests {
    @Test func actionsChangeStateOnlyOnceJournaled() throws {
        var state = AppState(plan: try Fixture.plan(), session: "s1", now: Fixture.t0)
        let effects = state.apply(.intent(.start, actor: "sam"))
        guard case .record(let entry)? = effects.first else { Issue.record("expected a record effect"); return }
        #expect(entry.event == .releaseStarted(t0: Fixture.t0))
        #expect(entry.actor == "sam" && entry.session == "s1")
        #expect(state.t0 == nil, "nothing changes before the journal confirms")
        _ = state.apply(.recorded(JournalEntry(seq: 1, time: Fixture.t0, actor: "sam", session: "s1", event: entry.event)))
        #expect(state.t0 == Fixture.t0)
        #expect(state.stage?.name == "Canary 5%")
    }

    @Test func foldingIsIdempotentBySeq() throws {
        var state = AppState(plan: try Fixture.plan(), session: "s1", now: Fixture.t0)
        let tick = JournalEntry(seq: 3, time: Fixture.t0, actor: "ann", session: "s2", event: .checklistTicked(item: "pre_launch.1"))
        let untick = JournalEntry(seq: 2, time: Fixture.t0, actor: "ann", session: "s2", event: .checklistUnticked(item: "pre_launch.1"))
        _ = state.apply(.recorded(tick))
        _ = state.apply(.recorded(untick))
        _ = state.apply(.recorded(tick))
        #expect(state.ticks["pre_launch.1"]?.by == "ann")
        #expect(state.journalSeq == 3)
    }

    @Test func checklistTogglesAndRecordsWho() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.act(.toggleChecklist(item: "launch_day.1"), as: "priya")
        #expect(harness.state.ticks["launch_day.1"]?.by == "priya")
        harness.act(.toggleChecklist(item: "launch_day.1"), as: "priya")
        #expect(harness.state.ticks["launch_day.1"] == nil)
        #expect(harness.kinds == ["checklist_ticked", "checklist_unticked"])
    }

    @Test func refusesWhatCannotBeDone() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.act(.promote())
        harness.act(.acknowledge(trigger: "error_rate > 2% for 5m"))
        harness.act(.decide(point: "T+15m", verdict: .go, note: nil))
        harness.act(.note("   "))
        #expect(harness.journal.isEmpty)
        #expect(harness.refusals == [.notStarted, .notFiring, .decisionBeforeStart, .emptyNote])
    }

    @Test func promotesThroughStagesUntilTheLast() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.act(.start)
        harness.at(60)
        harness.act(.promote())
        #expect(harness.state.stageIndex == 0, "a gate that is not READY refuses a plain promotion")
        #expect(harness.refusals.last == .gateNeedsReason(verdict: "INCONCLUSIVE", reason: harness.state.gate().reasons.first))
        harness.act(.promote(override: "  "))
        #expect(harness.state.stageIndex == 0, "a blank reason is no reason")
        harness.act(.promote(override: "metrics flat, PM sign-off"))
        harness.at(120)
        harness.act(.promote(override: "demo"))
        harness.act(.promote(override: "demo"))
        #expect(harness.state.stage?.name == "Full 100%")
        #expect(harness.state.stageEnteredAt == Fixture.t0.addingTimeInterval(120))
        #expect(harness.refusals.last == .finalStage)
        guard case .stagePromoted(_, _, _, let override?) = harness.journal.first(where: { $0.event.kind == "stage_promoted" })?.event
        else { Issue.record("the first promotion should carry its override"); return }
        #expect(override.reason == "metrics flat, PM sign-off")
        #expect(override.gate == "INCONCLUSIVE")
        #expect(!override.gateReasons.isEmpty)
    }

    @Test func scheduledStartBeginsAtT0ByItself() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan(start: Fixture.t0.addingTimeInterval(600)))
        harness.at(599)
        #expect(!harness.state.isStarted)
        #expect(harness.state.elapsed == -1)
        harness.at(600)
        #expect(harness.state.t0 == Fixture.t0.addingTimeInterval(600))
        harness.at(700)
        #expect(harness.kinds == ["release_started"])
    }

    @Test func rollbackClosesTheGate() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.act(.start)
        harness.act(.rollback(reason: "errors"))
        #expect(harness.state.overallStatus == .rolledBack)
        #expect(harness.state.gate().verdict == .closed)
        harness.act(.promote())
        #expect(harness.refusals.last == .rolledBack)
    }

    @Test func resumeRestoresHumanState() throws {
        var first = Fixture.Harness(plan: try Fixture.plan())
        first.act(.start)
        first.at(100)
        first.act(.toggleChecklist(item: "pre_launch.1"), as: "ann")
        first.at(400)
        first.act(.promote(override: "no traffic yet"))
        first.at(1000)
        first.act(.decide(point: "T+15m", verdict: .go, note: "clean"))

        var second = AppState(plan: try Fixture.plan(), session: "s2", now: Fixture.t0)
        second.resume(from: first.journal)
        #expect(second.t0 == Fixture.t0)
        #expect(second.stageIndex == 1)
        #expect(second.ticks["pre_launch.1"]?.by == "ann")
        #expect(second.decisions["T+15m"]?.record.note == "clean")
        #expect(second.resumedEntries == first.journal.count)
    }
}
