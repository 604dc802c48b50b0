import Foundation
import WarRoomCore

/// A deterministic stand-in for a live release, used by `warroom demo` and by tests.
///
/// Every event sits on a fixed grid anchored at `t0` (one sample per metric every ``sampleInterval`` seconds of
/// event time, a few log lines in between) and its value is a pure function of (seed, metric, grid index), so
/// asking for one long interval or many short ones yields exactly the same events.
public struct Simulator: Sendable {
    /// What the simulated release does.
    public enum Scenario: String, CaseIterable, Sendable {
        /// Every metric stays inside its success bound.
        case healthy
        /// Like `healthy` until T+20m, then the metrics ``Simulator/regresses(_:)`` picks climb past their alert bound.
        case regression
    }

    /// Seconds of event time between two samples of a metric.
    public static let sampleInterval: TimeInterval = 10
    /// When the regression starts, after T0.
    public static let regressionStart: TimeInterval = 20 * 60
    /// How long the regressing metrics take to climb from normal to their bad level.
    public static let regressionRamp: TimeInterval = 3 * 60
    /// The `source` of every simulated log line.
    public static let source = "simulator"

    public let metrics: [MetricSpec]
    /// Objectives whose good and total counts the simulator writes, per cohort where the plan tells them apart.
    public let slos: [SLOSpec]
    /// Health checks answered on the grid too: passing, until a regression is half way (then HTTP 503).
    public let checks: [HealthCheck]
    public let scenario: Scenario
    public let seed: UInt64
    public let t0: Date
    let noise: Noise

    public init(metrics: [MetricSpec], checks: [HealthCheck] = [], slos: [SLOSpec] = [], scenario: Scenario, seed: UInt64,
                t0: Date) {
        self.metrics = metrics
        self.slos = slos
        self.checks = checks
        self.scenario = scenario
        self.seed = seed
        self.t0 = t0
        self.noise = Noise(seed: seed)
    }

    /// Which metrics go bad in the regression scenario: those whose name contains "error", "latency" or "p99"
    /// (case-insensitive). Everything else keeps behaving as in the healthy scenario.
    public static func regresses(_ metric: MetricSpec) -> Bool {
        let name = metric.name.lowercased()
        return ["error", "latency", "p99"].contains { name.contains($0) }
    }

    /// Every sample and log line whose event time lies in (from, through], in time order.
    public func events(from: Date, through: Date) -> [Event] {
        guard through > from else { return [] }
        let step = Self.sampleInterval
        // One slot of margin each side; the exact time test below decides, so boundaries never depend on rounding.
        let first = Int((from.timeIntervalSince(t0) / step).rounded(.down)) - 1
        let last = Int((through.timeIntervalSince(t0) / step).rounded(.down)) + 1
        var events: [Event] = []
        for slot in first...last {
            let time = slotTime(slot)
            if time > from && time <= through {
                for metric in metrics {
                    events.append(.sample(MetricSample(name: metric.name, value: value(of: metric, slot: slot), time: time)))
                }
                events += cohortSamples(slot: slot).map { .sample($0) }
                for check in checks where isDue(check, slot: slot) { events.append(.health(result(of: check, slot: slot))) }
            }
            for line in logLines(slot: slot) where line.time > from && line.time <= through {
                events.append(.log(line))
            }
        }
        return events
    }

    /// The event time of grid slot `slot`: the metric samples' time; its log lines follow within the slot.
    func slotTime(_ slot: Int) -> Date {
        t0.addingTimeInterval(Double(slot) * Self.sampleInterval)
    }

    /// How far the regression has progressed at `slot`, from 0 (normal) to 1 (fully bad), eased.
    func regressionProgress(slot: Int) -> Double {
        guard scenario == .regression else { return 0 }
        let elapsed = Double(slot) * Self.sampleInterval - Self.regressionStart
        let fraction = min(max(elapsed / Self.regressionRamp, 0), 1)
        return fraction * fraction * (3 - 2 * fraction)
    }

