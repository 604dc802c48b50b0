import Foundation
import Testing
@testable import WarRoomCore

@Suite struct LogBatchTests {
    /// 1,200 lines, every 7th an error, a second apart.
    static let lines = (0..<1_200).map { index in
        LogLine(time: Fixture.t0.addingTimeInterval(Double(index)), level: index % 7 == 0 ? .error : .info,
                text: "line \(index)", source: "app")
    }

    @Test func aBatchLeavesWhatItsLinesOneByOneLeave() throws {
        var oneByOne = AppState(plan: try Fixture.plan(), session: "s1", now: Fixture.t0)
        for line in Self.lines { _ = oneByOne.apply(.log(line)) }
        var batched = AppState(plan: try Fixture.plan(), session: "s1", now: Fixture.t0)
        // As a feed sends them: two reads, each with its newest lines only.
        for part in [Self.lines[..<700], Self.lines[700...]] {
            let errors = part.filter(\.level.isError)
            _ = batched.apply(.logs(LogBatch(lines: Array(part.suffix(AppState.logCapacity)), lineCount: part.count,
                                             errorCount: errors.count, errorTimes: errors.map(\.time))))
        }
        #expect(batched.logs == oneByOne.logs)
        #expect(batched.logs.count == AppState.logCapacity)
        #expect(batched.logs.last?.text == "line 1199")
        #expect(batched.errorTotal == oneByOne.errorTotal)
        #expect(batched.errorTotal == 172)
        #expect(batched.recentErrorTimes == oneByOne.recentErrorTimes)
    }

    @Test func errorTimesStayWithinTheirCapacity() throws {
        var state = AppState(plan: try Fixture.plan(), session: "s1", now: Fixture.t0)
        let times = (0..<(AppState.recentErrorCapacity + 10)).map { Fixture.t0.addingTimeInterval(Double($0)) }
        _ = state.apply(.logs(LogBatch(lineCount: times.count, errorCount: times.count, errorTimes: times)))
        _ = state.apply(.logs(LogBatch(lineCount: 5, errorCount: 5, errorTimes: Array(times.suffix(5)))))
        #expect(state.recentErrorTimes.count == AppState.recentErrorCapacity)
        #expect(state.recentErrorTimes.last == times.last)
        #expect(state.errorTotal == times.count + 5)
    }
}
