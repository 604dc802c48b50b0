import Foundation
import Testing
@testable import WarRoomCore

@Suite struct GateTests {
    @Test func readyOnlyWhenEverythingHolds() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.act(.start)
        harness.healthy(at: 100)
        harness.at(100)
        var gate = harness.state.gate()
        #expect(gate.verdict == .blocked)
        #expect(gate.reasons == ["wait 3m20s more (min 5m)", "checklist open: Smoke tests pass"])

        harness.act(.toggleChecklist(item: "launch_day.1"))
        harness.healthy(at: 300)
        harness.at(300)
        gate = harness.state.gate()
        #expect(gate.verdict == .ready)
        #expect(gate.reasons == ["ready to promote to Canary 50%"])
    }

    @Test func warnAndPendingAreReasons() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.act(.start)
        harness.act(.toggleChecklist(item: "launch_day.1"))
        harness.healthy(at: 290)
        harness.sample("error_rate", 2.2, at: 300)
        harness.at(300)
        let gate = harness.state.gate()
        #expect(gate.verdict == .blocked)
        #expect(gate.reasons == ["error_rate BREACH: 2.2%, needs < 1%",
                                 "trigger pending: error_rate > 2% for 5m (fires in 5m00s)"])
    }

    @Test func staleInputsMakeTheGateInconclusive() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.act(.start)
        harness.act(.toggleChecklist(item: "launch_day.1"))
        harness.healthy(at: 0)
        harness.at(400)
        let gate = harness.state.gate()
        #expect(gate.verdict == .inconclusive)
        #expect(gate.reasons.contains("error_rate STALE: no sample for 6m40s"))
    }

    @Test func decisionSchedule() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        #expect(harness.state.decisionStatus("T+15m") == .notStarted)
        harness.act(.start)
        harness.at(600)
        #expect(harness.state.decisionStatus("T+15m") == .upcoming(in: 300))
        harness.at(960)
        #expect(harness.state.decisionStatus("T+15m") == .due(since: 60))
        #expect(harness.state.dueDecision?.id == "T+15m")
        harness.at(900 + 601)
        #expect(harness.state.decisionStatus("T+15m") == .overdue(by: 601))
        harness.healthy(at: 1501)
        #expect(harness.state.overallStatus == .watch)
        harness.act(.decide(point: "T+15m", verdict: .go, note: nil))
        guard case .decided(let decision) = harness.state.decisionStatus("T+15m") else { Issue.record("not decided"); return }
        #expect(decision.record.evidence.metrics.map(\.status) == [.ok, .ok, .ok])
        #expect(decision.record.evidence.checklistTotal == 2)
        #expect(harness.state.overallStatus == .healthy)
    }
}
