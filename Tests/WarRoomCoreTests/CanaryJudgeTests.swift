import Foundation
import Testing
import WarRoomTestSupport
@testable import WarRoomCore

/// The judge's calls and score on series with known differences, including the blind spots canary analysers are
/// known for: most canary points far off, a spread that grows while the median holds, sparse error counts.
@Suite struct CanaryJudgeTests {
    static let at = Fixture.t0.addingTimeInterval(600)

    /// A plan judging the given metrics, each with cohort series `<name>_canary` and `<name>_stable`.
    static func plan(_ metrics: [(String, MetricJudging)], settings: JudgeSettings = .standard) -> Plan {
        var plan = Plan(release: ReleaseInfo(name: "checkout", version: "2.14.0", owner: "Dana", onCall: "Sam"), strategy: .canary,
                        stages: [Stage(name: "Canary", traffic: 5, minDuration: 0, gateMetrics: [])], metrics: [], triggers: [],
                        checklist: [])
        plan.metrics = metrics.map { name, judging in
            MetricSpec(name: name, unit: .milliseconds, baseline: nil, success: Bound(.below, 300), alert: Bound(.above, 450),
                       cohorts: MetricCohorts(canary: .init(series: "\(name)_canary"), baseline: .init(series: "\(name)_stable")),
                       judging: judging)
        }
        plan.judge = settings
        return plan
    }

    /// Series ending at `at`, one point a second, newest last.
    static func series(_ values: [Double]) -> Series {
        var series = Series(capacity: 2000)
        for (index, value) in values.enumerated() {
            series.append(value, at: at.addingTimeInterval(Double(index - values.count + 1)))
        }
        return series
    }

