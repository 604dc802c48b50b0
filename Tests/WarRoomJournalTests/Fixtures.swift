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
            rollback: RollbackPlan(steps: [RollbackStep("Undo the checkout deployment", command: "kubectl rollout undo deploy/checkout"),
                                           RollbackStep("Post in #release"), RollbackStep("Check the *old* pods serve")]),
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

    /// The session with the rollback the on-call worked through: step 1's command run, step 2 marked done by hand
    /// (once by mistake, taken back, then for real), step 3 left undone; for the exports.
    static var sessionWithCommand: [JournalEntry] {
        var entries = session
        let steps = [
            JournalEntry(time: at(1920), actor: "sam", session: "s-1",
                         event: .commandRun(command: "kubectl rollout undo deploy/checkout", exitStatus: 0,
                                            output: "deployment.apps/checkout rolled back\nwaiting: 3 of 4 pods `ready`\n```\ndone",
                                            step: 0)),
            JournalEntry(time: at(1940), actor: "sam", session: "s-1", event: .rollbackStepMarked(step: 2, done: true)),
            JournalEntry(time: at(1950), actor: "sam", session: "s-1", event: .rollbackStepMarked(step: 2, done: false)),
            JournalEntry(time: at(1980), actor: "dana", session: "s-1", event: .rollbackStepMarked(step: 1, done: true)),
        ]
        for step in steps { entries.insert(step, at: entries.firstIndex { $0.time > step.time } ?? entries.count) }
        return entries.enumerated().map { index, entry in
            var entry = entry
            entry.seq = Int64(index + 1)
            return entry
        }
    }

    /// Ten-second windows of both metrics from T-5m to T+40m, shaped like the session: error_rate clean in
    /// the 5% canary, climbing past 2% in the 25% canary until the rollback; p99_latency in WARN for a while
    /// and missing while the metrics file was truncated (T+30m50s to T+35m10s).
    static var samples: [SampleBucket] {
        func round(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
        func window(_ metric: String, _ offset: TimeInterval, mean: Double, spread: Double) -> SampleBucket {
            SampleBucket(metric: metric, start: at(offset), width: 10, count: 2, min: round(mean - spread),
                         max: round(mean + spread), sum: round(mean - spread) + round(mean + spread),
                         last: round(mean + spread))
        }
        var buckets: [SampleBucket] = []
        for step in -30..<240 {
            let offset = TimeInterval(step * 10)
            let wiggle = sin(Double(step) * 0.7) * 0.5 + sin(Double(step) * 0.13) * 0.5
            let error: Double = switch offset {
            case ..<0: 0.35 + 0.05 * wiggle
            case ..<960: 0.55 + 0.12 * wiggle
            case ..<1440: 0.75 + 0.15 * wiggle
            case ..<1500: 0.75 + (offset - 1440) / 60 * 1.6
            case ..<1900: 2.6 + 0.5 * wiggle + (offset - 1500) / 400 * 0.4
            case ..<2100: max(0.5, 3.0 - (offset - 1900) / 200 * 2.5)
            default: 0.45 + 0.08 * wiggle
            }
            buckets.append(window("error_rate", offset, mean: error, spread: 0.06 + 0.03 * abs(wiggle)))
            guard offset < 1850 || offset >= 2110 else { continue }
            let latency: Double = switch offset {
            case ..<960: 205 + 25 * wiggle
            case ..<1320: 240 + 30 * wiggle
            case ..<1900: 345 + 40 * wiggle
            default: 215 + 20 * wiggle
            }
            buckets.append(window("p99_latency", offset, mean: latency, spread: 18 + 10 * abs(wiggle)))
        }
        return buckets
    }
}

