import Foundation
import Testing
import WarRoomCore
@testable import WarRoomFeeds

/// The simulator's per-version series: the canary alone drifts worse in the regression, before any threshold is
/// crossed; the objectives' counts add up across cohorts.
@Suite struct SimulatorCohortTests {
    static let latency = MetricSpec(
        name: "p99_latency", unit: .milliseconds, baseline: 210, success: Bound(.below, 250), alert: Bound(.above, 400),
        cohorts: MetricCohorts(canary: .init(series: "p99_latency_canary"), baseline: .init(series: "p99_latency_stable")),
        judging: MetricJudging(critical: true))
    static let slo = SLOSpec(name: "checkout", objective: 0.999, events: .init(good: "ok", total: "all"),
                             canary: .init(good: "ok_canary", total: "all_canary"),
                             baseline: .init(good: "ok_stable", total: "all_stable"))

    static func values(_ simulator: Simulator, _ name: String, from: TimeInterval, through: TimeInterval) -> [Double] {
        simulator.events(from: t0.addingTimeInterval(from), through: t0.addingTimeInterval(through)).compactMap { event in
            guard case .sample(let sample) = event, sample.name == name else { return nil }
            return sample.value
        }
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    @Test func theCanaryDriftsBeforeTheThresholdsAreCrossed() {
        let simulator = Simulator(metrics: [Self.latency], slos: [Self.slo], scenario: .regression, seed: 42, t0: t0)
        let before = Self.values(simulator, "p99_latency_canary", from: 0, through: 9 * 60)
        let stable = Self.values(simulator, "p99_latency_stable", from: 13 * 60, through: 19 * 60)
        let drifted = Self.values(simulator, "p99_latency_canary", from: 13 * 60, through: 19 * 60)
        let whole = Self.values(simulator, "p99_latency", from: 13 * 60, through: 19 * 60)
        #expect(before.count == 54 && stable.count == 36 && drifted.count == 36)
        #expect(abs(Self.median(before) / Self.median(stable) - 1) < 0.05, "the versions agree before the drift")
        #expect(Self.median(drifted) > Self.median(stable) * 1.4, "the canary half as high again")
        #expect(whole.allSatisfy { $0 < 250 }, "while the whole service still meets success")
    }

    @Test func healthyVersionsAgree() {
        let simulator = Simulator(metrics: [Self.latency], scenario: .healthy, seed: 42, t0: t0)
        let canary = Self.values(simulator, "p99_latency_canary", from: 0, through: 3600)
        let stable = Self.values(simulator, "p99_latency_stable", from: 0, through: 3600)
        #expect(abs(Self.median(canary) / Self.median(stable) - 1) < 0.02)
    }

    @Test func objectiveCountsAddUpAndTheCanaryBurns() {
        let simulator = Simulator(metrics: [], slos: [Self.slo], scenario: .regression, seed: 7, t0: t0)
        for (from, through) in [(0.0, 300.0), (25 * 60.0, 26 * 60.0)] {
            let all = Self.values(simulator, "all", from: from, through: through)
            let parts = zip(Self.values(simulator, "all_canary", from: from, through: through),
                            Self.values(simulator, "all_stable", from: from, through: through)).map { $0 + $1 }
            #expect(zip(all, parts).allSatisfy { abs($0 - $1) < 1e-9 })
        }
        func failed(_ good: String, _ total: String, at time: TimeInterval) -> Double {
            let ok = Self.values(simulator, good, from: time, through: time + 300).reduce(0, +)
            let all = Self.values(simulator, total, from: time, through: time + 300).reduce(0, +)
            return 1 - ok / all
        }
        #expect(failed("ok_canary", "all_canary", at: 0) < 0.001, "within the objective at first")
        #expect(failed("ok_canary", "all_canary", at: 25 * 60) > 0.0144, "the canary burns its budget over 14.4 times too fast")
        #expect(failed("ok_stable", "all_stable", at: 25 * 60) < 0.001, "the stable version does not")
    }

    @Test func metricsWithoutCohortsWriteNothingMore() {
        let plain = MetricSpec(name: "x", unit: .count, baseline: 1, success: Bound(.below, 2), alert: Bound(.above, 3))
        let simulator = Simulator(metrics: [plain], scenario: .healthy, seed: 1, t0: t0)
        let names = Set(simulator.events(from: t0, through: t0.addingTimeInterval(60)).compactMap { event -> String? in
            guard case .sample(let sample) = event else { return nil }
            return sample.name
        })
        #expect(names == ["x"])
    }
}
