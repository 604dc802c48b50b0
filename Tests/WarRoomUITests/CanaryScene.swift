import Foundation
@testable import WarRoomCore
import WarRoomUI

/// Scene's release with a canary judge and an objective: p99_latency (critical) and error_rate judged canary against
/// baseline, an availability SLO counted per cohort, and the rules that read them. The states are folded from samples
/// with chosen times through the reducer and the evaluator, then judged as the runtime does before drawing.
enum CanaryScene {
    static func plan() throws -> Plan {
        var plan = try Scene.plan()
        func side(_ name: String) -> MetricCohorts.Side { MetricCohorts.Side(series: name) }
        plan.metrics[1].cohorts = MetricCohorts(canary: side("p99_latency_canary"), baseline: side("p99_latency_stable"))
        plan.metrics[1].judging = MetricJudging(direction: .increase, tolerance: 0.1, critical: true)
        plan.metrics[0].cohorts = MetricCohorts(canary: side("error_rate_canary"), baseline: side("error_rate_stable"))
        plan.metrics[0].judging = MetricJudging(direction: .increase, tolerance: 0.2)
        plan.slos = [SLOSpec(name: "checkout", objective: 0.999,
                             events: .init(good: "requests_good", total: "requests_total"),
                             canary: .init(good: "requests_good_canary", total: "requests_total_canary"),
                             baseline: .init(good: "requests_good_stable", total: "requests_total_stable"),
                             description: "Checkout requests answered without a 5xx")]
        plan.triggers += [try TriggerRule(parsing: "judge score < 75 for 5m"), try TriggerRule(parsing: "judge fails 2 consecutive"),
                          try TriggerRule(parsing: "burn_rate(checkout, 1h, 5m) > 14.4")]
        return plan
    }

    /// How the canary behaves in a scene.
    enum Canary {
        /// Like the baseline, within noise.
        case healthy
        /// Its p99 latency 35% above the baseline's.
        case slow
        /// Healthy, but 2% of its requests fail: 20 times the pace a 99.9% objective allows.
        case burning
    }

    /// The release started at T0 and run every 10 seconds to `minutes`: the main series and both cohorts of each judged
    /// metric, and the requests the objective counts.
    static func state(_ canary: Canary, minutes: Double, plan custom: Plan? = nil) throws -> AppState {
        var state = AppState(plan: try custom ?? plan(), session: "test", now: Scene.t0)
        var events: [Event] = [.intent(.start, actor: "sam")]
        let steps = Int(minutes * 6)
        for step in 0...steps {
            let time = Scene.t0.addingTimeInterval(Double(step) * 10)
            // Deterministic noise: two incommensurate waves, so ranks interleave as real samples do.
            let noise = sin(Double(step) * 1.7) + 0.6 * cos(Double(step) * 0.9)
            let stable = 210 + 8 * noise
            let latency = canary == .slow ? 285 + 9 * sin(Double(step) * 1.3) : 211 + 8 * sin(Double(step) * 1.3 + 0.4)
            let errors = 0.4 + 0.05 * noise
            // Burning: 15% of the canary's requests fail, 150 times the pace a 99.9% objective allows, so even counted
            // over the whole hour the last twelve minutes spent 30 times it.
            let failed = canary == .burning ? 150.0 : 0.5
            func sample(_ name: String, _ value: Double) -> Event { .sample(MetricSample(name: name, value: value, time: time)) }
            events += [.tick(time),
                       sample("p99_latency", (latency + stable) / 2), sample("p99_latency_canary", latency),
                       sample("p99_latency_stable", stable),
                       sample("error_rate", errors), sample("error_rate_canary", errors + 0.02 * cos(Double(step))),
                       sample("error_rate_stable", errors),
                       sample("throughput", 1200), sample("checkout_conversion", 3.1),
                       sample("requests_total_canary", 100), sample("requests_good_canary", 100 - failed / 10),
                       sample("requests_total_stable", 900), sample("requests_good_stable", 899.5),
                       sample("requests_total", 1000), sample("requests_good", 999.5 - failed / 10)]
        }
        Scene.run(&state, events)
        state.judgeCanary()
        return state
    }
}
