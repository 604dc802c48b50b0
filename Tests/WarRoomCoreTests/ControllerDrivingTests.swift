import Foundation
import Testing
@testable import WarRoomCore

/// The rollout controller in the fold: readings journaled when they say something new, actions asked for by anyone
/// and run by the evaluator alone, the change they asked for journaled once seen, and the plan compared with it.
@Suite struct ControllerDrivingTests {
    static let checkout = KubernetesObject(name: "checkout", namespace: "shop", context: "prod-eu")

    static func plan(readOnly: Bool = false) throws -> Plan {
        var plan = try Fixture.plan()
        plan.rollout = RolloutSpec(controller: .argo(checkout), readOnly: readOnly, poll: 5)
        return plan
    }

    static func argo(_ phase: ControllerStatus.Phase, step: Int, weight: Int?, pause: String? = nil) -> ControllerStatus {
        ControllerStatus(kind: .argoRollout, name: "checkout", namespace: "shop", phase: phase,
                         rawPhase: phase == .aborted ? "Degraded" : phase.rawValue.capitalized,
                         step: .init(index: step, count: 6), weight: .init(set: weight, actual: weight),
                         pause: pause.map { .init(reason: $0) }, stableHash: "6b4d7c9f55",
                         canaryHash: phase == .healthy ? nil : "7c9f6d4bb8")
    }

    static let paused = argo(.paused, step: 1, weight: 5, pause: "CanaryPauseStep")

    /// A war room that evaluates (holds the lease) with the release started.
    static func evaluating(readOnly: Bool = false) throws -> Fixture.Harness {
        var harness = Fixture.Harness(plan: try plan(readOnly: readOnly))
        harness.send(.recorded(JournalEntry(seq: 1, time: Fixture.t0, actor: "sam", session: "s1",
                                            event: .evaluatorChanged(host: nil, previous: nil, reason: "first"))))
        harness.act(.start)
        return harness
    }

    func read(_ harness: inout Fixture.Harness, _ reading: ControllerReading, at offset: TimeInterval) {
        let time = Fixture.t0.addingTimeInterval(offset)
        harness.send(.tick(time))
        harness.perform(harness.state.evaluation(of: [.controller(reading)], at: time).map(Effect.record))
    }

    // MARK: Commands

