import Foundation
import Testing
@testable import WarRoomCore

/// Once the release is rolled back its decision points stop nagging, yet `d` can still record one.
@Suite struct DecisionAfterRollbackTests {
    @Test func aRollbackStopsTheNaggingButNotTheRecording() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.act(.start)
        harness.at(900 + 700)
        #expect(harness.state.naggingDecision?.id == "T+15m")
        #expect(harness.state.decisionStatus("T+15m") == .overdue(by: 700))

        harness.act(.rollback(reason: "errors"))
        #expect(harness.state.decisionStatus("T+15m") == .dueAfterRollback(since: 700))
        #expect(harness.state.naggingDecision == nil, "nothing nags once rolled back")
        #expect(harness.state.dueDecision?.id == "T+15m", "d still records the earliest undecided point that is due")
        #expect(harness.state.refusal(of: .decide(point: "T+15m", verdict: .rollback, note: nil)) == nil)
        #expect(harness.state.refusal(of: .decide(point: "T+1h", verdict: .go, note: nil)) == .notDueYet("T+1h"))

        harness.at(3600 + 60)
        #expect(harness.state.decisionStatus("T+1h") == .dueAfterRollback(since: 60), "a point coming due later is quiet too")
        #expect(harness.state.naggingDecision == nil)
        harness.act(.decide(point: "T+15m", verdict: .rollback, note: "rolled back at T+26m"))
        #expect(harness.state.decisions["T+15m"]?.record.verdict == .rollback)
        #expect(harness.state.dueDecision?.id == "T+1h", "then the next one")
    }

    @Test func beforeTheRollbackADueDecisionNagsAsBefore() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.act(.start)
        harness.at(960)
        #expect(harness.state.naggingDecision?.id == "T+15m" && harness.state.dueDecision?.id == "T+15m")
    }
}
