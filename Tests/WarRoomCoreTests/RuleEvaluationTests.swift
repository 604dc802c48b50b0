import Foundation
import Testing
@testable import WarRoomCore

/// The newer rule forms evaluated through the reducer: baseline offsets, `within`, aggregates, health checks.
@Suite struct RuleEvaluationTests {
    /// The fixture plan plus a `conversion` metric (baseline 3), reading only `rules`.
    static func plan(_ rules: String...) throws -> Plan {
        var plan = try Fixture.plan()
        plan.metrics.append(MetricSpec(name: "conversion", unit: .percent, baseline: 3, success: Bound(.above, 2.8), alert: Bound(.below, 2.5)))
        plan.metrics.append(MetricSpec(name: "queue_depth", unit: .count, baseline: nil, success: Bound(.below, 10), alert: Bound(.above, 50)))
        plan.triggers = try rules.map { try TriggerRule(parsing: $0) }
        return plan
    }

    static func rule(_ harness: Fixture.Harness, _ index: Int = 0) -> TriggerRule { harness.state.plan.triggers[index] }
    static func state(_ harness: Fixture.Harness, _ index: Int = 0) -> TriggerState? { harness.state.triggers[rule(harness, index).id] }

    // MARK: Baseline offsets

    @Test func baselineOffsetIsRelativeToTheBaseline() throws {
        var harness = Fixture.Harness(plan: try Self.plan("conversion < baseline - 10%", "p99_latency > baseline + 25%"))
        #expect(abs(harness.state.thresholdValue(of: Self.rule(harness, 0))! - 2.7) < 1e-9)
        #expect(harness.state.thresholdValue(of: Self.rule(harness, 1)) == 262.5)
        harness.sample("conversion", 2.75, at: 0)
        harness.sample("p99_latency", 260, at: 0)
        #expect(harness.kinds.isEmpty, "2.75 is above 3 - 10%, 260ms below 210 + 25%")
        harness.sample("conversion", 2.65, at: 10)
        harness.sample("p99_latency", 265, at: 10)
        #expect(Self.state(harness, 0)?.isFiring == true)
        #expect(Self.state(harness, 1)?.isFiring == true)
        harness.sample("conversion", 2.9, at: 20)
        #expect(Self.state(harness, 0)?.phase == .inactive)
        #expect(harness.kinds == ["trigger_firing", "trigger_firing", "trigger_resolved"])
    }

    @Test func baselineOffsetWithoutABaselineNeverFires() throws {
        var harness = Fixture.Harness(plan: try Self.plan("queue_depth > baseline + 10%"))
        #expect(harness.state.thresholdValue(of: Self.rule(harness)) == nil)
        harness.sample("queue_depth", 1_000, at: 0)
        #expect(Self.state(harness)?.phase == .inactive)
        #expect(harness.kinds.isEmpty)
    }

    // MARK: within

    @Test func withinIsArmedOnlyFromT0UntilItsWindowCloses() throws {
        var harness = Fixture.Harness(plan: try Self.plan("conversion < baseline - 10% within 1h"))
        harness.sample("conversion", 2.0, at: -60)
        #expect(harness.state.word(of: Self.rule(harness)) == "inactive", "not armed before T0")
        harness.act(.start)
        harness.sample("conversion", 2.0, at: 60)
        #expect(Self.state(harness)?.phase == .firing(since: Fixture.t0.addingTimeInterval(60)))
        harness.sample("conversion", 2.9, at: 120)
        #expect(harness.state.word(of: Self.rule(harness)) == "inactive")
        #expect(harness.state.closesAt(Self.rule(harness)) == Fixture.t0.addingTimeInterval(3600))
        harness.at(3600)
        #expect(harness.state.word(of: Self.rule(harness)) == "inactive", "the window includes T0 + 1h")
        harness.at(3601)
        #expect(harness.state.word(of: Self.rule(harness)) == "window closed")
        #expect(harness.state.triggerWord(Self.rule(harness)) == "window closed")
        let before = harness.kinds.count
        harness.sample("conversion", 2.0, at: 3700)
        #expect(harness.state.word(of: Self.rule(harness)) == "window closed")
        #expect(harness.kinds.count == before, "a closed rule records nothing")
    }

    @Test func aPendingTriggerIsDroppedWhenItsWindowCloses() throws {
        var harness = Fixture.Harness(plan: try Self.plan("error_rate > 2% for 10m within 1h"))
        harness.act(.start)
        harness.sample("error_rate", 3, at: 3300)
        #expect(Self.state(harness)?.isPending == true)
        harness.sample("error_rate", 3, at: 3590)
        harness.at(3601)
        #expect(harness.state.word(of: Self.rule(harness)) == "window closed")
        harness.sample("error_rate", 3, at: 3900)
        harness.at(3900)
        #expect(harness.state.word(of: Self.rule(harness)) == "window closed")
        #expect(harness.kinds.suffix(2) == ["trigger_pending", "trigger_resolved"])
        #expect(harness.bells == 0)
    }

