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
        #expect(harness.refusals == ["Record the rollback first (r), then run its steps.",
                                     "Step 2 has no command: it is done by hand.",
                                     "The plan has no rollback step 8."])
        harness.act(.rollback(reason: nil))
        harness.act(.runRollbackStep(0), as: "priya")
        #expect(harness.runs == [CommandRequest(step: 0, command: "kubectl argo rollouts abort orders-api", actor: "priya")])
        #expect(harness.kinds == ["release_started", "rolled_back"], "asking to run records nothing: the run's end does")
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
        #expect(harness.journal.last?.event == .commandRun(command: request.command, exitStatus: 0, output: "rollout aborted\n"))
        #expect(harness.journal.last?.actor == "priya")
        #expect(harness.state.commandRuns.map(\.exitStatus) == [1, 0])
        let last = try #require(harness.state.lastRun(ofStep: 0))
        #expect(last.succeeded && last.by == "priya" && last.at == Fixture.t0.addingTimeInterval(60))
        #expect(harness.state.lastRun(ofStep: 1) == nil)
        #expect(harness.state.firstStepWithCommand == 0)
    }
}
