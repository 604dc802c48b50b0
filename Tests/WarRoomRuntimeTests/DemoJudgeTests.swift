import Foundation
import Testing
import WarRoomCore
import WarRoomFeeds
import WarRoomPlan
import WarRoomTestSupport

/// The demo shows the judge live: in the regression the canary drifts worse first, so the judge fails while every
/// metric of the whole service still meets its success bound; in the healthy scenario it passes throughout.
@Suite("The demo's judge")
struct DemoJudgeTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    /// The judgements on the judge's grid from T0 to `minutes`, over the simulator's samples.
    static func judgements(_ scenario: Simulator.Scenario, seed: UInt64, minutes: Int) throws -> [(minute: Int, judgement: Judgement)] {
        let plan = try PlanLoader.load(path: Repository.path("fixtures/plans/checkout-canary.yaml"))
        let simulator = Simulator(metrics: plan.metrics, checks: plan.healthChecks, slos: plan.slos, scenario: scenario, seed: seed, t0: t0)
        let judge = CanaryJudge(plan: plan)
        var series: [String: Series] = [:]
        var judgements: [(Int, Judgement)] = []
        for minute in 1...minutes {
            let events = simulator.events(from: t0.addingTimeInterval(Double(minute - 1) * 60), through: t0.addingTimeInterval(Double(minute) * 60))
            for case .sample(let sample) in events { _ = series[sample.name, default: Series()].append(sample.value, at: sample.time) }
            if let judgement = judge.judge(series, at: t0.addingTimeInterval(Double(minute) * 60)) { judgements.append((minute, judgement)) }
        }
        return judgements
    }

    @Test(arguments: [UInt64(42), 7, 2026, 1, 2, 3, 4, 5, 6, 8, 9, 10])
    func theRegressionFailsTheJudgeBeforeAnyThreshold(seed: UInt64) throws {
        print("seed \(seed)")
        let judgements = try Self.judgements(.regression, seed: seed, minutes: 20)
        let before = judgements.filter { $0.minute <= 10 }.map(\.judgement)
        #expect(before.allSatisfy { $0.outcome != .fail }, "\(before.map { "\($0.outcome) \($0.why)" })")
        let firstFail = judgements.first { $0.judgement.outcome == .fail }?.minute
        #expect(firstFail.map { $0 <= 14 } == true, "the judge fails within minutes of the drift (from T+10m): \(String(describing: firstFail))")
        #expect(judgements.filter { $0.minute >= 15 }.allSatisfy { $0.judgement.outcome == .fail },
                "and keeps failing, so 'judge score < 75 for 5m' fires before T+20m")
    }

    @Test(arguments: [UInt64(42), 7, 2026, 1, 2, 3, 4, 5, 6, 8, 9, 10])
    func theHealthyScenarioPasses(seed: UInt64) throws {
        print("seed \(seed)")
        let judgements = try Self.judgements(.healthy, seed: seed, minutes: 60).filter { $0.minute >= 4 }
        let failing = judgements.filter { $0.judgement.outcome == .fail || $0.judgement.outcome == .marginal }
        #expect(failing.isEmpty, "\(failing.map { "T+\($0.minute)m \($0.judgement.outcome) \($0.judgement.why)" })")
    }
}