    @Test func aFiringTriggerOutlivesItsWindowUntilItResolves() throws {
        var harness = Fixture.Harness(plan: try Self.plan("error_rate > 2% within 30m"))
        harness.act(.start)
        harness.sample("error_rate", 3, at: 1700)
        harness.sample("error_rate", 3, at: 1850)
        harness.at(1860)
        #expect(Self.state(harness)?.isFiring == true)
        #expect(harness.state.overallStatus == .rollbackRecommended)
        harness.sample("error_rate", 0.5, at: 1900)
        #expect(harness.state.word(of: Self.rule(harness)) == "window closed")
        harness.sample("error_rate", 3, at: 1910)
        #expect(harness.state.word(of: Self.rule(harness)) == "window closed")
        #expect(harness.kinds.suffix(2) == ["trigger_firing", "trigger_resolved"])
    }

    // MARK: Aggregates

    @Test func averageOverTheTrailingWindowIsWhatIsCompared() throws {
        var harness = Fixture.Harness(plan: try Self.plan("avg(error_rate, 5m) > 1%"))
        harness.sample("error_rate", 0.5, at: 0)
        harness.sample("error_rate", 0.5, at: 60)
        #expect(Self.state(harness)?.phase == .inactive)
        #expect(harness.state.currentValue(of: Self.rule(harness)) == 0.5)
        harness.sample("error_rate", 3.5, at: 120)  // a spike the latest value alone would not survive
        #expect(Self.state(harness)?.isFiring == true)
        #expect(harness.state.currentValue(of: Self.rule(harness)) == 1.5, "the screen's 'now' is the average")
        harness.sample("error_rate", 0.5, at: 180)
        #expect(Self.state(harness)?.isFiring == true, "avg of 0.5, 0.5, 3.5, 0.5 is 1.25")
        harness.sample("error_rate", 0.5, at: 421)  // the window (121, 421] has let the spike go
        #expect(harness.state.currentValue(of: Self.rule(harness)) == 0.5)
        #expect(Self.state(harness)?.phase == .inactive)
        #expect(harness.kinds == ["trigger_firing", "trigger_resolved"])
    }

    @Test func aggregateWithForGoesPendingThenFiresThenResolves() throws {
        var harness = Fixture.Harness(plan: try Self.plan("max(error_rate, 1m) > 2% for 2m"))
        harness.sample("error_rate", 2.5, at: 0)
        #expect(Self.state(harness)?.phase == .pending(since: Fixture.t0))
        harness.sample("error_rate", 0.5, at: 50)   // the max over the last minute is still 2.5
        #expect(Self.state(harness)?.isPending == true)
        harness.sample("error_rate", 2.1, at: 100)
        harness.sample("error_rate", 0.5, at: 120)
        #expect(Self.state(harness)?.phase == .firing(since: Fixture.t0.addingTimeInterval(120)))
        harness.sample("error_rate", 0.5, at: 159)
        #expect(Self.state(harness)?.isFiring == true, "2.1 at 100s is still inside the minute")
        harness.sample("error_rate", 0.5, at: 200)
        #expect(Self.state(harness)?.phase == .inactive)
        #expect(harness.kinds == ["trigger_pending", "trigger_firing", "trigger_resolved"])
        #expect(harness.bells == 1)
    }

    @Test func minimumCatchesASustainedDrop() throws {
        var harness = Fixture.Harness(plan: try Self.plan("min(conversion, 2m) > 3.2%"))
        harness.sample("conversion", 3.5, at: 0)
        harness.sample("conversion", 3.1, at: 30)
        #expect(Self.state(harness)?.phase == .inactive, "min is 3.1")
        harness.sample("conversion", 3.4, at: 151)
        #expect(Self.state(harness)?.isFiring == true, "3.1 at 30s has left the window")
    }

    @Test func p95OfAKnownSeries() {
        let p95 = TriggerRule.Aggregate(.p95, over: 60)
        #expect(p95.reduce(Array(1...100).map(Double.init).shuffled()) == 95)
        #expect(TriggerRule.Aggregate(.p99, over: 60).reduce(Array(1...200).map(Double.init).shuffled()) == 198)
        #expect(TriggerRule.Aggregate(.p99, over: 60).reduce([3, 1, 2]) == 3, "with few samples the largest one")
        #expect(p95.reduce(Array(1...20).map(Double.init).reversed()) == 19)
        #expect(p95.reduce([1, 2, 3]) == 3)
        #expect(p95.reduce([7]) == 7)
        #expect(p95.reduce([]) == nil)
        #expect(TriggerRule.Aggregate(.avg, over: 60).reduce([1, 2, 6]) == 3)
        #expect(TriggerRule.Aggregate(.min, over: 60).reduce([4, 2, 6]) == 2)
        #expect(TriggerRule.Aggregate(.max, over: 60).reduce([4, 2, 6]) == 6)

        var series = Series()
        for second in 0..<100 { series.append(Double(second + 1), at: Fixture.t0.addingTimeInterval(Double(second))) }
        // The last 20 seconds hold 81...100; their nearest-rank p95 is the 19th of 20.
        #expect(TriggerRule.Aggregate(.p95, over: 20).value(of: series, at: Fixture.t0.addingTimeInterval(99)) == 99)
        // Samples after `end` are not in the window.
        #expect(TriggerRule.Aggregate(.max, over: 10).value(of: series, at: Fixture.t0.addingTimeInterval(49)) == 50)
        #expect(TriggerRule.Aggregate(.max, over: 10).value(of: series, at: Fixture.t0.addingTimeInterval(-1)) == nil)
    }

