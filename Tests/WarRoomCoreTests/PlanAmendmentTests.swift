import Foundation
import Testing
@testable import WarRoomCore

/// A plan edited mid-release: what it changes, in the plan's own words, and what the journal cannot let it take away.
@Suite struct PlanAmendmentTests {
    /// The fixture's release as far as `events` take it, one journal entry each, a minute apart from T0.
    static func progress(_ plan: Plan, _ events: [JournalEvent]) -> FoldedState {
        let entries = events.enumerated().map { index, event in
            JournalEntry(seq: Int64(index + 1), time: Fixture.t0.addingTimeInterval(Double(index) * 60), actor: "sam",
                         session: "s1", event: event)
        }
        return FoldedState(plan: plan).folding(entries)
    }

    static let started: JournalEvent = .releaseStarted(t0: Fixture.t0)
    static let promoted: JournalEvent = .stagePromoted(from: 0, to: 1, stage: "Canary 50%")

    static func decided(_ point: String) -> JournalEvent {
        let evidence = Evidence(stage: "Canary 5%", metrics: [], triggers: [], checklistDone: 0, checklistTotal: 2,
                                gateReasons: [], recentErrors: [])
        return .decisionRecorded(DecisionRecord(point: point, verdict: .go, note: nil, evidence: evidence))
    }

    /// The changes of `edit` applied to the fixture plan, or nil when it is refused or changes nothing.
    static func changes(after events: [JournalEvent] = [], _ edit: (inout Plan) throws -> Void) throws -> [String]? {
        let plan = try Fixture.plan()
        var new = plan
        try edit(&new)
        return try PlanAmendment.between(plan, new, progress: progress(plan, events)).get()?.changes
    }

    static func refusal(after events: [JournalEvent] = [], _ edit: (inout Plan) throws -> Void) throws -> PlanAmendmentRefusal? {
        let plan = try Fixture.plan()
        var new = plan
        try edit(&new)
        switch PlanAmendment.between(plan, new, progress: progress(plan, events)) {
        case .success: return nil
        case .failure(let refusal): return refusal
        }
    }

    // MARK: Changes

    @Test func equalPlansAreNoAmendment() throws {
        let plan = try Fixture.plan()
        #expect(try PlanAmendment.between(plan, plan, progress: Self.progress(plan, [Self.started, Self.promoted])).get() == nil)
    }

    @Test func amendmentCarriesTheNewPlan() throws {
        let plan = try Fixture.plan()
        var new = plan
        new.metrics[0].alert = Bound(.above, 2.5)
        let amendment = try PlanAmendment.between(plan, new, progress: Self.progress(plan, [])).get()
        #expect(amendment?.plan == new)
    }

    @Test func thresholdChangeIsOneLineInThePlansNotation() throws {
        let changes = try Self.changes(after: [Self.started]) { $0.metrics[0].alert = Bound(.above, 2.5) }
        #expect(changes == ["error_rate alert > 2% → > 2.5%"])
    }

    @Test func triggerWindowChangeReadsAsOneChangedTrigger() throws {
        let changes = try Self.changes(after: [Self.started]) { $0.triggers[0] = try TriggerRule(parsing: "error_rate > 2% for 10m") }
        #expect(changes == ["trigger changed: error_rate > 2% for 5m → error_rate > 2% for 10m"])
    }

    @Test func triggerAddedAndRemoved() throws {
        let added = try Self.changes { $0.triggers.append(try TriggerRule(parsing: "p99_latency > 450ms for 5m")) }
        #expect(added == ["trigger added: p99_latency > 450ms for 5m"])
        let removed = try Self.changes { $0.triggers.remove(at: 2) }
        #expect(removed == ["trigger removed: health fails 3 consecutive"])
    }

    @Test func newMetric() throws {
        let changes = try Self.changes {
            $0.metrics.append(MetricSpec(name: "saturation", unit: .percent, baseline: nil, success: Bound(.below, 70),
                                         alert: Bound(.above, 90)))
        }
        #expect(changes == ["metric added: saturation"])
    }

    @Test func newChecklistItem() throws {
        let changes = try Self.changes(after: [Self.started]) {
            $0.checklist.append(ChecklistItem(id: "launch_day.2", phase: .launchDay, text: "Warm caches"))
        }
        #expect(changes == ["checklist item added: launch_day.2 'Warm caches'"])
    }

    @Test func stageMinDuration() throws {
        let changes = try Self.changes(after: [Self.started, Self.promoted]) { $0.stages[1].minDuration = 900 }
        #expect(changes == ["stage Canary 50% min duration 10m → 15m"])
    }

