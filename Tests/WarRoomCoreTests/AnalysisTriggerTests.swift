import Foundation
import Testing
import WarRoomTestSupport
@testable import WarRoomCore

/// The judge's and the burn rates' rules: read as written, kept in journals like the older kinds, and stepped by the
/// evaluator as the journal says; the judge journaled once per change, and after decisions and promotions.
@Suite struct AnalysisTriggerTests {
    // MARK: Grammar

    @Test func theNewKindsParse() throws {
        #expect(try TriggerRule(parsing: "judge score < 75 for 5m").condition
            == .judgeScore(JudgeScoreTrigger(comparison: .below, score: 75, window: 300)))
        #expect(try TriggerRule(parsing: "judge fails 2 consecutive").condition == .judgeStreak(JudgeStreakTrigger(count: 2)))
        let burn = try TriggerRule(parsing: "burn_rate(checkout, 1h, 5m) > 14.4x")
        #expect(burn.condition == .burnRate(BurnRateTrigger(slo: "checkout", longWindow: 3600, shortWindow: 300, comparison: .above,
                                                            rate: 14.4)))
        #expect(burn.metric == "checkout")
        #expect(try TriggerRule(parsing: "burn_rate(checkout, 6h, 30m) > 6 for 2m within 1d").armedFor == 86_400)
        // A metric called judge is still a metric.
        #expect(try TriggerRule(parsing: "judge > 3").condition == .compare(metric: "judge", comparison: .above,
                                                                          threshold: .value(3, unit: .count), window: 0))
    }

    @Test(arguments: [
        ("judge score << 75", 13, "expected a comparison"),
        ("judge score < lots", 15, "expected a score from 0 to 100, found 'lots'"),
        ("judge fails two consecutive", 13, "whole number"),
        ("judge fails 2 in a row", 15, "expected 'consecutive'"),
        ("burn_rate(checkout 1h, 5m) > 14.4", 20, "expected ','"),
        ("burn_rate(checkout, 1h, soon) > 14.4", 25, "expected a duration"),
        ("burn_rate(checkout, 1h, 5m) > fast", 31, "expected a burn rate such as 14.4, found 'fast'"),
        ("burn_rate(checkout, 1h, 5m) > 14.4 please", 36, "unexpected 'please'"),
    ])
    func reportsColumn(_ text: String, _ column: Int, _ message: String) {
        #expect {
            _ = try TriggerRule(parsing: text)
        } throws: { error in
            guard let error = error as? RuleSyntaxError else { return false }
            return error.column == column && error.message.contains(message)
        }
    }

    /// Journals keep plans, and so rules: the older kinds keep their spelling, and every kind reads back as written.
    @Test func everyKindRoundTripsAndOldJournalsStillRead() throws {
        let rules = try ["error_rate > 2% for 5m", "avg(p99, 10m) > 2x baseline within 1h", "health.ready fails 3 consecutive",
                         "judge score < 75 for 5m", "judge fails 2 consecutive", "burn_rate(checkout, 1h, 5m) > 14.4"]
            .map { try TriggerRule(parsing: $0) }
        let data = try JSONEncoder().encode(rules)
        #expect(try JSONDecoder().decode([TriggerRule].self, from: data) == rules)
        let old = #"{"text":"error_rate > 2% for 5m","condition":{"compare":{"metric":"error_rate","comparison":">","#
            + #""threshold":{"value":{"_0":2,"unit":"%"}},"window":300}}}"#
        #expect(try JSONDecoder().decode(TriggerRule.self, from: Data(old.utf8)) == rules[0])
        let check = #"{"text":"h fails 3 consecutive","condition":{"consecutiveFailures":{"check":"h","count":3}}}"#
        #expect(try JSONDecoder().decode(TriggerRule.self, from: Data(check.utf8)).condition == .consecutiveFailures(check: "h", count: 3))
    }

    // MARK: The judge in the evaluator's turn

    /// A judged p99 (critical), cohorts `p99_canary` / `p99_stable`, judging every minute over 5 minutes from 20 samples.
    static func judgedPlan(_ rules: [String], gate: [String] = []) throws -> Plan {
        var plan = try Fixture.plan()
        plan.metrics.append(MetricSpec(name: "p99", unit: .milliseconds, baseline: nil, success: Bound(.below, 300),
                                       alert: Bound(.above, 450),
                                       cohorts: MetricCohorts(canary: .init(series: "p99_canary"), baseline: .init(series: "p99_stable")),
                                       judging: MetricJudging(critical: true)))
        plan.judge = JudgeSettings(window: 300, minSamples: 20, every: 60)
        plan.triggers = try rules.map { try TriggerRule(parsing: $0) }
        plan.stages[0].gateMetrics = gate
        return plan
    }

    /// Both cohorts sampled every 5 s from `from` to `to` (seconds after T0), the canary at `canary` and the baseline at
    /// 200, each with the same deterministic wobble a step apart; the evaluator's turn every 5 s.
    static func feed(_ harness: inout Fixture.Harness, from: Int, to: Int, canary: Double) {
        func wobble(_ second: Int) -> Double { Double((second / 5 * 7) % 11) - 5 }
        for second in stride(from: from, through: to, by: 5) {
            harness.sample("p99_canary", canary + wobble(second), at: TimeInterval(second))
            harness.sample("p99_stable", 200 + wobble(second + 5), at: TimeInterval(second))
            harness.at(TimeInterval(second))
        }
    }

    static func judgements(_ harness: Fixture.Harness) -> [(Judgement, JudgementOccasion)] {
        harness.journal.compactMap { entry in
            if case .judged(let judgement, let occasion) = entry.event { (judgement, occasion) } else { nil }
        }
    }

    @Test func aJudgementIsJournaledWhenItChangesAndNotAgain() throws {
        var harness = Fixture.Harness(plan: try Self.judgedPlan([]))
        harness.act(.start)
        Self.feed(&harness, from: 0, to: 600, canary: 200)
        let judged = Self.judgements(harness)
        // NO DATA while the window fills (20 samples = 100 s), then PASS, and nothing more while it stays PASS.
        #expect(judged.map(\.0.outcome) == [.noData, .pass], "\(judged.map { ($0.0.at, $0.0.outcome) })")
        #expect(judged.map(\.1) == [.changed, .changed])
        #expect(harness.state.canary?.outcome == .pass)
        #expect(harness.state.folded.judge.latest == judged.last?.0)
    }

    @Test func aDecisionAndAPromotionEachJournalTheJudgementAgain() throws {
        var harness = Fixture.Harness(plan: try Self.judgedPlan([]))
        harness.act(.start)
        Self.feed(&harness, from: 0, to: 900, canary: 200)
        harness.act(.decide(point: "T+15m", verdict: .go, note: nil))
        Self.feed(&harness, from: 905, to: 930, canary: 200)
        for item in harness.state.plan.checklist { harness.act(.toggleChecklist(item: item.id)) }
        harness.act(.promote(override: "judge passes"))
        Self.feed(&harness, from: 935, to: 960, canary: 200)
        #expect(harness.refusals.isEmpty, "\(harness.refusals)")
        #expect(Self.judgements(harness).map(\.1) == [.changed, .changed, .decision, .promotion])
    }

    @Test func judgeFailsTwoConsecutiveFiresAtTheSecondFailingJudgement() throws {
        var harness = Fixture.Harness(plan: try Self.judgedPlan(["judge fails 2 consecutive", "judge score < 75 for 3m"]))
        harness.act(.start)
        Self.feed(&harness, from: 0, to: 240, canary: 200)
        Self.feed(&harness, from: 245, to: 600, canary: 300)
        let rule = harness.state.plan.triggers[0], score = harness.state.plan.triggers[1]
        let failing = Self.judgements(harness).filter { $0.0.outcome == .fail }
        let first = try #require(failing.first?.0.at)
        #expect(failing.prefix(2).map(\.0.failStreak) == [1, 2])
        // One more per judgement up to the most a trigger counts, then no entry for the streak alone.
        #expect(failing.count == 2)
        let transitions = harness.journal.filter { entry in
            switch entry.event {
            case .triggerPending(let id, _), .triggerFiring(let id, _), .triggerResolved(let id, _): id == rule.id
            default: false
            }
        }
        #expect(transitions.map(\.event.kind) == ["trigger_pending", "trigger_firing"])
        #expect(transitions.map(\.time) == [first, first.addingTimeInterval(60)])
        // The score trigger: pending from the first FAIL, firing 3 minutes of judgements later.
        #expect(harness.state.triggers[score.id]?.phase == .firing(since: first.addingTimeInterval(180)))
        // And it resolves once the canary recovers.
        Self.feed(&harness, from: 605, to: 1200, canary: 200)
        #expect(harness.state.triggers[rule.id]?.phase == .inactive)
        #expect(harness.state.triggers[score.id]?.phase == .inactive)
    }

    @Test func missingDataNeverFiresTheJudgesRules() throws {
        var harness = Fixture.Harness(plan: try Self.judgedPlan(["judge fails 1 consecutive", "judge score < 75"]))
        harness.act(.start)
        for second in stride(from: 0, through: 900, by: 5) { harness.at(TimeInterval(second)) }
        #expect(harness.state.canary?.outcome == .noData)
        #expect(harness.state.triggers.values.allSatisfy { $0.phase == .inactive })
    }

    @Test func theJudgeGateAsksForAPass() throws {
        var harness = Fixture.Harness(plan: try Self.judgedPlan([], gate: ["judge"]))
        harness.act(.start)
        for item in harness.state.plan.checklist { harness.act(.toggleChecklist(item: item.id)) }
        harness.at(30)
        #expect(harness.state.gate().verdict == .inconclusive)
        #expect(harness.state.gate().reasons.contains { $0.hasPrefix("judge NO DATA") })
        Self.feed(&harness, from: 0, to: 400, canary: 200)
        #expect(harness.state.gate().verdict == .ready, "\(harness.state.gate().reasons)")
        Self.feed(&harness, from: 405, to: 800, canary: 320)
        let gate = harness.state.gate()
        #expect(gate.verdict == .blocked)
        #expect(gate.reasons.contains("judge FAIL, score 0: critical metric p99 is HIGH"), "\(gate.reasons)")
    }

    /// A restart or another war room folds the same journal and works out the same judgement.
    @Test func everyFoldOfTheJournalJudgesAlike() throws {
        var harness = Fixture.Harness(plan: try Self.judgedPlan(["judge fails 2 consecutive"]))
        harness.act(.start)
        Self.feed(&harness, from: 0, to: 500, canary: 260)
        var other = AppState(plan: harness.state.plan, session: "s2", now: harness.state.now)
        for entry in harness.journal { _ = other.apply(.recorded(entry)) }
        _ = other.apply(.tick(harness.state.now))
        #expect(other.canary == harness.state.canary)
        #expect(other.triggers == harness.state.triggers)
    }
}

extension AnalysisTriggerTests {
    /// Loosening the judge mid-release is an amendment's line, never silent.
    @Test func amendmentsSayWhatChangedInTheJudge() throws {
        let old = try Self.judgedPlan(["judge score < 75 for 5m"])
        var new = old
        new.judge.confidence = 0.95
        new.metrics[new.metrics.count - 1].judging?.tolerance = 0.25
        new.slos = [SLOSpec(name: "checkout", objective: 0.999, events: .init(good: "ok", total: "all"))]
        #expect(PlanDiff.lines(old, new) == ["p99 judge increase, tolerance 10%, critical → increase, tolerance 25%, critical",
                                             "judge confidence 98% → 95%", "slo added: checkout"])
    }
}