    /// The value `metric` reports at `slot`.
    func value(of metric: MetricSpec, slot: Int) -> Double {
        let healthy = healthyValue(of: metric, slot: slot)
        let progress = Self.regresses(metric) ? regressionProgress(slot: slot) : 0
        guard progress > 0 else { return healthy }
        let target = badLevel(of: metric) * (1 + 0.04 * noise.signed(Noise.hash(metric.name), slot, 0xBAD))
        return healthy + (target - healthy) * progress
    }

    /// A check is made on the slots its interval falls on (every slot for an interval under the grid's).
    func isDue(_ check: HealthCheck, slot: Int) -> Bool {
        let every = max(1, Int((check.interval / Self.sampleInterval).rounded()))
        return slot % every == 0
    }

    /// A check's answer at `slot`: HTTP 200 in a few milliseconds, or once the regression is half way, a 503 from a
    /// service shedding load (a command check exits 1).
    func result(of check: HealthCheck, slot: Int) -> HealthResult {
        let stream = Noise.hash(check.name)
        let failing = regressionProgress(slot: slot) >= 0.5
        let latency = (failing ? 0.002 : 0.004) + 0.008 * noise.unit(stream, slot, 0x1A7)
        let answer: HealthResult.Answer, reason: String
        switch check.probe {
        case .http:
            answer = .http(status: failing ? 503 : 200)
            reason = "HTTP 503, expected 200…299: draining: upstream payments-gw unhealthy"
        case .command:
            answer = .exit(status: failing ? 1 : 0)
            reason = "exited with status 1: checkout smoke test got 502"
        }
        return HealthResult(check: check.name, time: slotTime(slot), passed: !failing, answer: answer, latency: latency,
                            reason: failing ? reason : nil)
    }

    /// About twice the alert bound, on the bad side: up for lower-is-better metrics, down (half) otherwise.
    func badLevel(of metric: MetricSpec) -> Double {
        let alert = metric.alert.value
        let span = alert != 0 ? abs(alert) : max(abs(metric.success.value), 1)
        return metric.lowerIsBetter ? alert + span : alert - span / 2
    }

    /// A value wandering around the metric's normal level, always inside its success bound.
    func healthyValue(of metric: MetricSpec, slot: Int) -> Double {
        let center = Self.normalLevel(of: metric)
        // A 0/1 health check does not wander: it is up.
        if metric.unit == .count, let baseline = metric.baseline, baseline == 0 || baseline == 1 { return center }
        let stream = Noise.hash(metric.name)
        // Up to ±8% of the level, but at most 70% of the way to the success bound, so a metric with little
        // headroom still wanders instead of sitting clamped on its bound.
        let headroom = abs(center - metric.success.value)
        var scale = max(abs(center), abs(metric.success.value) * 0.1)
        if headroom > 0 { scale = min(scale, headroom * 0.7 / 0.08) }
        var value = center + scale * (0.06 * noise.smooth(stream, slot, span: 9) + 0.02 * noise.signed(stream, slot, 1))
        if center >= 0 { value = max(value, 0) }
        return Self.clampInside(metric.success, value)
    }

    /// The baseline when it meets the success bound; otherwise a level just inside success.
    static func normalLevel(of metric: MetricSpec) -> Double {
        let success = metric.success
        if let baseline = metric.baseline, success.isSatisfied(by: baseline) { return baseline }
        let bound = success.value
        let offset = bound != 0 ? abs(bound) : 1
        if metric.baseline == nil {
            return success.wantsLow ? bound - offset * 0.4 : bound + offset * 0.2
        }
        return success.wantsLow ? bound - offset * 0.1 : bound + offset * 0.1
    }

    /// Pulls a value back a hair inside the bound, so a strict `<` or `>` also holds.
    static func clampInside(_ bound: Bound, _ value: Double) -> Double {
        let margin = bound.value != 0 ? abs(bound.value) * 0.02 : 0.01
        return bound.wantsLow ? min(value, bound.value - margin) : max(value, bound.value + margin)
    }
}