    @Test func p95ThroughTheReducer() throws {
        var harness = Fixture.Harness(plan: try Self.plan("p95(p99_latency, 100s) > 300ms"))
        // One slow request in twenty is the 95th percentile's business; a second one pushes it over.
        for second in 0..<19 { harness.sample("p99_latency", 200, at: Double(second)) }
        harness.sample("p99_latency", 900, at: 19)
        #expect(harness.state.currentValue(of: Self.rule(harness)) == 200)
        #expect(Self.state(harness)?.phase == .inactive)
        harness.sample("p99_latency", 900, at: 20)
        #expect(harness.state.currentValue(of: Self.rule(harness)) == 900)
        #expect(Self.state(harness)?.isFiring == true)
    }

    // MARK: Health checks

    @Test func healthCheckFailsOnConsecutiveTrailingFailures() throws {
        var harness = Fixture.Harness(plan: try Self.plan("health.ready fails 3 consecutive"))
        harness.sample("health.ready", 0, at: 0)
        harness.sample("health.ready", 1, at: 5)
        harness.sample("health.ready", 0, at: 10)
        harness.sample("health.ready", 0, at: 15)
        #expect(harness.state.consecutiveFailures(of: Self.rule(harness)) == 2)
        #expect(Self.state(harness)?.isPending == true)
        harness.sample("health.ready", 0, at: 20)
        #expect(Self.state(harness)?.phase == .firing(since: Fixture.t0.addingTimeInterval(20)))
        harness.sample("health.ready", 1, at: 25)
        #expect(Self.state(harness)?.phase == .inactive)
        #expect(harness.kinds == ["trigger_pending", "trigger_resolved", "trigger_pending", "trigger_firing", "trigger_resolved"])
    }

    @Test func ticksDoNotCountAFailureTwice() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        let health = "health fails 3 consecutive"
        harness.sample("health", 0, at: 0)
        harness.at(1)
        harness.at(2)
        harness.at(3)
        #expect(harness.state.consecutiveFailures(of: harness.state.plan.triggers[2]) == 1)
        #expect(harness.state.triggers[health]?.isPending == true)
    }

    // MARK: One metric against another

    /// The canary's errors against the stable pods': the threshold moves with the other metric, and a stale other
    /// metric proves nothing, so the trigger neither fires nor resolves on it.
    @Test func aMetricIsComparedWithAMultipleOfAnother() throws {
        var plan = try Self.plan("canary_errors > 2x stable_errors for 30s")
        for name in ["canary_errors", "stable_errors"] {
            plan.metrics.append(MetricSpec(name: name, unit: .count, baseline: nil, success: Bound(.below, 5), alert: Bound(.above, 20)))
        }
        let rule = try TriggerRule(parsing: "canary_errors > 2x stable_errors for 30s")
        #expect(rule.condition == .compare(metric: "canary_errors", comparison: .above, threshold: .timesMetric(2, metric: "stable_errors"),
                                           window: 30))
        var harness = Fixture.Harness(plan: plan)
        harness.sample("stable_errors", 3, at: 0)
        harness.sample("canary_errors", 5, at: 0)
        #expect(harness.state.thresholdValue(of: Self.rule(harness)) == 6)
        #expect(harness.kinds.isEmpty, "5 is not above 2 × 3")
        harness.sample("stable_errors", 2, at: 10)
        harness.sample("canary_errors", 5, at: 10)
        #expect(Self.state(harness)?.isPending == true, "5 is above 2 × 2")
        harness.sample("stable_errors", 2, at: 40)
        harness.sample("canary_errors", 6, at: 40)
        #expect(Self.state(harness)?.isFiring == true)
        // The stable pods' metric goes quiet: the canary's alone cannot clear (or make) the comparison.
        harness.sample("canary_errors", 0, at: 40 + 600)
        #expect(harness.state.thresholdValue(of: Self.rule(harness)) == nil)
        #expect(Self.state(harness)?.isFiring == true)
    }
}
