import Foundation
import Testing
import WarRoomCore
@testable import WarRoomFeeds

@Suite struct CSVMetricParserTests {
    let arrival = Date(timeIntervalSince1970: 1_000)
    /// 2026-11-22T14:03:07Z
    let stamp = Date(timeIntervalSince1970: 1_795_356_187)

    /// Feeds `lines` to one parser; each line's samples, or its error.
    func parse(_ lines: [String]) -> [Result<[MetricSample], MetricParseError>] {
        var parser = CSVMetricParser()
        return lines.map { parser.parse($0, arrival: arrival) }
    }

    func samples(_ lines: [String]) -> [MetricSample] { parse(lines).flatMap { (try? $0.get()) ?? [] } }

    @Test func headerOnceThenRowsWithTime() {
        let results = parse(["time,error_rate,p99_latency",
                             "2026-11-22T14:03:07Z,0.4,212",
                             "1795356247,0.5,230"])
        #expect(results.map { (try? $0.get())?.count } == [0, 2, 2])
        #expect(samples(["time,error_rate,p99_latency", "2026-11-22T14:03:07Z,0.4,212", "1795356247,0.5,230"]) == [
            MetricSample(name: "error_rate", value: 0.4, time: stamp),
            MetricSample(name: "p99_latency", value: 212, time: stamp),
            MetricSample(name: "error_rate", value: 0.5, time: stamp.addingTimeInterval(60)),
            MetricSample(name: "p99_latency", value: 230, time: stamp.addingTimeInterval(60)),
        ])
    }

    @Test func timeColumnIsOptionalAndMayBeAnywhere() {
        #expect(samples(["rps,errors", "1180, 3"]) == [MetricSample(name: "rps", value: 1180, time: arrival),
                                                       MetricSample(name: "errors", value: 3, time: arrival)])
        #expect(samples(["rps,TS", "7,1795356187"]) == [MetricSample(name: "rps", value: 7, time: stamp)])
        #expect(samples(["Timestamp,rps", ",7"]) == [MetricSample(name: "rps", value: 7, time: arrival)],
                "an empty time cell means arrival")
    }

    @Test func quotedFields() {
        #expect(samples([#""time","latency, p99","say ""hi""""#, #""2026-11-22T14:03:07Z","212",1"#]) == [
            MetricSample(name: "latency, p99", value: 212, time: stamp),
            MetricSample(name: #"say "hi""#, value: 1, time: stamp),
        ])
    }

    @Test func emptyCellsGiveNoSampleAndNonFiniteOnesAreMalformed() {
        #expect(samples(["a,b,c", "1,,", ",2,"]) == [MetricSample(name: "a", value: 1, time: arrival),
                                                    MetricSample(name: "b", value: 2, time: arrival)])
        #expect(parse(["a,b,c", "1,,NaN"]).last == .failure(MetricParseError(
            message: "value of 'c' refused: the value is not a number (NaN)", column: 4)))
        #expect(parse(["a,b,c", "+Inf,2,"]).last == .failure(MetricParseError(message: "value of 'a' refused: the value is infinite", column: 1)))
    }

    @Test func repeatedHeaderAndBlankLinesAreSkipped() {
        #expect(samples(["\u{FEFF}time,x", "", "1795356187,1", "time,x", "1795356188,2"]) == [
            MetricSample(name: "x", value: 1, time: stamp),
            MetricSample(name: "x", value: 2, time: stamp.addingTimeInterval(1)),
        ])
    }

    @Test func resetReadsTheNextLineAsAHeader() {
        var parser = CSVMetricParser()
        _ = parser.parse("time,x", arrival: arrival)
        #expect(parser.hasHeader)
        parser.reset()
        #expect(!parser.hasHeader)
        #expect((try? parser.parse("y,z", arrival: arrival).get()) == [])
        #expect((try? parser.parse("1,2", arrival: arrival).get()) == [MetricSample(name: "y", value: 1, time: arrival),
                                                                        MetricSample(name: "z", value: 2, time: arrival)])
    }

    @Test func malformedRowsAndHeadersNameTheColumn() {
        func error(_ lines: [String]) -> MetricParseError? {
            if case .failure(let error) = parse(lines).last { return error }
            return nil
        }
        #expect(error(["time,x", "1795356187,abc"]) == MetricParseError(message: #"'x' "abc" is not a number"#, column: 12))
        #expect(error(["time,x", "yesterday,1"])
            == MetricParseError(message: #"'time' "yesterday" is not an ISO-8601 time or epoch seconds"#, column: 1))
        #expect(error(["time,x", "5,1,2"]) == MetricParseError(message: "expected 2 fields as in the header, found 3", column: 5))
        #expect(error(["time,x,y", "5,1"]) == MetricParseError(message: "expected 3 fields as in the header, found 2", column: 4))
        #expect(error(["time,x", #"5,"1"#]) == MetricParseError(message: "unterminated quoted field (a field cannot span lines)", column: 3))
        #expect(error(["time,x", #"5,"1"2"#]) == MetricParseError(message: "expected ',' after the closing quote", column: 6))
        #expect(error(["time,x", #"5,1"2"#])?.column == 4)
        #expect(error(["time,x", "5,1"])?.message.hasPrefix("time '5' refused: the time 5.0 s since 1970 is outside 1990–2200") == true)
        #expect(error(["1,2,3"]) == MetricParseError(
            message: "expected a header row naming the columns (e.g. time,error_rate,p99_latency), found numbers", column: 1))
        #expect(error(["x,y,x"]) == MetricParseError(message: "header names 'x' twice (columns 1 and 5)", column: 5))
        #expect(error(["time"])?.message.hasPrefix("header names no metric column") == true)
        #expect(error(["a,,b"]) == MetricParseError(message: "header column 2 has no name", column: 3))
        #expect(error(["ts,time,x"]) == MetricParseError(message: "header has two time columns", column: 4))
    }

    @Test func aBadHeaderIsNotKept() {
        let results = parse(["1,2", "time,x", "1795356187,1"])
        #expect(results.map { if case .failure = $0 { false } else { true } } == [false, true, true])
        #expect((try? results[2].get()) == [MetricSample(name: "x", value: 1, time: stamp)])
    }
}
