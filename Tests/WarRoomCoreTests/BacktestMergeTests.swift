import Foundation
import Testing
@testable import WarRoomCore

/// The k-way merge `evaluate` plays: sources each in time order become one stream in time order, and equal times
/// keep source order, as the stable sort it replaces did.
@Suite struct BacktestMergeTests {
    let t0 = Date(timeIntervalSince1970: 1_795_356_000)

    func stream(_ name: String, _ seconds: [Double]) -> [MetricSample] {
        seconds.enumerated().map { MetricSample(name: name, value: Double($0.offset), time: t0.addingTimeInterval($0.element)) }
    }

    @Test func sourcesInOrderMergeInOrderAndTiesKeepSourceOrder() {
        let sources = [stream("a", [1, 4, 4, 9]), stream("b", [2, 4, 5]), [], stream("c", [0, 10])]
        let merged = Backtest.Merge(samples: sources).compactMap { if case .sample(let sample) = $0 { sample } else { nil } }
        #expect(merged.map { "\($0.name)\(Int($0.time.timeIntervalSince(t0)))" }
                == ["c0", "a1", "b2", "a4", "a4", "b4", "b5", "a9", "c10"])
        let stable = sources.joined().enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        #expect(merged == stable)
    }

    @Test func nothingMergesToNothing() {
        #expect(Array(Backtest.Merge([AnyIterator<Backtest.Recorded>]())).isEmpty)
        #expect(Array(Backtest.Merge(samples: [[], []])).isEmpty)
    }

    /// The ordered run is the run over events in any order, once they are sorted.
    @Test func anOrderedRunJudgesAsTheSortingOne() throws {
        let plan = try BacktestTests().plan()
        let samples = stride(from: 0, through: 1200, by: 10).map {
            MetricSample(name: "error_rate", value: $0 >= 300 && $0 < 900 ? 3 : 0.4, time: t0.addingTimeInterval(Double($0)))
        }
        let sorting = Backtest.run(plan: plan, events: samples.shuffled().map(Event.sample), t0: t0)
        let ordered = Backtest.run(plan: plan, ordered: Backtest.Merge(samples: [samples]), t0: t0)
        #expect(ordered.transitions == sorting.transitions)
        #expect(ordered.outcome == sorting.outcome)
    }
}