    @Test func decisionPointMovedInTimeKeepsItsTitle() throws {
        let changes = try Self.changes(after: [Self.started]) {
            $0.decisionPoints[1] = DecisionPoint(id: "T+1h30m", offset: 5400, title: "Stability assessment")
        }
        #expect(changes == ["decision point 'Stability assessment' T+1h → T+1h30m"])
    }

    @Test func fieldsWithoutWordsOfTheirOwnStillGiveALine() throws {
        var plan = try Fixture.plan()
        plan.approvals = [Approval(role: "Security")]
        plan.healthChecks = [HealthCheck(name: "ready", probe: .http(url: "http://canary/ready", statuses: 200...299,
                                                                        bodyContains: nil, token: nil))]
        var new = plan
        new.approvals[0].approved = true
        new.healthChecks[0].probe = .http(url: "http://canary/ready", statuses: 200...200, bodyContains: nil, token: nil)
        let amendment = try PlanAmendment.between(plan, new, progress: Self.progress(plan, [Self.started])).get()
        #expect(amendment?.changes == ["health check ready probe changed", "approval Security changed"])
        let owners = try Self.changes { $0.rollback.owners = [RollbackOwner(stages: [], primary: "Wen")] }
        #expect(owners == ["rollback owners changed"])
        let stakeholders = try Self.changes { $0.communication.stakeholders = [Stakeholder(who: "Support")] }
        #expect(stakeholders == ["stakeholders changed"])
        let query = try Self.changes {
            $0.sources = [MetricSource(name: "prom", kind: .prometheus(url: "https://prom", token: nil))]
            $0.metrics[0].feed = .prometheus(source: "prom", query: "sum(rate(errors[5m]))")
        }
        #expect(query == ["error_rate reads any source → source prom query", "source added: prom"])
    }

