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
        let request = try #require(harness.drives.first).action.id
        #expect(request == "s1-\(Int(Fixture.t0.timeIntervalSince1970 + 1) * 1000)", "named by who asked and when")
        #expect(harness.drives.map(\.action.command) == [abort.command])
        #expect(harness.state.controller.openAction(at: harness.state.now)?.isWaiting == true)

        harness.act(.driveController(abort), as: "priya")
        #expect(harness.refusals == [.controllerActionOpen(verb: "abort", by: "dana", waiting: true)], "one at a time")

        harness.send(.controllerActionFinished(ControllerActionResult(
            request: request, verb: .abort, dryRun: .init(exitStatus: 0, output: "rollout.argoproj.io/checkout patched (server dry run)\n"),
            run: .init(exitStatus: 0, output: "rollout.argoproj.io/checkout patched\n"))))
        #expect(harness.state.controller.openAction(at: harness.state.now)?.isAwaitingChange == true)
        harness.act(.driveController(abort), as: "priya")
        #expect(harness.refusals.last == .controllerActionOpen(verb: "abort", by: "dana", waiting: false),
                "run, not yet seen: still one at a time")

        read(&harness, .status(Self.paused), at: 4)
        #expect(harness.state.controller.actions.last?.observed == nil, "not yet")
        read(&harness, .status(Self.argo(.aborted, step: 1, weight: 0)), at: 9)
        let action = try #require(harness.state.controller.actions.last)
        #expect(action.observed == "aborted · weight 0%")
        #expect(action.observedAt == Fixture.t0.addingTimeInterval(9))
        #expect(harness.state.controller.openAction(at: harness.state.now) == nil)
        #expect(Array(harness.kinds.suffix(5)) == ["controller_action_requested", "controller_action_started", "controller_action_run",
                                                   "controller_read", "controller_change_observed"],
                "started before it runs, so an evaluator taking over knows it may have run")
        read(&harness, .status(Self.argo(.aborted, step: 1, weight: 0)), at: 14)
        #expect(harness.kinds.filter { $0 == "controller_change_observed" }.count == 1, "observed once")
    }

    /// Two war rooms confirm at once, each before it saw the other's request: the evaluator runs the first and
    /// answers the second "not run", so a Deployment is never undone twice and an Argo pause never cleared twice.
    @Test func aSecondRequestWhileTheFirstIsOpenIsAnsweredNotRun() throws {
        var harness = try Self.evaluating()
        read(&harness, .status(Self.paused), at: 1)
        guard case .run(let promote)? = harness.state.controllerDrive(.promote) else { Issue.record("no promote"); return }
        for (seq, who) in [(Int64(100), "dana"), (200, "priya")] {
            var asked = promote
            asked.id = "\(who)-1"
            harness.send(.recorded(JournalEntry(seq: seq, time: harness.state.now, actor: who, session: who,
                                                event: .controllerActionRequested(asked))))
        }
        #expect(harness.drives.map(\.action.id) == ["dana-1"])
        let second = try #require(harness.state.controller.actions.last?.result)
        #expect(second.outcomeWords.hasPrefix("not run: dana's promote at "))
        #expect(second.outcomeWords.hasSuffix(" still held the controller"))
    }

    /// A promote worked out at the first pause must not clear a later one: the evaluator runs a request only while
    /// the controller stands where the command was worked out from.
    @Test func aRequestForAControllerThatHasMovedOnIsAnsweredNotRun() throws {
        var harness = try Self.evaluating()
        read(&harness, .status(Self.paused), at: 1)
        guard case .run(var promote)? = harness.state.controllerDrive(.promote) else { Issue.record("no promote"); return }
        read(&harness, .status(Self.argo(.paused, step: 3, weight: 40, pause: "CanaryPauseStep")), at: 6)
        promote.id = "dana-1"
        harness.send(.recorded(JournalEntry(seq: 100, time: harness.state.now, actor: "dana", session: "dana",
                                            event: .controllerActionRequested(promote))))
        #expect(harness.drives.isEmpty)
        #expect(harness.state.controller.actions.last?.result?.outcomeWords
                == "not run: the controller moved since it was confirmed (then paused · step 1/6 · weight 5%, now paused · step 3/6 · weight 40%)")
        // The router's actual weight moving within a step is not a move.
        var settling = Self.paused
        settling.weight = .init(set: 5, actual: 3)
        #expect(settling.standsWhere(Self.paused))
    }

    @Test func nothingIsWorkedOutFromAReadingThatFailsOrIsStale() throws {
        var harness = try Self.evaluating()
        read(&harness, .status(Self.paused), at: 1)
        read(&harness, .unreadable(reason: "kubectl is not logged in to the cluster (Unauthorized) — renew its credentials"), at: 6)
        #expect(harness.state.controllerDrive(.abort)
                == .unavailable("the controller cannot be read now (kubectl is not logged in to the cluster (Unauthorized) — renew its credentials)"))
        read(&harness, .status(Self.paused), at: 11)
        harness.send(.tick(Fixture.t0.addingTimeInterval(11 + 60)))
        #expect(harness.state.controllerDrive(.abort) == .unavailable("the controller's newest reading is stale (read 1m00s ago)"))
    }

    /// An action run but never seen to take effect stops holding the controller after a while, and says so.
    @Test func anActionNeverSeenToActLetsGoAfterItsWindow() throws {
        var harness = try Self.evaluating()
        read(&harness, .status(Self.paused), at: 1)
        guard case .run(let abort)? = harness.state.controllerDrive(.abort) else { Issue.record("no abort"); return }
        harness.act(.driveController(abort), as: "dana")
        let request = try #require(harness.drives.first).action.id
        harness.send(.controllerActionFinished(ControllerActionResult(request: request, verb: .abort, run: .init(exitStatus: 0, output: ""))))
        let ran = harness.state.now
        #expect(harness.state.controller.openAction(at: ran.addingTimeInterval(AppState.controllerChangeWindow)) != nil)
        #expect(harness.state.controller.openAction(at: ran.addingTimeInterval(AppState.controllerChangeWindow + 1)) == nil)
        // Seen after its window, it is history: not journaled as this action's effect.
        read(&harness, .status(Self.argo(.aborted, step: 1, weight: 0)), at: 1 + AppState.controllerChangeWindow + 5)
        #expect(!harness.kinds.contains("controller_change_observed"))
    }

    /// A Deployment has no aborted phase: its undo is seen as a new generation the controller has acted on, not as any
    /// change (a pod becoming ready is not an undo).
    @Test func aDeploymentUndoIsSeenAsANewGeneration() {
        let before = ControllerStatus(kind: .deployment, name: "ledger", phase: .progressing, rawPhase: "ReplicaSetUpdated",
                                      replicas: .init(desired: 4, updated: 2, ready: 3, available: 3), generationLag: 0, generation: 7)
        let undo = ControllerAction(verb: .abort, command: "kubectl rollout undo", before: before)
        var podReady = before
        podReady.replicas?.updated = 3
        #expect(undo.change(observedIn: podReady) == nil)
        var notYetObserved = before
        notYetObserved.generation = 8
        notYetObserved.generationLag = 1
        #expect(undo.change(observedIn: notYetObserved) == nil)
        var undone = notYetObserved
        undone.generationLag = 0
        #expect(undo.change(observedIn: undone) == "2/4 pods updated")
    }

    @Test func onlyTheEvaluatorRunsARequestAndALateOneIsAnsweredNotRun() throws {
        let action = ControllerAction(id: "dana-1", verb: .promote, command: "kubectl promote", before: Self.paused)
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

    // MARK: Taking over

    /// The war room that takes the evaluator over answers what the one before left open: a request it started and
    /// never answered is "unknown" (the controller may have taken it), one it never started is started here. A late
    /// real answer from the old evaluator replaces "unknown".
    @Test func aNewEvaluatorAnswersWhatTheOldOneLeftOpen() throws {
        let before = Self.paused
        var harness = Fixture.Harness(plan: try Self.plan())
        var seq: Int64 = 0
        func recorded(_ event: JournalEvent, by actor: String = "warroom", session: String, at offset: TimeInterval) -> Event {
            seq += 100
            return .recorded(JournalEntry(seq: seq, time: Fixture.t0.addingTimeInterval(offset), actor: actor, session: session, event: event))
        }
        harness.send(.tick(Fixture.t0.addingTimeInterval(10)))
        harness.send(recorded(.sessionAttached(pid: 7, host: "h", hostName: "alice-laptop"), by: "alice", session: "old", at: 0))
        harness.send(recorded(.evaluatorChanged(host: nil, previous: nil, reason: "first"), by: "alice", session: "old", at: 0))
        harness.send(recorded(.controllerRead(.status(before)), session: "old", at: 1))
        let started = ControllerAction(id: "dana-1", verb: .abort, command: "kubectl abort", before: before)
        harness.send(recorded(.controllerActionRequested(started), by: "dana", session: "dana", at: 2))
        harness.send(recorded(.controllerActionStarted(request: "dana-1"), session: "old", at: 2))
        #expect(harness.drives.isEmpty && harness.journal.isEmpty, "not ours to run or answer")

        harness.send(recorded(.evaluatorChanged(host: nil, previous: "old", reason: "alice's war room went silent"), by: "sam",
                              session: "s1", at: 9))
        let lost = try #require(harness.state.controller.actions.first { $0.request == "dana-1" }?.result)
        #expect(lost.outcomeWords == "unknown: alice's war room started it and stopped evaluating before it said how it ended — check the controller")
        #expect(harness.drives.isEmpty, "never run twice")

        // The old evaluator was only cut off: its own account, when it lands, is the one kept.
        harness.send(recorded(.controllerActionRun(ControllerActionResult(request: "dana-1", verb: .abort, run: .init(exitStatus: 0, output: "patched"))),
                              session: "old", at: 10))
        #expect(harness.state.controller.actions.first { $0.request == "dana-1" }?.result?.outcomeWords == "exit 0")

        // A request the old evaluator never started is started by the new one, which then runs it.
        var waiting = ControllerAction(id: "priya-1", verb: .promote, command: "kubectl promote", before: before)
        waiting.before = before
        var other = Fixture.Harness(plan: try Self.plan())
        other.send(.tick(Fixture.t0.addingTimeInterval(10)))
        seq = 0
        for event in [recorded(.evaluatorChanged(host: nil, previous: nil, reason: "first"), by: "alice", session: "old", at: 0),
                      recorded(.controllerRead(.status(before)), session: "old", at: 1),
                      recorded(.controllerActionRequested(waiting), by: "priya", session: "priya", at: 5),
                      recorded(.evaluatorChanged(host: nil, previous: "old", reason: "took over"), by: "sam", session: "s1", at: 9)] {
            other.send(event)
        }
        #expect(other.kinds.suffix(1) == ["controller_action_started"])
        #expect(other.drives.map(\.action.id) == ["priya-1"])
    }
}
