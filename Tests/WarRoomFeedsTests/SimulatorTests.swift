import Foundation
import Testing
import WarRoomCore
@testable import WarRoomFeeds

/// The metrics of a typical plan, including one whose baseline sits outside its success bound.
let checkoutMetrics = [
    MetricSpec(name: "error_rate", unit: .percent, baseline: 0.4, success: Bound(.below, 1), alert: Bound(.above, 2)),
    MetricSpec(name: "p99_latency", unit: .milliseconds, baseline: 210, success: Bound(.below, 250), alert: Bound(.above, 400)),
    MetricSpec(name: "throughput", unit: .requestsPerSecond, baseline: 1200, success: Bound(.above, 1100), alert: Bound(.below, 900)),
    MetricSpec(name: "cpu", unit: .percent, baseline: 85, success: Bound(.below, 80), alert: Bound(.above, 95)),
    MetricSpec(name: "checkout_conversion", unit: .percent, baseline: 3.1, success: Bound(.above, 2.9), alert: Bound(.below, 2.5)),
    MetricSpec(name: "health", unit: .count, baseline: 1, success: Bound(.atLeast, 1), alert: Bound(.below, 1)),
]

let t0 = Date(timeIntervalSince1970: 1_795_000_000)

private func samples(_ events: [Event]) -> [MetricSample] {
    events.compactMap { if case .sample(let sample) = $0 { sample } else { nil } }
}

private func logs(_ events: [Event]) -> [LogLine] {
    events.compactMap { if case .log(let line) = $0 { line } else { nil } }
}

private func time(of event: Event) -> Date {
    switch event {
    case .sample(let sample): sample.time
    case .log(let line): line.time
    default: .distantPast
    }
}

@Suite struct SimulatorTests {
    let simulator = Simulator(metrics: checkoutMetrics, scenario: .regression, seed: 42, t0: t0)

    @Test func sameSeedSameEventsDifferentSeedDifferentValues() {
        let end = t0.addingTimeInterval(600)
        let again = Simulator(metrics: checkoutMetrics, scenario: .regression, seed: 42, t0: t0)
        let other = Simulator(metrics: checkoutMetrics, scenario: .regression, seed: 43, t0: t0)
        #expect(simulator.events(from: t0, through: end) == again.events(from: t0, through: end))
        #expect(samples(simulator.events(from: t0, through: end)) != samples(other.events(from: t0, through: end)))
    }

    @Test func splittingTheIntervalChangesNothing() {
        let start = t0.addingTimeInterval(-95)
        let end = t0.addingTimeInterval(40 * 60)
        let whole = simulator.events(from: start, through: end)
        var pieces: [Event] = []
        var cursor = start
        var step = 0.0
        while cursor < end {
            // Irregular steps, some landing exactly on grid points, some in between.
            step = step == 10 ? 3.7 : (step == 3.7 ? 0.25 : 10)
            let next = min(cursor.addingTimeInterval(step), end)
            pieces += simulator.events(from: cursor, through: next)
            cursor = next
        }
        #expect(pieces == whole)
        #expect(whole.count > 40 * 6 * checkoutMetrics.count)
    }

    @Test func eventsAreInTimeOrderAndInsideTheHalfOpenInterval() {
        let from = t0.addingTimeInterval(10)
        let through = t0.addingTimeInterval(300)
        let events = simulator.events(from: from, through: through)
        let times = events.map(time(of:))
        #expect(times == times.sorted())
        #expect(times.allSatisfy { $0 > from && $0 <= through })
        #expect(samples(events).first?.time == t0.addingTimeInterval(20))
        #expect(samples(events).last?.time == through)
        #expect(simulator.events(from: through, through: from).isEmpty)
    }

    @Test func healthyStaysInsideSuccessForTwoHours() {
        let healthy = Simulator(metrics: checkoutMetrics, scenario: .healthy, seed: 7, t0: t0)
        let events = healthy.events(from: t0, through: t0.addingTimeInterval(2 * 3600))
        let all = samples(events)
        #expect(all.count == 720 * checkoutMetrics.count)
        for metric in checkoutMetrics {
            let values = all.filter { $0.name == metric.name }.map(\.value)
            #expect(values.allSatisfy(metric.success.isSatisfied(by:)), "\(metric.name) left its success bound")
            if metric.name != "health" {
                // Wanders, and is not pinned to its bound by the clamp.
                #expect(Set(values).count > 100, "\(metric.name) should wander, not sit still")
                let pinned = values.filter { $0 == Simulator.clampInside(metric.success, $0 + (metric.lowerIsBetter ? 1e9 : -1e9)) }
                #expect(pinned.count < values.count / 10, "\(metric.name) sits on its bound")
            }
        }
        #expect(logs(events).filter(\.level.isError).count < 720 / 2)
    }

    @Test func regressionBreachesAlertAfterTwentyMinutesOnly() {
        let all = samples(simulator.events(from: t0, through: t0.addingTimeInterval(60 * 60)))
        let regressing = checkoutMetrics.filter(Simulator.regresses)
        #expect(regressing.map(\.name) == ["error_rate", "p99_latency"])
        for metric in checkoutMetrics {
            let series = all.filter { $0.name == metric.name }
            let before = series.filter { $0.time <= t0.addingTimeInterval(20 * 60) }
            let settled = series.filter { $0.time >= t0.addingTimeInterval(23 * 60) }
            #expect(before.allSatisfy { metric.success.isSatisfied(by: $0.value) }, "\(metric.name) before T+20m")
            if Simulator.regresses(metric) {
                #expect(settled.allSatisfy { metric.alert.isSatisfied(by: $0.value) }, "\(metric.name) after T+23m")
                #expect((settled.map(\.value).max() ?? 0) < metric.alert.value * 2.2)
            } else {
                #expect(settled.allSatisfy { metric.success.isSatisfied(by: $0.value) }, "\(metric.name) stays healthy")
            }
        }
        // So `error_rate > 2% for 5m` goes pending at about T+21m.
        let firstBreach = all.first { $0.name == "error_rate" && $0.value > 2 }?.time
        let minutes = (firstBreach?.timeIntervalSince(t0) ?? 0) / 60
        #expect(minutes > 20.5 && minutes < 22)
    }

    @Test func healthyAndRegressionAgreeBeforeTheRegression() {
        let healthy = Simulator(metrics: checkoutMetrics, scenario: .healthy, seed: 42, t0: t0)
        let end = t0.addingTimeInterval(20 * 60)
        #expect(healthy.events(from: t0, through: end) == simulator.events(from: t0, through: end))
    }

    @Test func errorLinesFollowTheErrorRate() {
        let calm = logs(simulator.events(from: t0, through: t0.addingTimeInterval(15 * 60)))
        let storm = logs(simulator.events(from: t0.addingTimeInterval(30 * 60), through: t0.addingTimeInterval(45 * 60)))
        #expect(calm.allSatisfy { $0.source == "simulator" })
        #expect(calm.contains { $0.level == .info && $0.text.hasPrefix("GET ") })
        #expect(calm.contains { $0.level == .debug })
        let calmErrors = calm.filter(\.level.isError).count
        let stormErrors = storm.filter(\.level.isError).count
        #expect(stormErrors > 5 * max(calmErrors, 1))
        #expect(storm.contains { $0.text == "upstream payments-gw timeout after 2000ms" })
    }
}