    /// Targets added, removed and changed, named with their secrets' variables: a plan holds no secret's value to print.
    @Test func notifyTargetsInThePlansWords() throws {
        let slack = NotifyTarget(name: "releases", destination: .slack(webhook: SecretReference(variable: "SLACK_WEBHOOK_URL")))
        let pager = NotifyTarget(name: "pager", destination: .pagerDuty(routingKey: SecretReference(variable: "PD_ROUTING_KEY"),
                                                                      eventsURL: nil),
                                 events: [.triggerFiring, .rollback])
        var plan = try Fixture.plan()
        plan.notify = [slack, pager]
        var new = plan
        new.notify.removeFirst()
        new.notify[0].destination = .pagerDuty(routingKey: SecretReference(variable: "PD_EU_KEY"), eventsURL: "https://events.eu.pagerduty.com")
        new.notify[0].events = [.triggerFiring]
        new.notify.append(NotifyTarget(name: "hooks", destination: .webhook(url: "https://hooks.example.com/warroom",
                                                                             secret: SecretReference(variable: "HOOK_TOKEN"))))
        let amendment = try PlanAmendment.between(plan, new, progress: Self.progress(plan, [Self.started])).get()
        #expect(amendment?.changes == [
            "notify target removed: releases (Slack ${SLACK_WEBHOOK_URL})",
            "notify target added: hooks (webhook https://hooks.example.com/warroom with secret ${HOOK_TOKEN})",
            "notify target pager PagerDuty ${PD_ROUTING_KEY} → PagerDuty ${PD_EU_KEY} at https://events.eu.pagerduty.com",
            "notify target pager events trigger_firing, rollback → trigger_firing",
        ])
        let fromEnvironment = try Self.changes { $0.notify = [NotifyTarget(name: "ops", destination: .webhook(url: "${OPS_HOOK_URL}", secret: nil))] }
        #expect(fromEnvironment == ["notify target added: ops (webhook ${OPS_HOOK_URL})"])
    }

    @Test func sendingAndTheUpdatesFile() throws {
        let changes = try Self.changes(after: [Self.started]) {
            $0.communication.sendNotifications = true
            $0.communication.updatesFile = "ops/updates.md"
        }
        #expect(changes == ["send notifications no → yes", "updates file none → ops/updates.md"])
    }

    @Test func aValueBeyondTheDigitsShownStillSaysItChanged() throws {
        let changes = try Self.changes { $0.metrics[0].baseline = 0.400_001 }
        #expect(changes == ["error_rate baseline changed"])
    }

    // MARK: Stages

    @Test func removingAReachedStageIsRefused() throws {
        let refusal = try Self.refusal(after: [Self.started, Self.promoted]) { $0.stages.remove(at: 0) }
        #expect(refusal == .reachedStageRemoved(stage: "Canary 5%"))
        #expect(refusal?.description == "the plan removes stage 'Canary 5%', which this release already reached. "
            + "Put the stage back, or start a new journal with --journal <new file>.")
    }

    @Test func removingAStageNotYetReachedIsAccepted() throws {
        let later = try Self.changes(after: [Self.started, Self.promoted]) { $0.stages.remove(at: 2) }
        #expect(later == ["stage removed: Full 100%"])
        let beforeT0 = try Self.changes { $0.stages.remove(at: 0) }
        #expect(beforeT0 == ["stage removed: Canary 5%"])
    }

    @Test func reorderingReachedStagesIsRefused() throws {
        let refusal = try Self.refusal(after: [Self.started, Self.promoted]) { $0.stages.swapAt(0, 1) }
        #expect(refusal == .reachedStageMoved(stage: "Canary 5%", from: 1, to: 2))
        #expect(refusal?.description == "the plan moves stage 'Canary 5%', which this release already reached, from position 1 to 2. "
            + "Keep the stages already reached first and in their order, or start a new journal with --journal <new file>.")
    }

    @Test func insertingAStageBeforeTheCurrentOneIsRefused() throws {
        let refusal = try Self.refusal(after: [Self.started, Self.promoted]) {
            $0.stages.insert(Stage(name: "Canary 25%", traffic: 25, minDuration: 600, gateMetrics: []), at: 1)
        }
        #expect(refusal == .reachedStageMoved(stage: "Canary 50%", from: 2, to: 3))
    }

    @Test func reorderingStagesNotYetReachedIsAccepted() throws {
        let changes = try Self.changes(after: [Self.started]) { $0.stages.swapAt(1, 2) }
        #expect(changes == ["stage order Canary 5%, Canary 50%, Full 100% → Canary 5%, Full 100%, Canary 50%"])
    }

    @Test func renamingAReachedStageIsRefused() throws {
        let refusal = try Self.refusal(after: [Self.started]) { $0.stages[0].name = "Canary 1%" }
        #expect(refusal == .reachedStageRenamed(stage: "Canary 5%", to: "Canary 1%"))
        #expect(refusal?.description == "the plan renames stage 'Canary 5%', which this release already reached, to 'Canary 1%'. "
            + "Keep its name, or start a new journal with --journal <new file>.")
    }

    @Test func aPlanWithoutTheCurrentStageIsRefused() throws {
        let refusal = try Self.refusal { $0.stages = [] }
        #expect(refusal == .tooFewStages(planned: 0, at: 1))
    }

    // MARK: Checklist and decisions

    @Test func removingATickedItemIsRefused() throws {
        let refusal = try Self.refusal(after: [.checklistTicked(item: "launch_day.1")]) { $0.checklist.remove(at: 1) }
        #expect(refusal == .tickedItemRemoved(id: "launch_day.1", text: "Smoke tests pass"))
        #expect(refusal?.description == "the plan removes checklist item 'Smoke tests pass' (item 1 of launch day), which is already "
            + "ticked. Put it back as item 1 of launch day, or start a new journal with --journal <new file>.")
    }

    @Test func removingAnUntickedItemIsAccepted() throws {
        let changes = try Self.changes(after: [.checklistTicked(item: "launch_day.1")]) { $0.checklist.remove(at: 0) }
        #expect(changes == ["checklist item removed: pre_launch.1 'Tests green'"])
    }

    @Test func anItemTickedThenUntickedMayGo() throws {
        let events: [JournalEvent] = [.checklistTicked(item: "launch_day.1"), .checklistUnticked(item: "launch_day.1")]
        let changes = try Self.changes(after: events) { $0.checklist.remove(at: 1) }
        #expect(changes == ["checklist item removed: launch_day.1 'Smoke tests pass'"])
    }

    @Test func removingADecidedPointIsRefused() throws {
        let refusal = try Self.refusal(after: [Self.started, Self.decided("T+15m")]) { $0.decisionPoints.remove(at: 0) }
        #expect(refusal == .decidedPointRemoved(id: "T+15m", title: "Initial health check"))
        #expect(refusal?.description == "the plan removes decision point T+15m 'Initial health check', which this release already "
            + "decided. Put it back at T+15m, or start a new journal with --journal <new file>.")
    }

    @Test func removingAnUndecidedPointIsAccepted() throws {
        let changes = try Self.changes(after: [Self.started, Self.decided("T+15m")]) { $0.decisionPoints.remove(at: 3) }
        #expect(changes == ["decision point removed: T+24h 'Complete evaluation'"])
    }

    // MARK: Rollout controller

    static let argo = RolloutSpec(controller: .argo(KubernetesObject(name: "checkout", namespace: "shop", context: "prod-eu")))

    static func rolloutRefusal(after events: [JournalEvent], from old: RolloutSpec?,
                               _ edit: (inout RolloutSpec?) -> Void) throws -> PlanAmendmentRefusal? {
        var plan = try Fixture.plan()
        plan.rollout = old
        var new = plan
        edit(&new.rollout)
        switch PlanAmendment.between(plan, new, progress: progress(plan, events)) {
        case .success: return nil
        case .failure(let refusal): return refusal
        }
    }

    static func rolloutChanges(after events: [JournalEvent], from old: RolloutSpec?,
                               _ edit: (inout RolloutSpec?) -> Void) throws -> [String]? {
        var plan = try Fixture.plan()
        plan.rollout = old
        var new = plan
        edit(&new.rollout)
        return try PlanAmendment.between(plan, new, progress: progress(plan, events)).get()?.changes
    }

    @Test func anotherControllerAfterT0IsRefused() throws {
        let refusal = try Self.rolloutRefusal(after: [Self.started], from: Self.argo) {
            $0?.controller = .argo(KubernetesObject(name: "checkout-v2", namespace: "shop", context: "prod-eu"))
        }
        #expect(refusal == .rolloutRetargeted(from: Self.argo.controller,
                                              to: .argo(KubernetesObject(name: "checkout-v2", namespace: "shop", context: "prod-eu"))))
        #expect(refusal?.description == "the plan changes the rollout controller from Argo Rollout shop/checkout (context prod-eu) "
            + "to Argo Rollout shop/checkout-v2 (context prod-eu) after this release started; its stages were promoted on "
            + "the first, and the second would be driven from a stage it never went through. Keep the controller, or start "
            + "a new journal with --journal <new file>.")
        for other: RolloutController in [
            .flagger(KubernetesObject(name: "checkout", namespace: "shop", context: "prod-eu")),
            .argo(KubernetesObject(name: "checkout", namespace: "shop", context: "prod-us")),
            .argo(KubernetesObject(name: "checkout", namespace: "shop")),
            .command(status: "./status.sh", promote: nil, abort: nil),
        ] {
            let refused = try Self.rolloutRefusal(after: [Self.started], from: Self.argo) { $0?.controller = other }
            #expect(refused == .rolloutRetargeted(from: Self.argo.controller, to: other))
        }
    }

    @Test func anotherControllerBeforeT0IsAnAmendment() throws {
        let changes = try Self.rolloutChanges(after: [], from: Self.argo) {
            $0?.controller = .flagger(KubernetesObject(name: "checkout", namespace: "shop"))
        }
        #expect(changes == ["rollout controller Argo Rollout shop/checkout (context prod-eu) → "
            + "Flagger Canary shop/checkout (current context)"])
    }

    /// How the controller is watched and driven may change mid-release; what is watched may not.
    @Test func readOnlyPollAndCommandsMayChangeMidRelease() throws {
        let changes = try Self.rolloutChanges(after: [Self.started, Self.promoted], from: Self.argo) {
            $0?.readOnly = true
            $0?.poll = 15
        }
        #expect(changes == ["rollout read-only no → yes", "rollout poll 5s → 15s"])
        let command = RolloutSpec(controller: .command(status: "./status.sh", promote: nil, abort: nil))
        let drive = try Self.rolloutChanges(after: [Self.started], from: command) {
            $0?.controller = .command(status: "./status.sh", promote: "./promote.sh", abort: "./abort.sh")
        }
        #expect(drive == ["rollout controller changed"])
    }

    @Test func aControllerAddedOrRemovedMidReleaseIsAnAmendment() throws {
        let added = try Self.rolloutChanges(after: [Self.started, Self.promoted], from: nil) { $0 = Self.argo }
        #expect(added == ["rollout added: Argo Rollout shop/checkout (context prod-eu)"])
        let removed = try Self.rolloutChanges(after: [Self.started, Self.promoted], from: Self.argo) { $0 = nil }
        #expect(removed == ["rollout removed: Argo Rollout shop/checkout (context prod-eu)"])
    }

    // MARK: Another release

    @Test func anotherVersionIsAnotherRelease() throws {
        let refusal = try Self.refusal { $0.release.version = "2.15.0" }
        #expect(refusal == .anotherRelease(journalName: "checkout", journalVersion: "2.14.0", planName: "checkout",
                                           planVersion: "2.15.0"))
        #expect(refusal?.description
            == "this journal is for checkout 2.14.0; the plan is for checkout 2.15.0. Pass another --journal for the new release.")
    }

    @Test func anotherNameIsRefusedBeforeAnythingElse() throws {
        let refusal = try Self.refusal(after: [Self.started, Self.promoted]) {
            $0.release.name = "payments"
            $0.stages.remove(at: 0)
        }
        #expect(refusal == .anotherRelease(journalName: "checkout", journalVersion: "2.14.0", planName: "payments",
                                           planVersion: "2.14.0"))
    }

    @Test func releaseMetadataChanges() throws {
        let changes = try Self.changes {
            $0.release.owner = "Priya"
            $0.release.onCallContact = "pager 5"
        }
        #expect(changes == ["owner Dana → Priya", "on-call Sam → Sam (pager 5)"])
    }
}