    static func normal(_ random: inout SeededRandom, mean: Double, sd: Double, count: Int) -> [Double] {
        (0..<count).map { _ in
            let u = Double.random(in: Double.ulpOfOne..<1, using: &random), v = Double.random(in: 0..<1, using: &random)
            return mean + sd * (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
    }

    static func judge(_ plan: Plan, _ series: [String: [Double]]) -> Judgement {
        CanaryJudge(plan: plan).judge(series.mapValues(Self.series), at: at)!
    }

    /// The canary's values are the baseline's in another order: no test may see a difference, whatever the seed.
    @Test func aCanaryLikeItsBaselinePasses() {
        var random = SeededRandom(label: "judge-healthy")
        let plan = Self.plan([("p99", MetricJudging(critical: true))])
        let baseline = Self.normal(&random, mean: 200, sd: 10, count: 120)
        let judgement = Self.judge(plan, ["p99_canary": baseline.shuffled(using: &random), "p99_stable": baseline])
        #expect(judgement.outcome == .pass)
        #expect(judgement.score == 100)
        #expect(judgement.verdicts[0].call == .pass)
        #expect(judgement.verdicts[0].reason.contains("allowed ±20ms"))
    }

    @Test func aCriticalMetricWorseBeyondTheToleranceScoresZero() {
        var random = SeededRandom(label: "judge-critical")
        let plan = Self.plan([("p99", MetricJudging(critical: true)), ("errors", MetricJudging())])
        let judgement = Self.judge(plan, ["p99_canary": Self.normal(&random, mean: 260, sd: 10, count: 120),
                                          "p99_stable": Self.normal(&random, mean: 200, sd: 10, count: 120),
                                          "errors_canary": Self.normal(&random, mean: 50, sd: 5, count: 120),
                                          "errors_stable": Self.normal(&random, mean: 50, sd: 5, count: 120)])
        #expect(judgement.verdicts.map(\.call) == [.high, .pass])
        #expect(judgement.score == 0)
        #expect(judgement.outcome == .fail)
        #expect(judgement.why == "critical metric p99 is HIGH")
        let reason = judgement.verdicts[0].reason
        #expect(reason.hasPrefix("+") && reason.contains("% (+"), "the reason leads with the relative shift: \(reason)")
        #expect(reason.contains("98% CI"))
    }

    @Test func aChangeInTheHarmlessDirectionPasses() {
        var random = SeededRandom(label: "judge-direction")
        let plan = Self.plan([("throughput", MetricJudging(direction: .decrease))])
        let judgement = Self.judge(plan, ["throughput_canary": Self.normal(&random, mean: 130, sd: 5, count: 60),
                                          "throughput_stable": Self.normal(&random, mean: 100, sd: 5, count: 60)])
        #expect(judgement.verdicts[0].call == .pass)
        #expect(!judgement.verdicts[0].fails)
        #expect(judgement.verdicts[0].reason.hasPrefix("higher than the baseline, which is better"))
        let either = Self.judge(Self.plan([("throughput", MetricJudging(direction: .either))]),
                                ["throughput_canary": Self.normal(&random, mean: 130, sd: 5, count: 60),
                                 "throughput_stable": Self.normal(&random, mean: 100, sd: 5, count: 60)])
        #expect(either.verdicts[0].call == .high)
    }

    /// Kayenta's known miss: 7 of 10 canary points at 100× the baseline. Ranks see it at once.
    @Test func mostCanaryPointsFarOffAreHigh() {
        var random = SeededRandom(label: "judge-outliers")
        let plan = Self.plan([("p99", MetricJudging())], settings: JudgeSettings(minSamples: 10))
        let baseline = Self.normal(&random, mean: 100, sd: 5, count: 10)
        let canary = Self.normal(&random, mean: 100, sd: 5, count: 3) + Self.normal(&random, mean: 10_000, sd: 500, count: 7)
        let judgement = Self.judge(plan, ["p99_canary": canary, "p99_stable": baseline])
        #expect(judgement.verdicts[0].call == .high, "\(judgement.verdicts[0].reason) \(String(describing: judgement.verdicts[0].evidence?.exceedance)) \(baseline) \(canary)")
        #expect(judgement.outcome == .fail)
        // Seven values above every baseline value: C(10,7)/C(20,7), whatever the three others did.
        #expect((judgement.verdicts[0].evidence?.exceedance?.above ?? 0) >= 7)
    }

    /// The median holds and the spread grows: ranks see nothing; the spread test and the exceedances do, and it counts.
    @Test func aSpreadThatGrowsAloneIsAFailure() throws {
        var random = SeededRandom(label: "judge-spread")
        let plan = Self.plan([("p99", MetricJudging())])
        let judgement = Self.judge(plan, ["p99_canary": Self.normal(&random, mean: 200, sd: 40, count: 200),
                                          "p99_stable": Self.normal(&random, mean: 200, sd: 8, count: 200)])
        let verdict = judgement.verdicts[0]
        #expect(verdict.call == .high)
        // Both the spread and the values beyond every baseline value say so; either may lead.
        #expect(verdict.reason.hasPrefix("spread ") || verdict.reason.contains("above every baseline value"), "\(verdict.reason)")
        let spread = try #require(verdict.evidence?.spread)
        #expect(spread.ratio > 3)
    }

    /// Error counts of 0, 1, 2 per interval: ranks are nearly all ties, the rates are not.
    @Test func sparseCountsAreComparedAsRates() throws {
        var random = SeededRandom(label: "judge-counts")
        func counts(_ rate: Double, _ count: Int) -> [Double] {
            (0..<count).map { _ in
                // Poisson by inversion: small rates only.
                var k = 0.0, p = exp(-rate), s = p
                let u = Double.random(in: 0..<1, using: &random)
                while u > s { k += 1; p *= rate / k; s += p }
                return k
            }
        }
        let plan = Self.plan([("errors", MetricJudging())])
        let judgement = Self.judge(plan, ["errors_canary": counts(1.2, 200), "errors_stable": counts(0.3, 200)])
        let verdict = judgement.verdicts[0]
        guard case .counts(let test)? = verdict.evidence?.comparison else {
            Issue.record("expected the counts test, got \(String(describing: verdict.evidence?.comparison))")
            return
        }
        #expect(verdict.call == .high)
        #expect(try #require(test.rateRatio) > 2)
        #expect(verdict.reason.contains("the baseline's"))
    }

    @Test func tooFewSamplesIsNoDataAndHalfWithoutDataScoresZero() {
        let plan = Self.plan([("p99", MetricJudging()), ("errors", MetricJudging())])
        let judgement = Self.judge(plan, ["p99_canary": Array(repeating: 1, count: 12), "p99_stable": Array(repeating: 1, count: 40),
                                          "errors_canary": Array(repeating: 1, count: 40), "errors_stable": Array(repeating: 1, count: 40)])
        #expect(judgement.verdicts[0].call == .noData)
        #expect(judgement.verdicts[0].reason == "canary 12, baseline 40 of 20 samples needed in the last 10m")
        #expect(judgement.why == "1 of 2 metrics have too few samples or none fresh")
        #expect(judgement.outcome == .noData)
        #expect(judgement.score == 0)
        #expect(!judgement.verdicts[0].fails)
    }

    /// Kayenta's weighted sum: each group scores the share of its judged metrics that pass; groups are weighted.
    @Test func theScoreIsTheWeightedShareOfPassingMetricsPerGroup() {
        var random = SeededRandom(label: "judge-score")
        let plan = Self.plan([("a", MetricJudging(weight: 3, group: "latency")), ("b", MetricJudging(group: "latency")),
                              ("c", MetricJudging(weight: 1)), ("d", MetricJudging(weight: 1))])
        var series: [String: [Double]] = [:]
        for name in ["a", "b", "c", "d"] { series["\(name)_stable"] = Self.normal(&random, mean: 100, sd: 3, count: 60) }
        series["a_canary"] = Self.normal(&random, mean: 100, sd: 3, count: 60)
        series["b_canary"] = Self.normal(&random, mean: 150, sd: 3, count: 60)  // fails: latency group scores 1/2
        series["c_canary"] = Self.normal(&random, mean: 100, sd: 3, count: 60)
        series["d_canary"] = Self.normal(&random, mean: 100, sd: 3, count: 60)
        let judgement = Self.judge(plan, series)
        // Groups: latency (weight 3, the first metric's) at 50%, c and d (weight 1 each) at 100%: (1.5 + 1 + 1) / 5.
        #expect(judgement.score == 70)
        #expect(judgement.outcome == .fail)
        #expect(judgement.why == "3 of 4 judged metrics pass; b HIGH")
    }

    /// A metric whose data stopped must not hide a critical one known to be failing.
    @Test func aCriticalFailureOutranksMissingData() {
        var random = SeededRandom(label: "judge-critical-missing")
        let plan = Self.plan([("p99", MetricJudging(critical: true)), ("errors", MetricJudging())])
        let judgement = Self.judge(plan, ["p99_canary": Self.normal(&random, mean: 600, sd: 10, count: 60),
                                          "p99_stable": Self.normal(&random, mean: 200, sd: 10, count: 60)])
        #expect(judgement.verdicts.map(\.call) == [.high, .noData])
        #expect(judgement.outcome == .fail)
        #expect(judgement.why == "critical metric p99 is HIGH")
    }

    /// A cohort that went quiet is NO DATA, however many samples its window still holds.
    @Test func aSilentCohortIsNoData() {
        var random = SeededRandom(label: "judge-silent")
        let plan = Self.plan([("p99", MetricJudging())])
        var canary = Self.series(Self.normal(&random, mean: 200, sd: 10, count: 300))
        var quiet = Series(capacity: 2000)
        for point in canary.points where point.time <= Self.at.addingTimeInterval(-150) { quiet.append(point.value, at: point.time) }
        canary = quiet
        let judgement = CanaryJudge(plan: plan).judge(["p99_canary": canary,
                                                       "p99_stable": Self.series(Self.normal(&random, mean: 200, sd: 10, count: 300))],
                                                      at: Self.at)!
        #expect(judgement.verdicts[0].call == .noData)
        #expect(judgement.verdicts[0].reason == "canary silent for 2m30s")
    }

    @Test func theGridCountsFromT0() {
        let judge = CanaryJudge(plan: Self.plan([("p99", MetricJudging())]))
        let t0 = Fixture.t0.addingTimeInterval(7)
        #expect(judge.gridTime(at: t0.addingTimeInterval(119.9), t0: t0) == t0.addingTimeInterval(60))
        #expect(judge.gridTime(at: t0.addingTimeInterval(120), t0: t0) == t0.addingTimeInterval(120))
        #expect(judge.gridTime(at: Date(timeIntervalSince1970: 125), t0: nil) == Date(timeIntervalSince1970: 120))
    }

    @Test func hostileValuesNeverCrashTheJudge() {
        let plan = Self.plan([("p99", MetricJudging())])
        let values: [Double] = [0, -0.0, 1e18, -1e18, 5e-324, 1, 1, 1] + Array(repeating: 0, count: 30)
        let judgement = Self.judge(plan, ["p99_canary": values, "p99_stable": values.reversed()])
        #expect(judgement.verdicts.count == 1)
        #expect(judgement.score.isFinite)
    }
}

