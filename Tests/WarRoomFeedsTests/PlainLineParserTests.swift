import Foundation
import Testing
import WarRoomCore
@testable import WarRoomFeeds

@Suite struct PlainLineParserTests {
    let arrival = Date(timeIntervalSince1970: 1_000)
    /// 2026-11-22T14:03:07Z
    let stamp = Date(timeIntervalSince1970: 1_795_356_187)

    func samples(_ line: String) -> [MetricSample]? { try? PlainLineParser.parse(line, arrival: arrival).get() }

    func error(_ line: String) -> MetricParseError? {
        if case .failure(let error) = PlainLineParser.parse(line, arrival: arrival) { return error }
        return nil
    }

    @Test func nameValueAndOptionalTime() {
        #expect(samples("error_rate 0.4") == [MetricSample(name: "error_rate", value: 0.4, time: arrival)])
        #expect(samples("error_rate\t0.4\t1795356187") == [MetricSample(name: "error_rate", value: 0.4, time: stamp)])
        #expect(samples("  p99   212   2026-11-22T14:03:07Z  ") == [MetricSample(name: "p99", value: 212, time: stamp)])
        #expect(samples("p99 212 2026-11-22 14:03:07") == [MetricSample(name: "p99", value: 212, time: stamp)])
        #expect(samples("p99 -1.5e2 1795356187500") == [MetricSample(name: "p99", value: -150, time: stamp.addingTimeInterval(0.5))])
        #expect(samples("checkout.latency.p99 3") == [MetricSample(name: "checkout.latency.p99", value: 3, time: arrival)])
    }

    @Test func commentsAndBlankLines() {
        #expect(samples("# written by probe.sh") == [])
        #expect(samples("   ") == [])
        #expect(samples("rps 1180 # after the deploy") == [MetricSample(name: "rps", value: 1180, time: arrival)])
        #expect(samples("rps 1180 1795356187 #comment") == [MetricSample(name: "rps", value: 1180, time: stamp)])
    }

    @Test func nonFiniteValuesAreMalformed() {
        #expect(error("ratio NaN") == MetricParseError(message: "value of 'ratio' refused: the value is not a number (NaN)", column: 7))
        #expect(error("ratio -inf 1795356187") == MetricParseError(message: "value of 'ratio' refused: the value is infinite", column: 7))
    }

    @Test func malformedLinesNameTheColumn() {
        #expect(error("error_rate") == MetricParseError(message: "expected a value after 'error_rate'", column: 11))
        #expect(error("error_rate high") == MetricParseError(message: "value 'high' of 'error_rate' is not a number", column: 12))
        #expect(error("x 0x10") == MetricParseError(message: "value '0x10' of 'x' is not a number", column: 3))
        #expect(error("x 1 soon") == MetricParseError(
            message: "'soon' is not a time; expected epoch seconds or ISO-8601 such as 2026-11-22T14:03:07Z", column: 5))
        #expect(error("x 1 1795356187 extra") == MetricParseError(
            message: "unexpected 'extra' after the timestamp; expected name value [timestamp]", column: 16))
        #expect(error("x 1 2026-11-22 14:03:07 extra")?.column == 25)
    }
}
