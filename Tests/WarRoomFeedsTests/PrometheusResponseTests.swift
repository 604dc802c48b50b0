import Foundation
import Testing
import WarRoomCore
@testable import WarRoomFeeds

@Suite struct PrometheusResponseTests {
    func answer(_ json: String, status: Int = 200) -> HTTPResponse { HTTPResponse(status: status, body: Data(json.utf8)) }

    /// The one sample (or the error) of an instant answer; a refused point is looked at in ``SampleLimitTests``.
    func instant(_ json: String, status: Int = 200) -> Result<MetricSample?, PrometheusQueryError> {
        PrometheusResponse.instantSample(named: "error_rate", from: answer(json, status: status)).map(\.samples.first)
    }

    func range(_ json: String) -> Result<[MetricSample], PrometheusQueryError> {
        PrometheusResponse.rangeSamples(named: "error_rate", from: answer(json)).map(\.samples)
    }

    func vector(_ series: String...) -> String {
        #"{"status":"success","data":{"resultType":"vector","result":["# + series.joined(separator: ",") + "]}}"
    }

    @Test func aVectorOfOneSeriesIsOneSampleAtItsOwnTime() {
        let json = vector(#"{"metric":{"__name__":"errors","job":"api"},"value":[1735689600.25,"0.42"]}"#)
        #expect(instant(json) == .success(MetricSample(name: "error_rate", value: 0.42, time: Date(timeIntervalSince1970: 1735689600.25))))
    }

    @Test func aScalarIsOneSample() {
        let json = #"{"status":"success","data":{"resultType":"scalar","result":[1735689600,"2"]}}"#
        #expect(instant(json) == .success(MetricSample(name: "error_rate", value: 2, time: Date(timeIntervalSince1970: 1735689600))))
    }

    @Test func severalSeriesAreAnErrorNamingTheirLabelsNotASum() {
        let json = vector(#"{"metric":{"__name__":"up","job":"api","instance":"a:9100"},"value":[1,"1"]}"#,
                          #"{"metric":{"__name__":"up","job":"api","instance":"b:9100"},"value":[1,"0"]}"#,
                          #"{"metric":{"__name__":"up","job":"db"},"value":[1,"1"]}"#)
        #expect(instant(json) == .failure(.severalSeries(3, examples: [#"{instance="a:9100",job="api"}"#, #"{instance="b:9100",job="api"}"#])))
        #expect(PrometheusQueryError.severalSeries(3, examples: [#"{job="a"}"#, #"{job="b"}"#]).description
            == #"the query matched 3 series ({job="a"}, {job="b"}, …), expected one — aggregate them (sum, max, avg) or select one by label"#)
    }

    /// An objective's bad requests: Prometheus answers nothing when nothing failed, and that is 0 events then.
    @Test func noSeriesIsZeroEventsForAnEventCount() {
        let asked = Date(timeIntervalSince1970: 1735689600)
        let found = PrometheusResponse.instantSample(named: "checkout:bad", from: answer(vector()), emptyIsZero: true, at: asked)
        #expect(found.map(\.samples) == .success([MetricSample(name: "checkout:bad", value: 0, time: asked)]))
        #expect(PrometheusResponse.instantSample(named: "checkout:bad", from: answer(vector(#"{"metric":{},"value":[1735689600,"3"]}"#)),
                                                 emptyIsZero: true, at: asked).map(\.samples.first?.value) == .success(3))
    }

    @Test func noSeriesIsAnErrorNotAZero() {
        #expect(instant(vector()) == .failure(.noSeries))
    }

