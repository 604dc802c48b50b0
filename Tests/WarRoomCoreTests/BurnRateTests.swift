import Foundation
import Testing
@testable import WarRoomCore

/// Burn rates as the fold keeps them: from good and total samples paired in buckets of event time, over windows that
/// count what they did not see as clean, the budget a release used and when it runs out.
@Suite struct BurnRateTests {
    /// `checkout` at 99.9% over 28 days, good and total per cohort, with the workbook's page rule on the canary.
    static func plan(_ rules: [String] = ["burn_rate(checkout, 1h, 5m) > 14.4"]) throws -> Plan {
        var plan = try Fixture.plan()
        plan.slos = [SLOSpec(name: "checkout", objective: 0.999, period: 28 * 86_400,
                             events: .init(good: "ok", total: "requests"),
                             canary: .init(good: "ok_canary", total: "requests_canary"),
                             baseline: .init(good: "ok_stable", total: "requests_stable"))]
        plan.triggers = try rules.map { try TriggerRule(parsing: $0) }
        return plan
    }

    /// Every 10 s from `from` to `to` (seconds after T0): 1,000 requests a cohort, `canaryBad` and 1 of them bad.
    static func traffic(_ harness: inout Fixture.Harness, from: Int, to: Int, canaryBad: Double, goodFirst: Bool = true) {
        for second in stride(from: from, through: to, by: 10) {
            let at = TimeInterval(second)
            let pairs = [("ok_canary", 1000 - canaryBad, "requests_canary"), ("ok_stable", 999.0, "requests_stable")]
            for (good, value, total) in pairs {
                if goodFirst { harness.sample(good, value, at: at); harness.sample(total, 1000, at: at) } else {
                    harness.sample(total, 1000, at: at); harness.sample(good, value, at: at)
                }
            }
            harness.at(at)
        }
    }

    @Test func aBurnRateIsTheBadShareOverTheShareAllowed() throws {
        var harness = Fixture.Harness(plan: try Self.plan([]))
        harness.act(.start)
        Self.traffic(&harness, from: 0, to: 3600, canaryBad: 10)
        let spec = harness.state.plan.slos[0]
        let canary = try #require(harness.state.slos["checkout"]?[.canary])
        let end = Fixture.t0.addingTimeInterval(3600)
        // 1% bad against 0.1% allowed: ten times the pace that spends the budget over its period.
        #expect(abs((canary.burnRate(over: 3600, at: end, objective: 0.999) ?? 0) - 10) < 1e-9)
        #expect(abs((harness.state.slos["checkout"]?[.baseline]?.burnRate(over: 300, at: end, objective: 0.999) ?? 0) - 1) < 1e-9)
        let standing = try #require(harness.state.standings(of: spec).first { $0.cohort == .canary })
        // An hour at 10× spends 10/672 of a 28-day budget; the rest lasts (1 − 10/672) × 28 days / 10 at this rate.
        #expect(abs((standing.budgetUsed ?? 0) - 10.0 / 672) < 1e-6)
        #expect(abs((standing.timeToExhaustion ?? 0) - (1 - 10.0 / 672) * 28 * 86_400 / 10) < 1)
        let all = try #require(harness.state.standings(of: spec).first { $0.cohort == .all })
        #expect(all.shortRate == nil && all.hourRate == nil && all.budgetUsed == nil, "no events: no rate claimed")
    }

    /// A good count read before its total must not make the window look clean, nor the other way round.
    @Test func aBucketCountsOnlyOnceBothCountsArrived() throws {
        for goodFirst in [true, false] {
            var harness = Fixture.Harness(plan: try Self.plan([]))
            harness.act(.start)
            Self.traffic(&harness, from: 0, to: 600, canaryBad: 50, goodFirst: goodFirst)
            harness.sample(goodFirst ? "ok_canary" : "requests_canary", goodFirst ? 950 : 1000, at: 605)
            let canary = try #require(harness.state.slos["checkout"]?[.canary])
            let rate = try #require(canary.burnRate(over: 300, at: Fixture.t0.addingTimeInterval(605), objective: 0.999))
            #expect(abs(rate - 50) < 1e-9, "good first: \(goodFirst)")
        }
    }

