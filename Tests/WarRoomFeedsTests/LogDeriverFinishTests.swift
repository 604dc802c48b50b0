import Foundation
import Testing
import WarRoomCore
@testable import WarRoomFeeds

/// The end of a recording: the lines after the last grid point are judged too.
@Suite struct LogDeriverFinishTests {
    let base = LogDeriverTests()

    /// 50 errors in a log's last 4 seconds against `log_errors > 20`: before, the final partial window was never
    /// sampled and the backtest said CLEAN.
    @Test func aBurstInTheLastSecondsIsCounted() {
        var deriver = LogDeriver(metrics: [("log_errors", LogDerivation(measure: .count, match: .level(.error), window: 60))])
        var samples: [MetricSample] = []
        for index in 0..<50 { samples += deriver.add(base.line(121 + Double(index) * 0.08, .error)) }
        let end = base.t0.addingTimeInterval(125)
        samples += deriver.finish(at: end)
        let counts = base.values(samples, "log_errors")
        #expect(counts.count == 1, "no grid point passed: the only sample is the end")
        #expect(counts[125] == 50, "the window ending at the last line holds all 50")
        #expect(deriver.finish(at: end).isEmpty, "finishing twice adds nothing")
    }

    @Test func aLogThatEndsOnTheGridGetsNoExtraSample() {
        var deriver = LogDeriver(metrics: [("log_errors", LogDerivation(measure: .count, match: .level(.error), window: 60))])
        var samples = deriver.add(base.line(5, .error))
        samples += deriver.finish(at: base.t0.addingTimeInterval(10))
        #expect(samples.map { $0.time.timeIntervalSince(base.t0) } == [10])
    }
}
