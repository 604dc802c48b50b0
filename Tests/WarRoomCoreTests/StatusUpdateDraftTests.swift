import Foundation
import Testing
@testable import WarRoomCore
import WarRoomTestSupport

/// The status update `u` opens with, composed from the state alone, read whole as the channel would read it.
@Suite struct StatusUpdateDraftTests {
    static func golden(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)").path
    }

    static func plan() throws -> Plan {
        Plan(
            release: ReleaseInfo(name: "checkout-service", version: "2.14.0", owner: "Dana Kim", onCall: "Sam Ortiz"),
            strategy: .canary,
            stages: [
                Stage(name: "Canary 5%", traffic: 5, minDuration: 300, gateMetrics: ["error_rate", "p99_latency"]),
                Stage(name: "Canary 25%", traffic: 25, minDuration: 600, gateMetrics: ["error_rate", "p99_latency"]),
                Stage(name: "Full 100%", traffic: 100, minDuration: 0, gateMetrics: []),
            ],
            metrics: [
                MetricSpec(name: "error_rate", unit: .percent, baseline: 0.4, success: Bound(.below, 1), alert: Bound(.above, 2)),
                MetricSpec(name: "p99_latency", unit: .milliseconds, baseline: 210, success: Bound(.below, 250), alert: Bound(.above, 400)),
                MetricSpec(name: "checkout_conversion", unit: .percent, baseline: 3.1, success: Bound(.above, 2.9), alert: Bound(.below, 2.5)),
                MetricSpec(name: "queue_depth", unit: .count, baseline: nil, success: Bound(.below, 100), alert: Bound(.above, 500)),
            ],
            triggers: [
                try TriggerRule(parsing: "error_rate > 2% for 5m"),
                try TriggerRule(parsing: "p99_latency > 400ms for 10m"),
            ],
            rollback: RollbackPlan(steps: [
                RollbackStep("Abort the rollout", command: "kubectl argo rollouts abort checkout"),
                RollbackStep("Verify traffic is back on 2.13.4"),
                RollbackStep("Update the status page"),
            ]),
            checklist: [ChecklistItem(id: "launch_day.1", phase: .launchDay, text: "Smoke tests pass", blocksPromotion: true)],
            communication: Communication(channel: "#releases", cadence: 1800,
                                         escalation: ["on-call", "Priya Raman", "VP Engineering"])
        )
    }

    /// Started at T0, smoke tests ticked, promoted at T+6m, T+15m decided GO; `error` gives error_rate by minute.
    /// `quiet`: conversion stops reporting at T+8m and the queue depth never reports.
    static func release(until minutes: Int, quiet: Bool = false, error: (Double) -> Double = { _ in 0.4 }) throws -> Fixture.Harness {
        var harness = Fixture.Harness(plan: try plan())
        harness.act(.start)
        harness.act(.toggleChecklist(item: "launch_day.1"), as: "priya")
        for step in 0...(minutes * 6) {
            let offset = TimeInterval(step * 10)
            harness.sample("error_rate", error(offset / 60), at: offset)
            harness.sample("p99_latency", 215, at: offset)
            if !quiet || offset <= 8 * 60 { harness.sample("checkout_conversion", 3.1, at: offset) }
            if !quiet { harness.sample("queue_depth", 12, at: offset) }
            harness.at(offset)
            if step == 36 { harness.act(.promote()) }
            if step == 96 { harness.act(.decide(point: "T+15m", verdict: .go, note: "clean canary"), as: "dana") }
        }
        return harness
    }

    @Test func aHealthyCanary() throws {
        let harness = try Self.release(until: 20)
        TextGolden.check(harness.state.statusUpdateDraft + "\n", golden: Self.golden("update-draft-healthy.txt"))
    }

    @Test func aFiringTriggerWithItsEscalation() throws {
        // error_rate climbs past 2% at T+20m; the trigger fires five minutes later.
        let harness = try Self.release(until: 27, quiet: true) { $0 < 20 ? 0.4 : 3.2 }
        #expect(harness.state.triggers["error_rate > 2% for 5m"]?.isFiring == true)
        TextGolden.check(harness.state.statusUpdateDraft + "\n", golden: Self.golden("update-draft-firing.txt"))
    }

    @Test func aRolledBackRelease() throws {
        var harness = try Self.release(until: 27) { $0 < 20 ? 0.4 : 3.2 }
        harness.act(.rollback(reason: "error_rate past 2% for 5 minutes"))
        harness.act(.markRollbackStep(0, done: true))
        for offset in stride(from: 28 * 60, through: 30 * 60, by: 10) {
            harness.sample("error_rate", 0.5, at: TimeInterval(offset))
            harness.sample("p99_latency", 212, at: TimeInterval(offset))
            harness.sample("checkout_conversion", 3.0, at: TimeInterval(offset))
            harness.sample("queue_depth", 9, at: TimeInterval(offset))
            harness.at(TimeInterval(offset))
        }
        TextGolden.check(harness.state.statusUpdateDraft + "\n", golden: Self.golden("update-draft-rolled-back.txt"))
    }

    @Test func beforeTheStartItSaysSo() throws {
        let state = AppState(plan: try Self.plan(), session: "s1", now: Fixture.t0)
        let draft = state.statusUpdateDraft
        #expect(draft.hasPrefix("checkout-service 2.14.0: STALE DATA, not started\n"))
        #expect(draft.contains("T0 not set"))
        #expect(draft.contains("• error_rate NO DATA: no sample yet"), "missing data is said so, never healthy")
    }

    @Test func aStaleMetricIsNeverHealthy() throws {
        let draft = try Self.release(until: 20, quiet: true).state.statusUpdateDraft
        #expect(draft.contains("• checkout_conversion STALE: no sample for 12m00s, last 3.1%"))
        #expect(!draft.contains("checkout_conversion 3.1% OK"))
    }
}

/// Whether notices leave the war room, as the comms view and the post confirmation say it.
@Suite struct NoticesSentTests {
    @Test func thisWarRoomsPolicyWhenItEvaluatesOrNobodyDoes() throws {
        var state = AppState(plan: try Fixture.plan(), session: "s1", now: Fixture.t0)
        guard case .withheld(let reason) = state.noticesSent else { Issue.record("sent by default"); return }
        #expect(reason.contains("--notify"))
        state.notifyPolicy = .always
        #expect(state.noticesSent == .sent)
    }

    @Test func anotherEvaluatorsPolicyAsItsNewestNoticeShowsIt() throws {
        var plan = try Fixture.plan()
        plan.notify = [NotifyTarget(name: "releases", destination: .webhook(url: "https://hooks.example/warroom", secret: nil))]
        var state = AppState(plan: plan, session: "s1", now: Fixture.t0)
        state.notifyPolicy = .always
        state.settle(.recorded(JournalEntry(seq: 1, time: Fixture.t0, actor: "ops", session: "s2",
                                            event: .evaluatorChanged(host: "ops-1", previous: nil, reason: "first"))))
        guard case .unknown(let words) = state.noticesSent else { Issue.record("\(state.noticesSent)"); return }
        #expect(words.contains("ops@ops-1"), "nothing queued yet: it depends on how the evaluator runs")
        let notice = Notice(source: "s2/1/release_started", target: "releases", event: .releaseStarted, at: Fixture.t0,
                            summary: "checkout 2.14.0: release started", withheld: "a demo never sends notifications")
        state.settle(.recorded(JournalEntry(seq: 2, time: Fixture.t0, actor: "warroom", session: "s2", event: .noticeQueued(notice))))
        #expect(state.noticesSent == .withheld("a demo never sends notifications"))
    }
}
