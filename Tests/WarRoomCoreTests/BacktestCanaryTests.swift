import Foundation
import Testing
@testable import WarRoomCore
import WarRoomTestSupport

/// The backtest on the recorded streams with cohorts (fixtures/streams, made by scripts/make-streams), with plans built
/// in Swift as the fixtures' plan.yaml spell them: when the judge and the burn-rate triggers would have said so,
/// beside the thresholds. Reports are compared whole.
@Suite struct BacktestCanaryTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_356_000)  // 2026-11-22T14:00:00Z

    static func golden(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)").path
    }

    /// Every numeric field of every line of a stream's metrics file, as a sample at the line's time.
    static func recording(_ scenario: String) throws -> [Event] {
        let text = try String(contentsOfFile: Repository.path("fixtures/streams/\(scenario)/metrics.jsonl"), encoding: .utf8)
        let dates = ISO8601DateFormatter()
        return try text.split(separator: "\n").flatMap { line -> [Event] in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let stamp = try #require(object["time"] as? String)
            let time = try #require(dates.date(from: stamp))
            return object.keys.sorted().compactMap { key in
                guard key != "time", let value = object[key] as? NSNumber else { return nil }
                return .sample(MetricSample(name: key, value: value.doubleValue, time: time))
            }
        }
    }

    /// The fixtures' plan: error rate and p99 thresholds, p99 latency and errors judged by cohort, the judge's score as
    /// a trigger; with `slo`, the checkout objective per cohort and its 14.4× burn-rate trigger.
    static func plan(slo: Bool = false) throws -> Plan {
        func cohorts(_ metric: String) -> MetricCohorts {
            MetricCohorts(canary: .init(series: "\(metric)_canary"), baseline: .init(series: "\(metric)_baseline"))
        }
        let metrics = [
            MetricSpec(name: "error_rate", unit: .percent, baseline: 0.3, success: Bound(.below, 1), alert: Bound(.above, 2)),
            MetricSpec(name: "p99_latency", unit: .milliseconds, baseline: 250, success: Bound(.below, 300), alert: Bound(.above, 450),
                       cohorts: cohorts("p99_latency"), judging: MetricJudging(direction: .increase, tolerance: 0.1, critical: true)),
            MetricSpec(name: "errors", unit: .count, baseline: nil, success: Bound(.below, 40), alert: Bound(.above, 80),
                       cohorts: cohorts("errors"), judging: MetricJudging(direction: .increase, tolerance: 0.1)),
        ]
        var triggers = try ["error_rate > 2% for 5m", "p99_latency > 450ms for 5m", "judge score < 75 for 5m"].map(TriggerRule.init(parsing:))
        var slos: [SLOSpec] = []
        if slo {
            slos = [SLOSpec(name: "checkout", objective: 0.999, events: .init(good: "requests_good", total: "requests_total"),
                            canary: .init(good: "requests_good_canary", total: "requests_total_canary"),
                            baseline: .init(good: "requests_good_baseline", total: "requests_total_baseline"))]
            triggers.append(try TriggerRule(parsing: "burn_rate(checkout, 1h, 5m) > 14.4"))
        }
        return Plan(release: ReleaseInfo(name: "checkout-service", version: "2.16.0", owner: "Dana Kim", onCall: "Sam Ortiz"),
                    strategy: .canary,
                    stages: [Stage(name: "Canary 10%", traffic: 10, minDuration: 900, gateMetrics: ["error_rate", "p99_latency"]),
                             Stage(name: "Full rollout", traffic: 100, minDuration: 0, gateMetrics: [])],
                    metrics: metrics, triggers: triggers, checklist: [],
                    judge: JudgeSettings(window: 600, confidence: 0.98, pass: 95, marginal: 75, minSamples: 20), slos: slos)
    }

    static func run(_ scenario: String, slo: Bool = false) throws -> Backtest.Result {
        Backtest.run(plan: try plan(slo: slo), events: try recording(scenario), t0: t0)
    }

    static func offset(_ date: Date?) -> String? { date.map { DurationText.formatOffset($0.timeIntervalSince(t0)) } }

    @Test func aCanaryRegressionFailsTheJudgeLongBeforeTheThresholds() throws {
        let result = try Self.run("canary-regression")
        TextGolden.check(result.report, golden: Self.golden("backtest-canary-regression.txt"))
        let judge = try #require(result.signals.first { $0.kind == .judge })
        let failed = try #require(judge.at)
        #expect(failed.timeIntervalSince(Self.t0) > 480, "not before the regression starts at T+8m")
        #expect(failed.timeIntervalSince(Self.t0) < 900, "within seven minutes of it")
        #expect(judge.threshold?.rule == "p99_latency > 450ms for 5m")
        #expect((judge.earlierBy ?? 0) > 900, "at least 15 minutes before the p99 threshold fired")
        // Every outcome the judge took is a transition, at an instant of its grid.
        let outcomes = result.transitions.filter { $0.kind == .judge }
        #expect(outcomes.first?.from == nil)
        #expect(outcomes.contains { $0.to == "FAIL" })
        #expect(outcomes.allSatisfy { Int($0.offset) % 60 == 0 })
    }

    @Test func aCanaryWhoseSpreadGrowsFailsOnlyTheJudge() throws {
        let result = try Self.run("canary-spread")
        TextGolden.check(result.report, golden: Self.golden("backtest-canary-spread.txt"))
        #expect(result.fired.allSatisfy { !$0.rule.hasPrefix("error_rate") && !$0.rule.hasPrefix("p99_latency") },
                "the thresholds never fire")
        let judge = try #require(result.signals.first { $0.kind == .judge })
        #expect(judge.at != nil)
        #expect(judge.threshold == nil)
        #expect(judge.words(t0: Self.t0).hasSuffix("; threshold triggers never fired"))
        let failing = try #require(result.transitions.first { $0.kind == .judge && $0.to == "FAIL" })
        #expect(failing.detail.contains("spread"), "the spread test is why: \(failing.detail)")
    }

    @Test func sparseErrorsAreCaughtByTheRateTest() throws {
        let result = try Self.run("sparse-errors")
        TextGolden.check(result.report, golden: Self.golden("backtest-sparse-errors.txt"))
        let failing = try #require(result.transitions.first { $0.kind == .judge && ($0.to == "FAIL" || $0.to == "MARGINAL") })
        #expect(failing.detail.contains("errors HIGH: rate"), "the Poisson rates are why: \(failing.detail)")
    }

    @Test func aBurningObjectiveFiresItsBurnRateTriggerAndNoThreshold() throws {
        let result = try Self.run("slo-burn", slo: true)
        TextGolden.check(result.report, golden: Self.golden("backtest-slo-burn.txt"))
        // Fires once and stays firing: a good count read before its total must not make the short window look clean.
        let flips = result.transitions.filter { $0.kind == .trigger && $0.subject.hasPrefix("burn_rate") }.count
        #expect(flips <= 2, "\(flips) transitions")
        let burn = try #require(result.signals.first { $0.kind == .burnRate })
        #expect(burn.name == "burn_rate(checkout, 1h, 5m) > 14.4")
        let fired = try #require(burn.at)
        #expect(fired.timeIntervalSince(Self.t0) > 300, "not before the canary starts losing requests at T+5m")
        #expect(burn.threshold == nil, "the error rate's threshold never fires")
    }

    @Test func theJudgeIsVisitedOnItsGridEvenOffTheTick() throws {
        var plan = try Self.plan()
        plan.judge.every = 45  // off the 10 s grid
        let samples = try Self.recording("canary-regression").filter { Backtest.time(of: $0)! <= Self.t0.addingTimeInterval(900) }
        let result = Backtest.run(plan: plan, events: samples, t0: Self.t0)
        let judged = result.transitions.filter { $0.kind == .judge }
        #expect(!judged.isEmpty)
        #expect(judged.allSatisfy { Int($0.offset) % 45 == 0 }, "\(judged.map(\.offset))")
        #expect(judged.map(\.to) == ["NO DATA", "PASS", "FAIL"])
    }

    @Test func signalsAreWordedAgainstTheFirstThresholdTrigger() {
        let t0 = Self.t0
        func signal(_ at: TimeInterval?, threshold: TimeInterval?) -> Backtest.Signal {
            Backtest.Signal(kind: .judge, name: "judge FAIL", at: at.map(t0.addingTimeInterval),
                            threshold: threshold.map { ("error_rate > 2% for 5m", t0.addingTimeInterval($0)) }, last: "last PASS, score 100")
        }
        #expect(signal(720, threshold: 2460).words(t0: t0) == "judge FAIL at T+12m00s, 29m00s before error_rate > 2% for 5m fired (T+41m00s)")
        #expect(signal(2760, threshold: 2460).words(t0: t0) == "judge FAIL at T+46m00s, 5m00s after error_rate > 2% for 5m fired (T+41m00s)")
        #expect(signal(720, threshold: nil).words(t0: t0) == "judge FAIL at T+12m00s; threshold triggers never fired")
        #expect(signal(nil, threshold: 2460).words(t0: t0)
                == "judge never FAILed (last PASS, score 100); error_rate > 2% for 5m fired at T+41m00s")
        #expect(signal(nil, threshold: nil).words(t0: t0) == "judge never FAILed (last PASS, score 100); threshold triggers never fired either")
    }

    @Test func theJSONLinesCarryTheSignals() throws {
        let result = try Self.run("canary-regression")
        let last = try #require(result.jsonLines().split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let signals = try #require(object["signals"] as? [[String: Any]])
        let judge = try #require(signals.first { $0["kind"] as? String == "judge" })
        #expect(judge["threshold"] as? String == "p99_latency > 450ms for 5m")
        #expect(((judge["earlierBy"] as? Double) ?? 0) > 900)
        #expect((judge["words"] as? String)?.hasPrefix("judge FAIL at T+") == true)
        // A transition of the judge decodes like every other.
        let lines = result.jsonLines().split(separator: "\n").dropLast()
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let transitions = try lines.map { try decoder.decode(Transition.self, from: Data($0.utf8)) }
        #expect(transitions.contains { $0.kind == .judge })
    }

    @Test func aPlanWithoutAJudgeOrBurnRatesReportsNoSignals() throws {
        var plan = try Self.plan()
        plan.metrics = plan.metrics.map { var metric = $0; metric.cohorts = nil; return metric }
        plan.triggers = plan.triggers.filter(\.isThresholdKind)
        let result = Backtest.run(plan: plan, events: try Self.recording("canary-spread"), t0: Self.t0)
        #expect(result.signals.isEmpty)
        #expect(!result.report.contains("judge and burn rates"))
        #expect(!result.jsonLines().contains("\"signals\""))
    }
}
