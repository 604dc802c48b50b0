import Foundation
import Testing
@testable import WarRoomCore

/// The backtest plays samples through the reducer in event time; these pin its `for:` semantics and its outcome.
@Suite struct BacktestTests {
    let t0 = Date(timeIntervalSince1970: 1_795_356_000)

    func plan() throws -> Plan {
        Plan(release: ReleaseInfo(name: "svc", version: "1", owner: "", onCall: ""), strategy: .canary,
             stages: [Stage(name: "A", traffic: 10, minDuration: 0, gateMetrics: ["error_rate"]),
                      Stage(name: "B", traffic: 100, minDuration: 0, gateMetrics: [])],
             metrics: [MetricSpec(name: "error_rate", unit: .percent, baseline: 0.4, success: Bound(.below, 1), alert: Bound(.above, 2))],
             triggers: [try TriggerRule(parsing: "error_rate > 2% for 5m")], checklist: [],
             decisionPoints: [DecisionPoint(id: "T+15m", offset: 900, title: "Initial health check")])
    }

    /// One sample every 10 s for `minutes`, the value given by `value(second)`.
    func samples(minutes: Int, _ value: (Int) -> Double) -> [Event] {
        stride(from: 0, through: minutes * 60, by: 10).map {
            .sample(MetricSample(name: "error_rate", value: value($0), time: t0.addingTimeInterval(Double($0))))
        }
    }

    @Test func aConditionHeldForTheWholeWindowFiresExactlyThen() throws {
        let events = samples(minutes: 20) { $0 >= 300 ? 3 : 0.4 }
        let result = Backtest.run(plan: try plan(), events: events.shuffled(), t0: t0)
        #expect(result.outcome == .rollback)
        #expect(result.fired.map(\.at) == [t0.addingTimeInterval(600)], "pending at T+5m, firing 5 minutes later")
        let trigger = result.transitions.filter { $0.kind == .trigger }.map { "\(DurationText.formatOffset($0.offset)) \($0.to)" }
        #expect(trigger == ["T+5m00s pending", "T+10m00s firing"])
    }

    @Test func aSpikeShorterThanTheWindowNeverFires() throws {
        let events = samples(minutes: 20) { (300..<580).contains($0) ? 9 : 0.4 }
        let result = Backtest.run(plan: try plan(), events: events, t0: t0)
        #expect(result.outcome == .clean)
        #expect(result.fired.isEmpty)
        #expect(result.transitions.contains { $0.kind == .trigger && $0.to == "pending" })
    }

    @Test func silenceIsInconclusiveNotHealthy() throws {
        let events = samples(minutes: 5) { _ in 0.4 } + [.log(LogLine(time: t0.addingTimeInterval(1800), level: .info, text: "still here", source: "app"))]
        let result = Backtest.run(plan: try plan(), events: events, t0: t0)
        #expect(result.outcome == .inconclusive)
        #expect(result.missing.first?.metric == "error_rate")
        #expect(result.transitions.contains { $0.kind == .gate && $0.to == "INCONCLUSIVE" })
    }

    @Test func decisionPointsAreReachedWithTheEvidenceOfTheMoment() throws {
        let result = Backtest.run(plan: try plan(), events: samples(minutes: 20) { _ in 0.4 }, t0: t0)
        let decision = try #require(result.transitions.first { $0.kind == .decision })
        #expect(decision.offset == 900)
        #expect(decision.detail == "Initial health check: HEALTHY, gate READY")
        #expect(result.outcome == .clean)
    }

    @Test func historyBeforeT0IsReadButNotReported() throws {
        let history: [Event] = (1...30).map { .sample(MetricSample(name: "error_rate", value: 5, time: t0.addingTimeInterval(Double(-$0 * 10)))) }
        let result = Backtest.run(plan: try plan(), events: history + samples(minutes: 10) { _ in 0.4 }, t0: t0)
        #expect(result.transitions.allSatisfy { $0.offset >= 0 })
        // At T0 the metric is what its history says; the sample taken at T0 then changes it, at the same moment.
        let metric = result.transitions.filter { $0.kind == .metric }.prefix(2).map { "\($0.offset) \($0.to)" }
        #expect(metric == ["0.0 BREACH", "0.0 OK"])
    }
}
