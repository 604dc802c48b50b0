import Foundation
@testable import WarRoomCore

/// A small canary plan and helpers shared by the Core tests.
enum Fixture {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func plan(start: Date? = nil) throws -> Plan {
        Plan(
            release: ReleaseInfo(name: "checkout", version: "2.14.0", owner: "Dana", onCall: "Sam", start: start),
            strategy: .canary,
            stages: [
                Stage(name: "Canary 5%", traffic: 5, minDuration: 300, gateMetrics: ["error_rate", "p99_latency"]),
                Stage(name: "Canary 50%", traffic: 50, minDuration: 600, gateMetrics: ["error_rate"]),
                Stage(name: "Full 100%", traffic: 100, minDuration: 0, gateMetrics: []),
            ],
            metrics: [
                MetricSpec(name: "error_rate", unit: .percent, baseline: 0.4, success: Bound(.below, 1), alert: Bound(.above, 2)),
                MetricSpec(name: "p99_latency", unit: .milliseconds, baseline: 210, success: Bound(.below, 250), alert: Bound(.above, 400)),
                MetricSpec(name: "health", unit: .count, baseline: 1, success: Bound(.atLeast, 1), alert: Bound(.below, 1)),
            ],
            triggers: [
                try TriggerRule(parsing: "error_rate > 2% for 5m"),
                try TriggerRule(parsing: "p99_latency > 2x baseline for 10m"),
                try TriggerRule(parsing: "health fails 3 consecutive"),
            ],
            rollback: RollbackPlan(steps: ["Abort the rollout"].map { RollbackStep($0) }),
            checklist: [
                ChecklistItem(id: "pre_launch.1", phase: .preLaunch, text: "Tests green"),
                ChecklistItem(id: "launch_day.1", phase: .launchDay, text: "Smoke tests pass", blocksPromotion: true),
            ]
        )
    }

    /// A state whose journal is simulated in memory: records are folded back at once, as the runtime does after appending.
    struct Harness {
        var state: AppState
        var journal: [JournalEntry] = []
        var bells = 0
        var refusals: [Refusal] = []
        /// Commands the reducer asked the runtime to run.
        var runs: [CommandRequest] = []
        /// Actions on the rollout controller the reducer asked the runtime (the evaluator's) to run.
        var drives: [ControllerRequest] = []
        /// Notices the reducer asked the runtime (the evaluator's) to send.
        var deliveries: [NoticeRequest] = []

        init(plan: Plan, now: Date = Fixture.t0) {
            state = AppState(plan: plan, session: "s1", now: now)
        }

        mutating func send(_ event: Event) { perform(state.apply(event)) }

        mutating func perform(_ effects: [Effect]) {
            var queue = effects
            while !queue.isEmpty {
                let effect = queue.removeFirst()
                switch effect {
                case .record(var entry):
                    entry.seq = state.journalSeq + 1  // after any entry another session wrote
                    journal.append(entry)
                    queue += state.apply(.recorded(entry))
                case .bell: bells += 1
                case .refuse(let reason): refusals.append(reason)
                case .run(let request): runs.append(request)
                case .drive(let request): drives.append(request)
                case .deliver(let request): deliveries.append(request)
                }
            }
        }

        mutating func act(_ intent: Intent, as actor: String = "sam") { send(.intent(intent, actor: actor)) }
        /// The clock moves on and the evaluator takes its turn, as the runtime's evaluator does every second.
        mutating func at(_ offset: TimeInterval) {
            let time = Fixture.t0.addingTimeInterval(offset)
            send(.tick(time))
            perform(state.evaluation(of: [], at: time).map(Effect.record))
        }
        /// Like the runtime, the clock is ticked before a sample is folded, so a sample is never from the future.
        mutating func sample(_ name: String, _ value: Double, at offset: TimeInterval) {
            let time = Fixture.t0.addingTimeInterval(offset)
            if time > state.now { send(.tick(time)) }
            send(.sample(MetricSample(name: name, value: value, time: Fixture.t0.addingTimeInterval(offset))))
        }
        /// Feeds every metric a healthy value at `offset`.
        mutating func healthy(at offset: TimeInterval) {
            sample("error_rate", 0.4, at: offset)
            sample("p99_latency", 210, at: offset)
            sample("health", 1, at: offset)
        }
        /// The kinds of the entries journaled, leaving out the samples and log lines the evaluator records.
        var kinds: [String] { journal.filter { !$0.event.isFeedData }.map(\.event.kind) }
    }
}

extension AppState {
    /// Applies `event` and folds what it records straight back, numbered after the newest entry, as the runtime does
    /// once the journal holds it.
    mutating func settle(_ event: Event) {
        var queue = apply(event)
        while !queue.isEmpty {
            guard case .record(var entry) = queue.removeFirst() else { continue }
            entry.seq = self.journalSeq + 1
            queue += apply(.recorded(entry))
        }
    }
}
