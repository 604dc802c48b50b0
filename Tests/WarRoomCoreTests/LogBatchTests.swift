import Foundation
import Testing
@testable import WarRoomCore

@Suite struct LogBatchTests {
    /// 1,200 lines, every 7th an error, a second apart.
    static let lines = (0..<1_200).map { index in
        LogLine(time: Fixture.t0.addingTimeInterval(Double(index)), level: index % 7 == 0 ? .error : .info,
                text: "line \(index)", source: "app")
    }

    /// A plan whose log `app` journals up to `rate` lines below WARN a second.
    static func plan(rate: Int) throws -> Plan {
        var plan = try Fixture.plan()
        plan.logs = [LogSpec(name: "app", path: "/var/log/app.log", journalRate: rate)]
        return plan
    }

    @Test func aBatchLeavesWhatItsLinesOneByOneLeave() throws {
        let plan = try Self.plan(rate: 10_000)
        var oneByOne = AppState(plan: plan, session: "s1", now: Fixture.t0)
        for line in Self.lines { oneByOne.settle(.log(line)) }
        var batched = AppState(plan: plan, session: "s1", now: Fixture.t0)
        // As a feed sends them: two reads, each with its newest lines only.
        for part in [Self.lines[..<700], Self.lines[700...]] {
            let errors = part.filter(\.level.isError)
            batched.settle(.logs(LogBatch(lines: Array(part.suffix(AppState.logCapacity)), lineCount: part.count,
                                             errorCount: errors.count, errorTimes: errors.map(\.time))))
        }
        #expect(batched.logs == oneByOne.logs)
        #expect(batched.logs.count == AppState.logCapacity)
        #expect(batched.logs.last?.text == "line 1199")
        #expect(batched.errorTotal == oneByOne.errorTotal)
        #expect(batched.errorTotal == 172)
        #expect(batched.recentErrors == oneByOne.recentErrors)
        #expect(batched.errorsLastMinute == oneByOne.errorsLastMinute)
    }

    /// Every WARN and above is journaled; of the rest, the newest up to the log's rate a second; all are counted.
    @Test func theJournalKeepsEveryWarningAndOtherLinesUpToTheRate() throws {
        var state = AppState(plan: try Self.plan(rate: 3), session: "s1", now: Fixture.t0.addingTimeInterval(1200))
        let lines = Self.lines.prefix(20).map { line in
            var line = line
            if line.text.hasSuffix("5") { line.level = .warn }
            return line
        }
        let errors = lines.filter(\.level.isError)
        state.settle(.logs(LogBatch(lines: lines, lineCount: 20, errorCount: errors.count, errorTimes: errors.map(\.time))))
        // Errors 0, 7, 14; warnings 5, 15; and the newest three of the rest: 17, 18, 19.
        #expect(state.logs.map(\.text) == ["line 0", "line 5", "line 7", "line 14", "line 15", "line 17", "line 18", "line 19"])
        #expect(state.logLinesOmitted == 12)
        #expect(state.errorTotal == 3)
    }

    /// 60 s of a log writing 1,000 errors a second: the count used to stop at 10,000.
    @Test func errorsInTheLastMinuteAreCountedExactlyAtAnyRate() throws {
        var state = AppState(plan: try Fixture.plan(), session: "s1", now: Fixture.t0)
        for second in 0..<60 {
            let now = Fixture.t0.addingTimeInterval(Double(second))
            _ = state.apply(.tick(now))
            // Four reads a second, lines spread over the second, as a feed polling every 250 ms sends them.
            for read in 0..<4 {
                let times = (0..<250).map { now.addingTimeInterval(Double(read) * 0.25 + Double($0) / 1_000) }
                state.settle(.logs(LogBatch(lineCount: times.count, errorCount: times.count, errorTimes: times)))
            }
        }
        #expect(state.errorsLastMinute == 60_000)
        #expect(state.errorTotal == 60_000)
        #expect(state.recentErrors.buckets.count <= 121, "kept per second, not per line")
        // A minute later, the seconds that left the window are gone from the count and from memory.
        _ = state.apply(.tick(Fixture.t0.addingTimeInterval(89.5)))
        #expect(state.errorsLastMinute == 30_000)
        state.settle(.logs(LogBatch(lineCount: 0)))
        #expect(state.recentErrors.total == 30_000)
        _ = state.apply(.tick(Fixture.t0.addingTimeInterval(200)))
        #expect(state.errorsLastMinute == 0)
    }

    @Test func aLineOutOfOrderOrAheadOfTheClockIsCountedOnlyWithinTheMinute() throws {
        var state = AppState(plan: try Fixture.plan(), session: "s1", now: Fixture.t0.addingTimeInterval(100))
        let times = [130, 99, 41, 40, 170, 161, 160.5, 100].map { Fixture.t0.addingTimeInterval($0) }
        state.settle(.logs(LogBatch(lineCount: times.count, errorCount: times.count, errorTimes: times)))
        // In (40, 160]: 130, 99, 41, 100 and 160.5, counted by its second; 40 is a minute old, 161 and 170 too far ahead.
        #expect(state.errorsLastMinute == 5)
        #expect(state.errorTotal == 8)
        #expect(state.recentErrors.buckets.map(\.second) == [41, 99, 100, 130, 160].map { Int64(Fixture.t0.timeIntervalSince1970) + $0 })
    }
}