    @Test func argoIsPromotedAndAbortedWithTheStatusPatchesItsOwnPluginUses() throws {
        let controller = RolloutController.argo(Self.checkout)
        let scope = "kubectl --context prod-eu -n shop patch rollouts.argoproj.io checkout --subresource=status --type=merge -p"
        guard case .run(let clear) = controller.drive(.promote, observed: Self.paused) else { Issue.record("no promote"); return }
        #expect(clear.command == scope + #" '{"status":{"pauseConditions":null}}'"#)
        #expect(clear.dryRun == clear.command + " --dry-run=server")
        #expect(clear.before == Self.paused)

        let analysing = Self.argo(.progressing, step: 3, weight: 40)
        guard case .run(let skip) = controller.drive(.promote, observed: analysing) else { Issue.record("no skip"); return }
        #expect(skip.command == scope + #" '{"status":{"pauseConditions":null,"currentStepIndex":4}}'"#)

        guard case .run(let abort) = controller.drive(.abort, observed: analysing) else { Issue.record("no abort"); return }
        #expect(abort.command == scope + #" '{"status":{"abort":true}}'"#)

        let aborted = Self.argo(.aborted, step: 3, weight: 0)
        #expect(controller.drive(.abort, observed: aborted) == .unavailable("the Argo Rollout is already aborted"))
        #expect(controller.drive(.promote, observed: Self.argo(.healthy, step: 6, weight: 100))
                == .unavailable("the Argo Rollout has no step left to promote past"))
        #expect(controller.drive(.promote, observed: nil) == .unavailable("the Argo Rollout has not been read yet"))
    }

    @Test func deploymentsResumeAndUndoFlaggerIsOnlyWatchedAndCommandsRunAsWritten() {
        let ledger = KubernetesObject(name: "ledger", namespace: "payments")
        let paused = ControllerStatus(kind: .deployment, name: "ledger", phase: .paused, rawPhase: "DeploymentPaused")
        guard case .run(let resume) = RolloutController.deployment(ledger).drive(.promote, observed: paused),
              case .run(let undo) = RolloutController.deployment(ledger).drive(.abort, observed: paused) else {
            Issue.record("a deployment is driven")
            return
        }
        #expect(resume.command == #"kubectl -n payments patch deployments.apps ledger --type=merge -p '{"spec":{"paused":false}}'"#)
        #expect(undo.command == "kubectl -n payments rollout undo deployments.apps/ledger")
        #expect(undo.dryRun == "kubectl -n payments rollout undo deployments.apps/ledger --dry-run=server")

        guard case .unavailable(let why) = RolloutController.flagger(ledger).drive(.abort, observed: nil) else {
            Issue.record("Flagger is not driven without its gate commands")
            return
        }
        #expect(why.contains("rolls back by itself") && why.contains("give rollout.flagger an abort command"))
        let gated = RolloutController.flagger(ledger, promote: "./open-gate.sh", abort: "./open-rollback.sh")
        #expect(gated.drive(.abort, observed: paused) == .run(ControllerAction(verb: .abort, command: "./open-rollback.sh", before: paused)))
        #expect(gated.target == .flagger(ledger), "the gate commands may change mid-release; the canary watched may not")

        let scripts = RolloutController.command(status: "./status.sh", promote: "./promote.sh --next", abort: nil)
        #expect(scripts.drive(.promote, observed: nil) == .run(ControllerAction(verb: .promote, command: "./promote.sh --next")))
        #expect(scripts.drive(.abort, observed: nil) == .unavailable("the plan's rollout command has no abort command"))
    }

    @Test func wordsTheShellWouldSplitAreQuoted() {
        #expect(ShellQuote.quoted("prod-eu") == "prod-eu")
        #expect(ShellQuote.quoted("it's; rm -rf /") == #"'it'\''s; rm -rf /'"#)
        #expect(ShellQuote.quoted("") == "''")
    }

    // MARK: Readings

    @Test func aReadingIsJournaledWhenItSaysSomethingNewAndRefreshedEveryHalfMinute() throws {
        var harness = try Self.evaluating()
        read(&harness, .status(Self.paused), at: 1)
        read(&harness, .status(Self.paused), at: 6)
        read(&harness, .status(Self.paused), at: 11)
        #expect(harness.kinds.filter { $0 == "controller_read" }.count == 1, "unchanged within the refresh: journaled once")
        read(&harness, .status(Self.paused), at: 32)
        #expect(harness.kinds.filter { $0 == "controller_read" }.count == 2, "refreshed after 30 s")
        #expect(harness.state.controller.readAt == Fixture.t0.addingTimeInterval(32))

        read(&harness, .unreadable(reason: "kubectl may not read it"), at: 37)
        read(&harness, .unreadable(reason: "kubectl may not read it"), at: 42)
        #expect(harness.kinds.filter { $0 == "controller_read" }.count == 3)
        #expect(harness.state.controller.failure == "kubectl may not read it")
        #expect(harness.state.controller.failingSince == Fixture.t0.addingTimeInterval(37))
        #expect(harness.state.controller.status == Self.paused, "the last status stays, shown as stale")

        read(&harness, .status(Self.paused), at: 47)
        #expect(harness.state.controller.failure == nil)
        #expect(harness.kinds.filter { $0 == "controller_read" }.count == 4, "recovering is news")
    }

    @Test func aReadingGoesStaleWhenNoneComesForLongerThanRefreshAndPollsAllow() throws {
        var harness = try Self.evaluating()
        #expect(harness.state.isControllerStale, "never read")
        read(&harness, .status(Self.paused), at: 1)
        #expect(!harness.state.isControllerStale)
        harness.send(.tick(Fixture.t0.addingTimeInterval(1 + 30 + 15 + 5)))
        #expect(!harness.state.isControllerStale)
        harness.send(.tick(Fixture.t0.addingTimeInterval(1 + 30 + 15 + 6)))
        #expect(harness.state.isControllerStale)
    }

    // MARK: Actions

    @Test func anActionIsRunByTheEvaluatorOnceAndItsChangeJournaledWhenSeen() throws {
        var harness = try Self.evaluating()
        read(&harness, .status(Self.paused), at: 1)
        guard case .run(let abort)? = harness.state.controllerDrive(.abort) else { Issue.record("no abort"); return }
        harness.act(.driveController(abort), as: "dana")
        #expect(harness.drives.map(\.action) == [abort])
        let request = try #require(harness.drives.first).seq
        #expect(harness.state.controller.openAction?.isWaiting == true)

        harness.act(.driveController(abort), as: "priya")
        #expect(harness.refusals == [.controllerActionWaiting(verb: "abort", by: "dana")], "one at a time")

        harness.send(.controllerActionFinished(ControllerActionResult(
            request: request, verb: .abort, dryRun: .init(exitStatus: 0, output: "rollout.argoproj.io/checkout patched (server dry run)\n"),
            run: .init(exitStatus: 0, output: "rollout.argoproj.io/checkout patched\n"))))
        #expect(harness.state.controller.openAction?.isAwaitingChange == true)

        read(&harness, .status(Self.paused), at: 4)
        #expect(harness.state.controller.actions.last?.observed == nil, "not yet")
        read(&harness, .status(Self.argo(.aborted, step: 1, weight: 0)), at: 9)
        let action = try #require(harness.state.controller.actions.last)
        #expect(action.observed == "aborted · weight 0%")
        #expect(action.observedAt == Fixture.t0.addingTimeInterval(9))
        #expect(harness.state.controller.openAction == nil)
        #expect(Array(harness.kinds.suffix(4)) == ["controller_action_requested", "controller_action_run", "controller_read",
                                                   "controller_change_observed"])
        read(&harness, .status(Self.argo(.aborted, step: 1, weight: 0)), at: 14)
        #expect(harness.kinds.filter { $0 == "controller_change_observed" }.count == 1, "observed once")
    }

    @Test func onlyTheEvaluatorRunsARequestAndALateOneIsAnsweredNotRun() throws {
        let action = ControllerAction(verb: .promote, command: "kubectl promote", before: Self.paused)
        var watcher = Fixture.Harness(plan: try Self.plan())
        watcher.send(.recorded(JournalEntry(seq: 1, time: Fixture.t0, actor: "sam", session: "other",
                                            event: .evaluatorChanged(host: nil, previous: nil, reason: "first"))))
        watcher.send(.recorded(JournalEntry(seq: 2, time: Fixture.t0, actor: "dana", session: "s1",
                                            event: .controllerActionRequested(action))))
        #expect(watcher.drives.isEmpty, "a war room that does not evaluate only shows the request")
        #expect(watcher.journal.isEmpty)

        var evaluator = try Self.evaluating()
        evaluator.send(.tick(Fixture.t0.addingTimeInterval(100)))
        evaluator.send(.recorded(JournalEntry(seq: 50, time: Fixture.t0.addingTimeInterval(40), actor: "dana", session: "s9",
                                              event: .controllerActionRequested(action))))
        #expect(evaluator.drives.isEmpty)
        let answer = try #require(evaluator.state.controller.actions.last?.result)
        #expect(answer.run == nil)
        #expect(answer.outcomeWords == "not run: the evaluator took the request up too late (60 s)")
    }

    @Test func aReadOnlyPlanRefusesActions() throws {
        var harness = try Self.evaluating(readOnly: true)
        #expect(harness.state.controllerDrive(.promote) == .unavailable("the plan watches the controller read-only (rollout: readonly: true)"))
        harness.act(.driveController(ControllerAction(verb: .promote, command: "kubectl promote")))
        #expect(harness.refusals == [.controllerReadOnly])
        #expect(harness.drives.isEmpty)
    }

    // MARK: The plan beside the controller

    @Test func thePlanAndTheControllerDisagreeInWords() throws {
        var harness = try Self.evaluating()
        read(&harness, .status(Self.argo(.progressing, step: 0, weight: 5)), at: 1)
        #expect(harness.state.controllerDisagreement == nil, "Canary 5% at weight 5%")
        read(&harness, .status(Self.argo(.progressing, step: 2, weight: 50)), at: 6)
        #expect(harness.state.controllerDisagreement == "plan: Canary 5% · controller: step 2/6 · weight 50%")
        read(&harness, .status(Self.argo(.aborted, step: 2, weight: 0)), at: 11)
        #expect(harness.state.controllerDisagreement == "plan: Canary 5% · controller: aborted · weight 0%")
        harness.act(.rollback(reason: nil))
        #expect(harness.state.controllerDisagreement == nil, "both rolled back")
    }
}
