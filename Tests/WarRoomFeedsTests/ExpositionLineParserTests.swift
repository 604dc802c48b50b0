import Foundation
import Testing
import WarRoomCore
@testable import WarRoomFeeds

@Suite struct ExpositionLineParserTests {
    let arrival = Date(timeIntervalSince1970: 1_000)

    func samples(_ line: String) -> [MetricSample]? { try? ExpositionLineParser.parse(line, arrival: arrival).get() }

    func error(_ line: String) -> MetricParseError? {
        if case .failure(let error) = ExpositionLineParser.parse(line, arrival: arrival) { return error }
        return nil
    }

    @Test func bareSampleWithAndWithoutTimestamp() {
        #expect(samples("process_open_fds 42") == [MetricSample(name: "process_open_fds", value: 42, time: arrival)])
        #expect(samples("rpc:latency_seconds 0.25 1795356187500")
            == [MetricSample(name: "rpc:latency_seconds", value: 0.25, time: Date(timeIntervalSince1970: 1_795_356_187.5))])
        #expect(samples("\tup   1  ") == [MetricSample(name: "up", value: 1, time: arrival)])
        #expect(samples("errors_total 1.5e3") == [MetricSample(name: "errors_total", value: 1500, time: arrival)])
    }

    @Test func commentsAndBlankLinesHoldNothing() {
        #expect(samples("# HELP http_requests_total The total number of requests.") == [])
        #expect(samples("# TYPE http_requests_total counter") == [])
        #expect(samples("  # any other comment") == [])
        #expect(samples("") == [])
        #expect(samples("   ") == [])
    }

    @Test func labelledSampleComesUnderItsBareAndItsCanonicalName() {
        let line = #"http_requests_total{method="post",code="500"} 7 1700000000000"#
        let time = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(samples(line) == [
            MetricSample(name: "http_requests_total", value: 7, time: time),
            MetricSample(name: #"http_requests_total{code="500",method="post"}"#, value: 7, time: time),
        ])
        // Same series written differently: same canonical name.
        let other = samples(#"http_requests_total { code = "500" , method="post", } 8"#)
        #expect(other?.last?.name == #"http_requests_total{code="500",method="post"}"#)
    }

    @Test func labelValueEscapesAreReadAndWrittenBack() {
        let parsed = samples(#"msg_total{path="C:\\dir",quote="say \"hi\"",lines="a\nb"} 1"#)
        #expect(parsed?.last?.name == #"msg_total{lines="a\nb",path="C:\\dir",quote="say \"hi\""}"#)
        #expect(ExpositionLineParser.canonicalName("m", labels: [("b", "x\ny"), ("a", #"q"\"#)]) == #"m{a="q\"\\",b="x\ny"}"#)
        // A value containing '}' or ',' does not end the label set.
        #expect(samples(#"m{a="x}",b=","} 3"#)?.last?.name == #"m{a="x}",b=","}"#)
    }

    @Test func emptyLabelValuesAreAbsent() {
        #expect(samples(#"up{job=""} 1"#)?.map(\.name) == ["up"])
        #expect(samples("up{} 1") == [MetricSample(name: "up", value: 1, time: arrival)])
    }

    @Test func notANumberAndInfinitiesAreMalformed() {
        #expect(error("rpc_duration_seconds{quantile=\"0.99\"} NaN")
            == MetricParseError(message: "value of 'rpc_duration_seconds' refused: the value is not a number (NaN)", column: 39))
        #expect(error("queue_wait +Inf")?.message == "value of 'queue_wait' refused: the value is infinite")
        #expect(error("queue_wait -Inf 1700000000000")?.column == 12)
        #expect(error("too_big 1e999")?.message == "value of 'too_big' refused: the value is infinite")
        // A bucket's le="+Inf" is a label like any other.
        #expect(samples(#"latency_bucket{le="+Inf"} 17"#)?.last
            == MetricSample(name: #"latency_bucket{le="+Inf"}"#, value: 17, time: arrival))
    }

    @Test func malformedLinesNameTheColumn() {
        #expect(error("3up 1") == MetricParseError(message: "expected a metric name", column: 1))
        #expect(error("up") == MetricParseError(message: "expected a value after 'up'", column: 3))
        #expect(error("up one") == MetricParseError(message: "'one' is not a number (NaN and +Inf are written as such)", column: 4))
        #expect(error("up.time 1")?.column == 3)
        #expect(error(#"up{job="api} 1"#) == MetricParseError(message: "unterminated label value", column: 8))
        #expect(error(#"up{job="a\tb"} 1"#) == MetricParseError(message: #"invalid escape '\t' in a label value; use \\, \" or \n"#, column: 10))
        #expect(error(#"up{job=api} 1"#) == MetricParseError(message: "expected a quoted value for label 'job'", column: 8))
        #expect(error(#"up{job="a" x="b"} 1"#)?.column == 12)
        #expect(error(#"up{job="a",job="b"} 1"#) == MetricParseError(message: "label 'job' appears twice", column: 12))
        #expect(error(#"up{job="a""#) == MetricParseError(message: "expected ',' or '}' before the end of the line", column: 11))
        #expect(error("up 1 12.5") == MetricParseError(message: "timestamp '12.5' is not whole milliseconds since the epoch", column: 6))
        #expect(error("up 1 1700000000000 extra") == MetricParseError(message: "unexpected text after the timestamp", column: 20))
    }
}
