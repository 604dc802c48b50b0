import Foundation
import Testing
import WarRoomCore
@testable import WarRoomFeeds

@Suite struct MetricLineParserTests {
    let arrival = Date(timeIntervalSince1970: 1_000)
    /// 2026-11-22T14:03:07Z
    let stamp = Date(timeIntervalSince1970: 1_795_356_187)

    func samples(_ line: String) -> [MetricSample]? { try? MetricLineParser.parse(line, arrival: arrival).get() }

    func error(_ line: String) -> MetricParseError? {
        if case .failure(let error) = MetricLineParser.parse(line, arrival: arrival) { return error }
        return nil
    }

    @Test func singleMetricWithIsoTime() {
        #expect(samples(#"{"name":"error_rate","value":0.4,"time":"2026-11-22T14:03:07Z"}"#)
            == [MetricSample(name: "error_rate", value: 0.4, time: stamp)])
    }

    @Test func alternativeKeysAndTimeForms() {
        #expect(samples(#"{"metric":"p99","value":212,"ts":"2026-11-22T14:03:07.250Z"}"#)?.first?.time
            == stamp.addingTimeInterval(0.25))
        #expect(samples(#"{"metric":"p99","value":212,"timestamp":1795356187}"#)?.first?.time == stamp)
        #expect(samples(#"{"metric":"p99","value":212,"timestamp":1795356187500}"#)?.first?.time == stamp.addingTimeInterval(0.5))
        #expect(samples(#"{"name":"p99","value":2.5e2,"time":"2026-11-22T15:03:07+01:00"}"#)
            == [MetricSample(name: "p99", value: 250, time: stamp)])
    }

    @Test func noTimeMeansArrival() {
        #expect(samples(#"  {"name":"rps","value":-3}  "#) == [MetricSample(name: "rps", value: -3, time: arrival)])
    }

    @Test func severalMetricsInOneObjectKeepTheirOrder() {
        let parsed = samples(#"{"time":"2026-11-22T14:03:07Z","error_rate":0.4,"p99_latency":212}"#)
        #expect(parsed == [MetricSample(name: "error_rate", value: 0.4, time: stamp),
                           MetricSample(name: "p99_latency", value: 212, time: stamp)])
    }

    @Test func blankLineIsNothing() {
        #expect(samples("   ") == [])
    }

    @Test func errorsSayWhatIsWrongAndWhere() {
        #expect(error("error_rate 0.4") == MetricParseError(message: "expected a JSON object", column: 1))
        #expect(error(#"{"name":"error_rate","value":"high"}"#)
            == MetricParseError(message: "value of 'error_rate' is not a number", column: 30))
        #expect(error(#"{"time":"2026-11-22T14:03:07Z","error_rate":true}"#)?.message == "value of 'error_rate' is not a number")
        #expect(error(#"{"name":"error_rate","value":0.4"#)?.message == "expected ',' or '}' after the value of 'value'")
        #expect(error(#"{"name":"error_rate","value":0.4,"time":"yesterday"}"#)?.column == 41)
        #expect(error(#"{"name":"error_rate"}"#)?.message == #"metric 'error_rate' has no "value""#)
        #expect(error(#"{"time":"2026-11-22T14:03:07Z"}"#) != nil)
        #expect(error(#"{"a":1} trailing"#)?.column == 9)
        #expect(error(#"{"a":01x}"#) != nil)
        #expect(error(#"{"name":"error_rate","value":0.4}"#) == nil)
    }

    @Test func errorDescriptionNamesTheColumn() {
        #expect(MetricParseError(message: "expected a JSON object", column: 3).description == "column 3: expected a JSON object")
    }

    @Test func jsonStringsDecodeEscapes() throws {
        let object = try JSONObject.parse(#"{"k":"a\"b\\c\u00e9\ud83d\ude00","n":[1,{"x":"]"}],"z":null}"#)
        #expect(object.fields.map(\.value) == [.string("a\"b\\cé😀"), .nested, .null])
    }
}
