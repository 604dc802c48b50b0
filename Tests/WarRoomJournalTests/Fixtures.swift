import Foundation
import WarRoomCore

/// A small canary plan and a scripted session against it, shared by the store and export tests.
enum Fixtures {
    static let t0 = Date(timeIntervalSince1970: 1_741_082_400)  // 2025-03-04 10:00:00 UTC

    static func at(_ offset: TimeInterval) -> Date { t0.addingTimeInterval(offset) }

    static var plan: Plan {
        Plan(
            release: ReleaseInfo(name: "checkout-service", version: "2.14.0", risk: .medium,
                                 owner: "Dana Reyes", onCall: "Sam Okafor"),
            strategy: .canary,
            stages: [
                Stage(name: "Canary 5%", traffic: 5, minDuration: 900, gateMetrics: ["error_rate"]),
                Stage(name: "Canary 25%", traffic: 25, minDuration: 1800, gateMetrics: ["error_rate", "p99_latency"]),
                Stage(name: "Full", traffic: 100, minDuration: 0, gateMetrics: []),
            ],
            metrics: [
                MetricSpec(name: "error_rate", unit: .percent, baseline: 0.4, success: Bound(.below, 1),
                           alert: Bound(.above, 2)),
                MetricSpec(name: "p99_latency", unit: .milliseconds, baseline: nil, success: Bound(.below, 300),
                           alert: Bound(.above, 500)),
            ],
            triggers: [try! TriggerRule(parsing: "error_rate > 2% for 5m")],
            rollback: RollbackPlan(steps: ["kubectl rollout undo deploy/checkout", "Post in #release"].map { RollbackStep($0) }),
            checklist: [
                ChecklistItem(id: "pre_launch.1", phase: .preLaunch, text: "Smoke tests passing", owner: "QA"),
                ChecklistItem(id: "pre_launch.2", phase: .preLaunch, text: "Rollback rehearsed", blocksPromotion: true),
                ChecklistItem(id: "launch_day.1", phase: .launchDay, text: "Status page | updated"),
                ChecklistItem(id: "post_launch.1", phase: .postLaunch, text: "Write the post-mortem"),
            ])
    }

    /// What the war room showed at T+15m: decoded from JSON because Core keeps `Evidence`'s
    /// memberwise initialisers internal.
    static var evidence: Evidence {
        let json = """
            {"stage": "Canary 5%",
             "metrics": [
               {"name": "error_rate", "value": 0.62, "unit": "%", "baseline": 0.4,
                "success": {"comparison": "<", "value": 1}, "alert": {"comparison": ">", "value": 2}, "status": "OK"},
               {"name": "p99_latency", "unit": "ms",
                "success": {"comparison": "<", "value": 300}, "alert": {"comparison": ">", "value": 500},
                "status": "NO DATA"}],
             "triggers": [{"rule": "error_rate > 2% for 5m", "state": "inactive"}],
             "checklistDone": 2, "checklistTotal": 4,
             "gateReasons": ["p99_latency: no data"],
             "recentErrors": ["payment timeout | retry=3 <gateway>"]}
            """
        return try! JSONDecoder().decode(Evidence.self, from: Data(json.utf8))
    }

    /// A short release that goes to 25% and is rolled back after a trigger fires.
    static var session: [JournalEntry] {
        let script: [(TimeInterval, String, JournalEvent)] = [
            (-600, "warroom", .sessionAttached(pid: 4242)),
            (-300, "sam", .checklistTicked(item: "pre_launch.1")),
            (-240, "dana", .checklistTicked(item: "pre_launch.2")),
            (-200, "dana", .checklistTicked(item: "launch_day.1")),
            (-100, "dana", .checklistUnticked(item: "launch_day.1")),
            (0, "dana", .releaseStarted(t0: t0)),
            (900, "dana", .decisionRecorded(DecisionRecord(point: "T+15m", verdict: .go,
                                                           note: "Canary clean, promote", evidence: evidence))),
            (960, "dana", .stagePromoted(from: 0, to: 1, stage: "Canary 25%")),
            (1500, "warroom", .triggerPending(trigger: "error_rate > 2% for 5m", value: 2.4)),
            (1800, "warroom", .triggerFiring(trigger: "error_rate > 2% for 5m", value: 3.1)),
            (1830, "sam", .triggerAcknowledged(trigger: "error_rate > 2% for 5m")),
            (1850, "warroom", .sourceFailed(source: "metrics.jsonl", message: "file truncated")),
            (1860, "sam", .note(text: "Gateway timeouts | see <b>INC-42</b> & dashboard")),
            (1900, "dana", .rolledBack(fromStage: 1, reason: "error rate above 2%")),
            (2100, "warroom", .triggerResolved(trigger: "error_rate > 2% for 5m", value: 0.5)),
            (2110, "warroom", .sourceRecovered(source: "metrics.jsonl")),
            (2400, "warroom", .sessionDetached),
        ]
        return script.enumerated().map { index, line in
            JournalEntry(seq: Int64(index + 1), time: at(line.0), actor: line.1, session: "s-1", event: line.2)
        }
    }
}
