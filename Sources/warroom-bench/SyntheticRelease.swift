import Foundation
import WarRoomCore

/// A day-long release made by the real reducer: metrics sampled every 10 s (with a regression in hour five that
/// fires the triggers), promotions, decisions with their evidence, and people ticking, unticking and writing
/// notes until the journal holds the asked-for number of entries. What a busy war room leaves behind.
struct SyntheticRelease {
    private(set) var entries: [JournalEntry] = []
    private(set) var samples: [SampleBucket] = []

    init(plan: Plan, events: Int) {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let day: TimeInterval = 86_400
        var state = AppState(plan: plan, session: "bench", now: t0)
        var downsampler = SampleDownsampler()
        // Human actions spread evenly over the day, whatever the sample events add.
        let actionEvery = day / Double(max(events, 1))
        var nextAction = t0
        var action = 0

        func send(_ event: Event) {
            var queue = state.apply(event)
            while !queue.isEmpty, entries.count < events {
                if case .record(var entry) = queue.removeFirst() {
                    entry.seq = Int64(entries.count + 1)
                    entries.append(entry)
                    queue += state.apply(.recorded(entry))
                }
            }
        }

        send(.intent(.start, actor: "dana"))
        var time = t0
        while time < t0.addingTimeInterval(day) {
            send(.tick(time))
            let regressing = (5 * 3600..<6 * 3600).contains(time.timeIntervalSince(t0))
            for metric in plan.metrics {
                let sample = MetricSample(name: metric.name, value: Self.value(of: metric, at: time, regressing: regressing), time: time)
                downsampler.add(sample)
                send(.sample(sample))
            }
            for check in plan.healthChecks {
                send(.sample(MetricSample(name: check.metricName, value: regressing ? 0 : 1, time: time)))
            }
            let elapsed = time.timeIntervalSince(t0)
            if let point = state.dueDecision {
                send(.intent(.decide(point: point.id, verdict: .go, note: "steady at T+\(Int(elapsed / 60))m"), actor: "dana"))
            }
            if state.stageIndex + 1 < plan.stages.count, elapsed >= Double(state.stageIndex + 1) * 3 * 3600 {
                send(.intent(.promote(override: "benchmark schedule"), actor: "sam"))
            }
            while nextAction <= time, entries.count < events {
                send(.intent(Self.action(action, plan: plan), actor: ["dana", "sam", "priya"][action % 3]))
                action += 1
                nextAction = nextAction.addingTimeInterval(actionEvery)
            }
            time = time.addingTimeInterval(10)
        }
        samples = downsampler.takeAll()
    }

    /// Ticks and unticks of the checklist, and notes, in turn.
    private static func action(_ index: Int, plan: Plan) -> Intent {
        if index % 3 == 2 || plan.checklist.isEmpty {
            return .note("note \(index): canary pods steady, <b>no</b> alerts & nothing \"odd\"")
        }
        return .toggleChecklist(item: plan.checklist[(index / 2) % plan.checklist.count].id)
    }

    /// Comfortably healthy, with a little wave, or well past the alert threshold while regressing.
    private static func value(of metric: MetricSpec, at time: Date, regressing: Bool) -> Double {
        let wave = 1 + 0.05 * sin(time.timeIntervalSince1970 / 300)
        if regressing { return metric.alert.value * (metric.alert.wantsLow ? 0.5 : 2) }
        let healthy = metric.baseline ?? metric.success.value * (metric.success.wantsLow ? 0.6 : 1.2)
        return healthy * wave
    }
}