    @Test func valuesThatAreNotFiniteNumbersAreRefusedPointsNotSamples() {
        let now = "1795356187"
        for value in ["NaN", "+Inf", "lots"] {
            let found = PrometheusResponse.instantSample(named: "error_rate", from: answer(vector(#"{"metric":{},"value":[\#(now),"\#(value)"]}"#)))
            #expect((try? found.get())?.samples == [], "\(value)")
            #expect((try? found.get())?.refused.count == 1, "\(value)")
        }
    }

    @Test func answersThatAreNotOneNumberAreErrors() {
        let matrix = #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[2,"2"]]}]}}"#
        #expect(instant(matrix) == .failure(.notASingleNumber("a range vector — drop the [range] or wrap it in a function such as rate()")))
        #expect(instant(#"{"status":"success","data":{"resultType":"string","result":[1,"hello"]}}"#) == .failure(.notASingleNumber("a string")))
        let histogram = vector(#"{"metric":{},"histogram":[1,{"count":"3","sum":"1.5","buckets":[]}]}"#)
        #expect(instant(histogram) == .failure(.notASingleNumber("a native histogram")))
    }

    @Test func prometheusErrorsCarryTheirTypeAndMessageWhateverTheStatus() {
        let json = #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis"}"#
        let expected = PrometheusQueryError.prometheus(type: "bad_data", message: #"invalid parameter "query": 1:5: parse error: unclosed left parenthesis"#)
        #expect(instant(json, status: 400) == .failure(expected))
        #expect(instant(#"{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}"#, status: 503)
            == .failure(.prometheus(type: "timeout", message: "query timed out in expression evaluation")))
        #expect(expected.description == #"Prometheus refused the query (bad_data): invalid parameter "query": 1:5: parse error: unclosed left parenthesis"#)
    }

    @Test func answersThatAreNotTheAPIsJSONSayWhatCameBack() {
        #expect(instant("Unauthorized\n", status: 401) == .failure(.httpStatus(401, excerpt: "Unauthorized")))
        #expect(PrometheusQueryError.httpStatus(401, excerpt: "Unauthorized").description == "HTTP 401 (check the source's token): Unauthorized")
        #expect(PrometheusQueryError.httpStatus(404, excerpt: "").description == "HTTP 404 (is the URL the Prometheus server, without /api/v1?)")
        #expect(instant("<!doctype html><title>Grafana</title>") == .failure(.malformed(#"starts "<!doctype html><title>Grafana</title>""#)))
        #expect(instant("") == .failure(.malformed("empty body")))
        #expect(instant(#"{"status":"success","data":{"resultType":"table","result":[]}}"#) == .failure(.malformed(#"starts "{"status":"success","data":{"resultType":"table","result":[]}}""#)))
    }

    @Test func aRangeIsTheHistoryOfOneSeriesWithGapsForNaN() {
        let json = #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"api"},"values":[[1795356100,"1"],[1795356130,"NaN"],[1795356160,"3.5"]]}]}}"#
        #expect(range(json) == .success([
            MetricSample(name: "error_rate", value: 1, time: Date(timeIntervalSince1970: 1_795_356_100)),
            MetricSample(name: "error_rate", value: 3.5, time: Date(timeIntervalSince1970: 1_795_356_160)),
        ]))
        let refused = try? PrometheusResponse.rangeSamples(named: "error_rate", from: answer(json)).get().refused
        #expect(refused == [.init(point: #"error_rate [1795356130.0, "NaN"]"#, reason: "value of 'error_rate' refused: the value is not a number (NaN)")])
    }

    @Test func aRangeWithNoSeriesIsNoHistoryButSeveralAreAnError() {
        #expect(range(#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#) == .success([]))
        let two = #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"pod":"a"},"values":[[1,"1"]]},{"metric":{"pod":"b"},"values":[[1,"2"]]}]}}"#
        #expect(range(two) == .failure(.severalSeries(2, examples: [#"{pod="a"}"#, #"{pod="b"}"#])))
    }

    @Test func queryURLsEscapeEverythingTheServerWouldMisread() throws {
        let api = try #require(PrometheusAPI(url: "https://metrics.example.test/prom"))
        let url = api.instantQuery(#"sum(rate(http_requests_total{code=~"5.."}[5m])) / 2 + 1"#, at: Date(timeIntervalSince1970: 1735689600.5))
        #expect(url.absoluteString == "https://metrics.example.test/prom/api/v1/query?query=sum%28rate%28http_requests_total%7Bcode%3D~%225..%22%7D%5B5m%5D%29%29%20%2F%202%20%2B%201&time=1735689600.500")
        let range = api.rangeQuery("up", from: Date(timeIntervalSince1970: 100), to: Date(timeIntervalSince1970: 1900), step: 30)
        #expect(range.absoluteString == "https://metrics.example.test/prom/api/v1/query_range?query=up&start=100.000&end=1900.000&step=30.000")
        #expect(PrometheusAPI(url: "http://127.0.0.1:9090/")?.instantQuery("up", at: Date(timeIntervalSince1970: 0)).path == "/api/v1/query")
        #expect(PrometheusAPI(url: "127.0.0.1:9090") == nil)
        #expect(PrometheusAPI(url: "file:///tmp/x") == nil)
    }
}