    /// The SRE workbook's page: both windows above 14.4×. Two minutes after T0 a total outage of the canary has spent
    /// enough of the hour to page; a minute of 2% has not.
    @Test func theLongWindowCountsWhatItDidNotSeeAsClean() throws {
        var harness = Fixture.Harness(plan: try Self.plan())
        harness.act(.start)
        Self.traffic(&harness, from: 0, to: 60, canaryBad: 20)
        let rule = harness.state.plan.triggers[0]
        #expect(harness.state.triggers[rule.id]?.phase == .inactive, "20× for a minute is 0.3× of an hour")
        Self.traffic(&harness, from: 70, to: 120, canaryBad: 1000)
        #expect(harness.state.triggers[rule.id]?.isFiring == true)
    }

    @Test func aBurnRateTriggerFiresOnBothWindowsAndResolvesWithTheShortOne() throws {
        var harness = Fixture.Harness(plan: try Self.plan())
        harness.act(.start)
        Self.traffic(&harness, from: 0, to: 3600, canaryBad: 0)
        Self.traffic(&harness, from: 3610, to: 7200, canaryBad: 30)
        let rule = harness.state.plan.triggers[0]
        guard case .firing(let since)? = harness.state.triggers[rule.id]?.phase else {
            Issue.record("not firing: \(String(describing: harness.state.triggers[rule.id]))")
            return
        }
        // 30× once the last hour holds enough of it: 14.4/30 of an hour after the burn began.
        let began = Fixture.t0.addingTimeInterval(3610)
        #expect(since.timeIntervalSince(began) > 1600 && since.timeIntervalSince(began) < 1800, "\(since.timeIntervalSince(began))")
        let firings = harness.journal.filter { $0.event.kind == "trigger_firing" }.count
        #expect(firings == 1, "fires once and stays firing")
        Self.traffic(&harness, from: 7210, to: 7600, canaryBad: 0)
        #expect(harness.state.triggers[rule.id]?.phase == .inactive, "the short window cleared")
        #expect(harness.state.plan.triggers[0].kind.comparison(of: rule, in: harness.state).hasPrefix("canary burn rate"))
    }

    @Test func noEventsReadsNothingAndNeverFires() throws {
        var harness = Fixture.Harness(plan: try Self.plan(["burn_rate(checkout, 1h, 5m) > 0"]))
        harness.act(.start)
        for second in stride(from: 0, through: 900, by: 10) { harness.at(TimeInterval(second)) }
        #expect(harness.state.triggers.values.allSatisfy { $0.phase == .inactive })
        #expect(harness.state.standings(of: harness.state.plan.slos[0]).allSatisfy { $0.shortRate == nil && $0.budgetUsed == nil })
    }

    /// An amendment that reads a longer window keeps the history; one that counts bad events instead starts afresh.
    @Test func amendmentsKeepOrRestartTheLedger() throws {
        var harness = Fixture.Harness(plan: try Self.plan())
        harness.act(.start)
        Self.traffic(&harness, from: 0, to: 600, canaryBad: 5)
        var longer = harness.state.plan
        longer.triggers.append(try TriggerRule(parsing: "burn_rate(checkout, 6h, 30m) > 6"))
        var folded = harness.state.folded
        folded.fold(JournalEntry(time: Fixture.t0.addingTimeInterval(601), actor: "sam", session: "s1",
                                 event: .planAmended(PlanAmendment(plan: longer, changes: ["trigger added"]))))
        #expect(folded.slos["checkout"]?[.canary]?.buckets.count == 61)
        #expect(folded.slos["checkout"]?[.canary]?.retention == TimeInterval(6 * 3600))
        var bad = longer
        bad.slos[0].canary = .init(good: "bad_canary", countsBad: true, total: "requests_canary")
        folded.fold(JournalEntry(time: Fixture.t0.addingTimeInterval(602), actor: "sam", session: "s1",
                                 event: .planAmended(PlanAmendment(plan: bad, changes: ["slo changed"]))))
        #expect(folded.slos["checkout"]?[.canary]?.buckets.isEmpty == true)
    }
}
