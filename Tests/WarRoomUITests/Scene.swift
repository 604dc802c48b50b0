import Foundation
@testable import WarRoomCore
import WarRoomUI

/// A release in full swing, built through the reducer exactly as the runtime would build it.
enum Scene {
    static let t0 = Date(timeIntervalSince1970: 1_795_356_000)  // 2026-11-22 14:00Z

    static func plan() throws -> Plan {
        Plan(
            release: ReleaseInfo(name: "checkout-service", version: "2.14.0", owner: "Dana Kim", onCall: "Sam Ortiz"),
            strategy: .canary,
            stages: [
                Stage(name: "Canary 5%", traffic: 5, minDuration: 300, gateMetrics: ["error_rate", "p99_latency"]),
                Stage(name: "Canary 25%", traffic: 25, minDuration: 600, gateMetrics: ["error_rate", "p99_latency"]),
                Stage(name: "Canary 50%", traffic: 50, minDuration: 600, gateMetrics: ["error_rate", "p99_latency"]),
                Stage(name: "Full 100%", traffic: 100, minDuration: 0, gateMetrics: []),
            ],
            metrics: [
                MetricSpec(name: "error_rate", unit: .percent, baseline: 0.4, success: Bound(.below, 1), alert: Bound(.above, 2)),
                MetricSpec(name: "p99_latency", unit: .milliseconds, baseline: 210, success: Bound(.below, 250), alert: Bound(.above, 400)),
                MetricSpec(name: "throughput", unit: .requestsPerSecond, baseline: 1200, success: Bound(.above, 1000), alert: Bound(.below, 800)),
                MetricSpec(name: "checkout_conversion", unit: .percent, baseline: 3.1, success: Bound(.above, 2.9), alert: Bound(.below, 2.5)),
            ],
            triggers: [
                try TriggerRule(parsing: "error_rate > 2% for 5m"),
                try TriggerRule(parsing: "p99_latency > 400ms for 10m"),
                try TriggerRule(parsing: "error_rate > 2x baseline for 15m"),
            ],
            rollback: RollbackPlan(
                steps: [RollbackStep("Abort the rollout", command: "kubectl argo rollouts abort checkout"),
                        RollbackStep("Verify traffic is back on 2.13.4"), RollbackStep("Post in #releases and update the status page")],
                owners: [RollbackOwner(stages: ["Canary 25%", "Canary 50%"], primary: "Sam Ortiz", backup: "Dana Kim"),
                         RollbackOwner(stages: [], primary: "Dana Kim")],
                contingency: ["If rollback fails: route all traffic to the 2.13.4 pods with the ingress override"]),
            checklist: [
                ChecklistItem(id: "pre_launch.1", phase: .preLaunch, text: "All tests passing in CI", owner: "Dana"),
                ChecklistItem(id: "pre_launch.2", phase: .preLaunch, text: "Rollback procedure tested in staging", owner: "Sam"),
                ChecklistItem(id: "pre_launch.3", phase: .preLaunch, text: "Dashboards and alerts configured", owner: "Priya"),
                ChecklistItem(id: "launch_day.1", phase: .launchDay, text: "Smoke tests passing in production", owner: "Priya", blocksPromotion: true),
                ChecklistItem(id: "launch_day.2", phase: .launchDay, text: "Support team briefed", owner: "Lee", due: 15 * 60),
                ChecklistItem(id: "post_launch.1", phase: .postLaunch, text: "Day 1 metrics reviewed", owner: "Dana", due: 86400),
            ],
            communication: Communication(channel: "#releases", cadence: 1800, escalation: ["Sam Ortiz", "Dana Kim", "VP Engineering"])
        )
    }

    /// Folds events through the reducer, journaling records in memory like the runtime does; on every tick the
    /// evaluator takes its turn, as the runtime's does every second.
    static func run(_ state: inout AppState, _ events: [Event]) {
        var seq = state.journalSeq
        var queue = events
        while !queue.isEmpty {
            let event = queue.removeFirst()
            var effects = state.apply(event)
            if case .tick(let time) = event { effects += state.evaluation(of: [], at: time).map(Effect.record) }
            var recorded: [Event] = []
            for case .record(var entry) in effects {
                seq += 1
                entry.seq = seq
                recorded.append(.recorded(entry))
            }
            queue.insert(contentsOf: recorded, at: 0)
        }
    }

    static func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    /// T+22m: promoted once, one metric warning, a trigger pending, T+15m decided (with `note`).
    static func midRelease(with custom: Plan? = nil, note: String = "clean canary") throws -> AppState {
        var state = AppState(plan: try custom ?? plan(), session: "test", now: t0)
        var events: [Event] = [.intent(.start, actor: "sam")]
        for (index, item) in ["pre_launch.1", "pre_launch.2", "pre_launch.3", "launch_day.1"].enumerated() {
            events.append(.tick(t0.addingTimeInterval(Double(index) * 20)))
            events.append(.intent(.toggleChecklist(item: item), actor: index == 3 ? "priya" : "dana"))
        }
        for step in 0...132 {
            let time = t0.addingTimeInterval(Double(step) * 10)
            let minutes = Double(step) / 6
            let error = minutes < 20 ? 0.35 + 0.05 * sin(Double(step)) : 0.4 + (minutes - 20) * 1.1
            events += [
                .tick(time),
                .sample(MetricSample(name: "error_rate", value: error, time: time)),
                .sample(MetricSample(name: "p99_latency", value: 215 + 20 * sin(Double(step) / 3), time: time)),
                .sample(MetricSample(name: "throughput", value: 1180 + 30 * cos(Double(step) / 5), time: time)),
            ]
            if step <= 60 { events.append(.sample(MetricSample(name: "checkout_conversion", value: 3.1, time: time))) }
            if step % 15 == 0 {
                events.append(.log(LogLine(time: time, level: .info, text: "GET /api/checkout 200 43ms", source: "app.log")))
            }
            if step == 66 { events.append(.intent(.promote(), actor: "sam")) }
            if step == 96 { events.append(.intent(.decide(point: "T+15m", verdict: .go, note: note), actor: "dana")) }
        }
        events += [
            .log(LogLine(time: at(21.5), level: .warn, text: "retrying payments-gw (attempt 2)", source: "app.log")),
            .log(LogLine(time: at(21.8), level: .error, text: "upstream payments-gw timeout after 2000ms", source: "app.log")),
            .log(LogLine(time: at(21.9), level: .error, text: "evil \u{1B}]52;c;ZWNobyBoaQ==\u{07} \u{1B}[2J line", source: "app.log")),
            .tick(at(22)),
        ]
        run(&state, events)
        return state
    }
}
