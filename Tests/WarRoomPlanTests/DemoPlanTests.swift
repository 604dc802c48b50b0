import Foundation
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomPlan

@Suite("The demo plan")
struct DemoPlanTests {
    let plan: Plan

    init() throws {
        plan = try PlanLoader.load(path: Repository.path("fixtures/plans/checkout-canary.yaml"))
    }

    @Test func release() {
        #expect(plan.release.name == "checkout-service")
        #expect(plan.release.version == "2.14.0")
        #expect(plan.release.type == .standard)
        #expect(plan.release.risk == .medium)
        #expect(plan.release.owner == "Dana Kim <dana@example.com>")
        #expect(plan.release.onCall == "Sam Ortiz (pager +1-555-0100)")
        #expect(plan.release.start == nil)
        #expect(plan.strategy == .canary)
    }

    @Test func stages() {
        #expect(plan.stages.map(\.traffic) == [5, 25, 50, 100])
        #expect(plan.stages.map(\.minDuration) == [300, 600, 600, 0])
        // The canary stages wait for the judge too; the last stage has no canary left to judge.
        #expect(plan.stages.map(\.gateMetrics) == Array(repeating: ["error_rate", "p99_latency", Stage.judgeGate], count: 3)
                    + [["error_rate", "p99_latency"]])
        #expect(plan.stages.first?.name == "Canary 5%")
    }

    @Test func metrics() {
        #expect(plan.metrics.map(\.name) == ["error_rate", "p99_latency", "throughput", "checkout_conversion"])
        #expect(plan.metric(named: "error_rate")
                == MetricSpec(name: "error_rate", unit: .percent, baseline: 0.4, success: Bound(.below, 1),
                              alert: Bound(.above, 2), staleAfter: 120,
                              cohorts: MetricCohorts(canary: .init(series: "error_rate_canary"), baseline: .init(series: "error_rate_stable")),
                              judging: MetricJudging(direction: .increase, tolerance: 0.25)))
        #expect(plan.metric(named: "p99_latency")?.unit == .milliseconds)
        #expect(plan.metric(named: "throughput")?.alert == Bound(.below, 800))
        #expect(plan.metric(named: "checkout_conversion")?.staleAfter == 300)
    }

    @Test func triggers() throws {
        #expect(plan.triggers.count == 10)
        #expect(plan.healthChecks.map(\.name) == ["ready"], "the demo's simulator answers it")
        #expect(plan.triggers[0].condition
                == .compare(metric: "error_rate", comparison: .above, threshold: .value(2, unit: .percent), window: 300))
        #expect(plan.triggers[2].condition
                == .compare(metric: "error_rate", comparison: .above, threshold: .timesBaseline(2), window: 900))
    }

    @Test func checklistAndRest() {
        #expect(plan.rollback.steps.count == 6)
        #expect(plan.rollback.steps[0].text == "Abort the rollout: kubectl argo rollouts abort checkout")
        #expect(plan.rollback.steps[4].text == "Post in #releases and update the status page", "a # in an unquoted YAML scalar starts a comment")
        #expect(plan.checklist.filter { $0.phase == .preLaunch }.count == 8)
        #expect(plan.checklist.filter { $0.phase == .launchDay }.count == 5)
        #expect(plan.checklist.filter { $0.phase == .postLaunch }.count == 5)
        let smoke = plan.checklist.first { $0.id == "launch_day.3" }
        #expect(smoke?.text == "Smoke tests passing in production")
        #expect(smoke?.owner == "Priya")
        #expect(smoke?.blocksPromotion == true)
        #expect(plan.checklist.filter(\.blocksPromotion).count == 2)
        #expect(plan.decisionPoints == DecisionPoint.standard)
        #expect(plan.sources.isEmpty)
    }

    /// What its comms view shows: the update cadence, the escalation path, and the notices it would send (it never sends).
    @Test func communicationAndNotify() {
        #expect(plan.communication == Communication(channel: "#releases", cadence: 1800,
                                                    escalation: ["on-call", "Priya Raman", "VP Engineering"]))
        #expect(plan.communication.sendNotifications == false)
        #expect(plan.notify == [
            NotifyTarget(name: "releases", destination: .slack(webhook: SecretReference(variable: "SLACK_WEBHOOK_URL"))),
            NotifyTarget(name: "pager", destination: .pagerDuty(routingKey: SecretReference(variable: "PD_ROUTING_KEY"), eventsURL: nil),
                         events: [.triggerFiring, .triggerResolved, .rollback]),
        ])
    }

    /// The judge compares three metrics' own series, which the simulator writes; the objective counts checkouts per
    /// cohort; the workbook's two burn-rate pairs and the judge's two rules watch them.
    @Test func judgeAndObjectives() throws {
        #expect(plan.judgedMetrics.map(\.name) == ["error_rate", "p99_latency", "checkout_conversion"])
        #expect(plan.metric(named: "p99_latency")?.judging == MetricJudging(direction: .increase, tolerance: 0.1, critical: true))
        #expect(plan.metric(named: "checkout_conversion")?.judging?.direction == .decrease)
        #expect(plan.judge == JudgeSettings(window: 600, confidence: 0.98, pass: 95, marginal: 75, minSamples: 20))
        #expect(plan.slos == [SLOSpec(
            name: "checkout", objective: 0.999, events: .init(good: "checkout_ok", total: "checkout_requests"),
            canary: .init(good: "checkout_ok_canary", total: "checkout_requests_canary"),
            baseline: .init(good: "checkout_ok_stable", total: "checkout_requests_stable"), description: "Checkouts that complete")])
        #expect(plan.triggers.suffix(4).map(\.text) == ["judge score < 75 for 5m", "judge fails 2 consecutive",
                                                        "burn_rate(checkout, 1h, 5m) > 14.4", "burn_rate(checkout, 6h, 30m) > 6"])
    }

    @Test func hasNoDiagnosticsAtAll() throws {
        let text = try Repository.text("fixtures/plans/checkout-canary.yaml")
        #expect(PlanLoader.check(text: text, file: "plan.yaml").report.diagnostics == [])
    }
}
