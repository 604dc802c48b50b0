import Foundation
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomFeeds

/// Values and times no metric can hold, through every parser and poller that makes a sample: each is a malformed
/// line (or point) with the reason, never a sample.
@Suite struct SampleLimitTests {
    /// 2026-11-22T14:03:07Z, for lines without a time of their own.
    static let arrival = Date(timeIntervalSince1970: 1_795_356_187)

    /// A value as a format writes it, and words of the reason it is refused.
    static let values: [(text: String, reason: String)] = [
        ("1e308", "beyond ±1e18"), ("-1e308", "beyond ±1e18"), ("1.8e308", "infinite"),
        ("NaN", "not a number (NaN)"), ("Inf", "infinite"), ("-Inf", "infinite"), ("1e19", "beyond ±1e18"),
    ]

    /// A time no sample carries, as epoch seconds and as ISO-8601.
    static let epochs = ["1e18", "1000000000000000000", "253402300799", "99999999999"]
    static let dates = ["9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2201-01-01T00:00:00Z"]

    /// The line's error, which must carry `reason` and point at `column`.
    func expectRefused(_ result: Result<[MetricSample], MetricParseError>, _ reason: String, column: Int? = nil,
                       _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        switch result {
        case .success(let samples):
            Issue.record("\(what): gave \(samples) instead of being refused", sourceLocation: sourceLocation)
        case .failure(let error):
            #expect(error.message.contains(reason), "\(what): \(error)", sourceLocation: sourceLocation)
            if let column { #expect(error.column == column, "\(what): \(error)", sourceLocation: sourceLocation) }
        }
    }

    func parse(_ format: MetricFormat, _ lines: [String]) -> Result<[MetricSample], MetricParseError> {
        var parser = MetricParser(format: format)
        var last: Result<[MetricSample], MetricParseError> = .success([])
        for line in lines { last = parser.parse(line, arrival: Self.arrival) }
        return last
    }

    // MARK: Values

    @Test func valuesNoMetricHoldsAreMalformedInEveryTextFormat() {
        for (text, reason) in Self.values {
            expectRefused(parse(.prometheus, ["error_rate \(text)"]), reason, column: 12, "prometheus \(text)")
            expectRefused(parse(.prometheus, [#"error_rate{pod="a"} \#(text) 1795356187000"#]), reason, column: 21, "prometheus labelled \(text)")
            expectRefused(parse(.plain, ["error_rate \(text) 1795356187"]), reason, column: 12, "plain \(text)")
            expectRefused(parse(.csv, ["time,error_rate", "2026-11-22T14:03:07Z,\(text)"]), reason, column: 22, "csv \(text)")
            // JSON has no NaN or Infinity; Python's json.dumps writes them anyway, as these words.
            let json = text == "Inf" ? "Infinity" : text == "-Inf" ? "-Infinity" : text
            expectRefused(parse(.json, [#"{"name":"error_rate","value":\#(json)}"#]), reason, column: 30, "json \(text)")
            expectRefused(parse(.json, [#"{"time":"2026-11-22T14:03:07Z","p99":1,"error_rate":\#(json)}"#]), reason, column: 53,
                          "json several \(text)")
        }
    }

    @Test func theReasonNamesTheMetricAndTheLimit() {
        #expect(parse(.plain, ["error_rate 1e308"]) == .failure(MetricParseError(
            message: "value of 'error_rate' refused: the value 1e+308 is beyond ±1e18, more than any metric holds", column: 12)))
        #expect(parse(.prometheus, ["up NaN"]) == .failure(MetricParseError(
            message: "value of 'up' refused: the value is not a number (NaN)", column: 4)))
    }

    @Test func theLimitsThemselvesAreSamples() {
        #expect(parse(.plain, ["big 1e18"]) == .success([MetricSample(name: "big", value: 1e18, time: Self.arrival)]))
        #expect(parse(.plain, ["small -1e18"]) == .success([MetricSample(name: "small", value: -1e18, time: Self.arrival)]))
        #expect(parse(.plain, ["tiny 5e-324"]) == .success([MetricSample(name: "tiny", value: .leastNonzeroMagnitude, time: Self.arrival)]))
    }

    // MARK: Times

    @Test func timesNoReleaseHappenedAtAreMalformedInEveryFormat() {
        let outside = "outside 1990–2200"
        for epoch in Self.epochs {
            expectRefused(parse(.plain, ["error_rate 1 \(epoch)"]), outside, column: 14, "plain \(epoch)")
            expectRefused(parse(.csv, ["time,error_rate", "\(epoch),1"]), outside, column: 1, "csv \(epoch)")
            expectRefused(parse(.json, [#"{"name":"error_rate","value":1,"time":\#(epoch)}"#]), outside, column: 39, "json \(epoch)")
        }
        for date in Self.dates {
            expectRefused(parse(.plain, ["error_rate 1 \(date)"]), outside, column: 14, "plain \(date)")
            expectRefused(parse(.csv, ["time,error_rate", "\(date),1"]), outside, column: 1, "csv \(date)")
            expectRefused(parse(.json, [#"{"time":"\#(date)","error_rate":1}"#]), outside, column: 9, "json \(date)")
        }
        // The exposition format writes whole milliseconds: 1e18 of them, and 9999-12-31, 0000-01-01, 1969.
        for milliseconds in ["1000000000000000000", "253402300799000", "-62167219200000", "-1000"] {
            expectRefused(parse(.prometheus, ["error_rate 1 \(milliseconds)"]), outside, column: 14, "prometheus \(milliseconds)")
        }
        // A space between date and time, as the plain format allows.
        expectRefused(parse(.plain, ["error_rate 1 9999-12-31 23:59:59"]), outside, column: 14, "plain with a space")
        #expect(parse(.plain, ["x 1 9999-12-31T23:59:59Z"]) == .failure(MetricParseError(
            message: "time '9999-12-31T23:59:59Z' refused: the time 253402300799.0 s since 1970 is outside 1990–2200; is it in milliseconds?",
            column: 5)))
    }

    @Test func negativeAndNonFiniteEpochsAreNoTimeAtAll() {
        expectRefused(parse(.plain, ["x 1 -1e18"]), "is not a time", column: 5, "plain -1e18")
        expectRefused(parse(.json, [#"{"name":"x","value":1,"time":-1e18}"#]), "is not a time in epoch seconds", column: 30, "json -1e18")
        expectRefused(parse(.plain, ["x 1 " + String(repeating: "9", count: 400)]), "is not a time", column: 5, "400 digits")
        expectRefused(parse(.csv, ["time,x", "nan,1"]), "is not an ISO-8601 time", column: 1, "csv nan")
    }

    @Test func aLineWithoutATimeIsNotJudgedByItsArrival() {
        // A backtest dates undated lines 1970 on purpose, to count and leave them out.
        let undated = Date(timeIntervalSince1970: 0)
        var parser = MetricParser(format: .plain)
        #expect(parser.parse("x 1", arrival: undated) == .success([MetricSample(name: "x", value: 1, time: undated)]))
    }

    // MARK: Counted as malformed lines

    @Test func aFileHolding1e308AndMinus1e308CountsBothAndKeepsTheRest() throws {
        let dir = TemporaryDirectory()
        dir.append(#"""
            {"time":"2026-11-22T14:03:07Z","error_rate":1e308}
            {"time":"2026-11-22T14:03:17Z","error_rate":0.4}
            {"time":"2026-11-22T14:03:27Z","error_rate":-1e308}

            """#, to: "m.jsonl")
        var feed = MetricFileFeed(path: dir.file("m.jsonl"), name: "app", format: .json)
        let events = feed.pollOnce(now: Self.arrival)
        #expect(events.compactMap { if case .sample(let s) = $0 { s } else { nil } }
            == [MetricSample(name: "error_rate", value: 0.4, time: Self.arrival.addingTimeInterval(10))])
        let report = try #require(events.compactMap { if case .source(let r) = $0 { r } else { nil } }.last)
        #expect(report.malformedLines == 2)
        #expect(report.lastMalformed?.hasPrefix("column 45: value of 'error_rate' refused: the value -1e+308 is beyond ±1e18") == true,
                "\(report)")
    }

    @Test func aCommandPrintingThemCountsEachLine() throws {
        for format in [MetricFormat.plain, .prometheus] {
            var feed = CommandFeed(name: "probe", command: ShellCommand("unused", timeout: .seconds(1)), format: format)
            let output = Self.values.map { "x \($0.text)" } + ["x 2"]
            let events = feed.events(for: .finished(.exited(0), output: Array(output.joined(separator: "\n").utf8), errorOutput: []),
                                     startedAt: Self.arrival)
            #expect(events.first == .sample(MetricSample(name: "x", value: 2, time: Self.arrival)), "\(format)")
            let report = try #require(events.compactMap { if case .source(let r) = $0 { r } else { nil } }.last)
            #expect(report.failure == nil && report.malformedLines == Self.values.count, "\(format): \(report)")
            #expect(report.lastMalformed == "line 7: column 3: value of 'x' refused: the value 1e+19 is beyond ±1e18, more than any metric holds: x 1e19")
        }
        // Nothing else printed: the run is a failure that says why.
        var feed = CommandFeed(name: "probe", command: ShellCommand("unused", timeout: .seconds(1)), format: .plain)
        let events = feed.events(for: .finished(.exited(0), output: Array("x NaN\n".utf8), errorOutput: []), startedAt: Self.arrival)
        #expect(events == [.source(SourceReport(
            source: "probe",
            failure: "printed nothing readable as plain (line 1: column 3: value of 'x' refused: the value is not a number (NaN))",
            malformedLines: 1, lastMalformed: "line 1: column 3: value of 'x' refused: the value is not a number (NaN): x NaN"))])
    }

    // MARK: Log lines

    @Test func aLogLineDatedWhereNoReleaseIsIsUndatedButStillALine() {
        let arrival = Self.arrival
        for line in ["9999-12-31T23:59:59Z ERROR late", "0000-01-01 00:00:00 ERROR early", "[0000-01-01T00:00:00Z] [error] early",
                     #"{"ts":1e18,"level":"error","msg":"far"}"#, #"{"ts":1e300,"level":"error","msg":"farther"}"#,
                     #"{"time":"9999-12-31T23:59:59Z","level":"error","msg":"late"}"#, "time=1e18 level=error msg=far",
                     "ts=0000-01-01T00:00:00Z level=error"] {
            let parsed = LogLineParser.parse(line, source: "app", arrival: arrival)
            #expect(parsed.time == arrival, "\(line)")
            #expect(parsed.level == .error, "\(line)")
        }
        #expect(LogLineParser.parse("2026-11-22T14:03:07Z INFO ok", source: "app", arrival: .distantPast).time == arrival)
    }

    // MARK: Prometheus

    func answer(_ json: String) -> HTTPResponse { HTTPResponse(status: 200, body: Data(json.utf8)) }

    func vector(_ time: String, _ value: String) -> String {
        #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"api"},"value":[\#(time),"\#(value)"]}]}}"#
    }

    @Test func anInstantAnswerNoMetricHoldsIsARefusedPointWithItsReason() throws {
        for (text, reason) in Self.values {
            let found = try PrometheusResponse.instantSample(named: "error_rate", from: answer(vector("1795356187", text))).get()
            #expect(found.samples == [], "\(text)")
            #expect(found.refused.count == 1 && found.refused[0].reason.contains(reason), "\(text): \(found)")
        }
        for time in ["1e18", "253402300799", "-62167219200"] {
            let found = try PrometheusResponse.instantSample(named: "error_rate", from: answer(vector(time, "1"))).get()
            #expect(found.samples == [] && found.refused.first?.reason.contains("outside 1990–2200") == true, "\(time): \(found)")
        }
        let found = try PrometheusResponse.instantSample(named: "error_rate", from: answer(vector("1795356187", "lots"))).get()
        #expect(found.refused == [.init(point: #"error_rate [1795356187.0, "lots"]"#, reason: #"value of 'error_rate' "lots" is not a number"#)])
    }

    @Test func aRangeKeepsItsGoodPointsAndRefusesTheRest() throws {
        let points = [#"[1795356187,"1"]"#] + Self.values.map { #"[1795356187,"\#($0.text)"]"# }
            + [#"[1e18,"1"]"#, #"[253402300799,"1"]"#, #"[-62167219200,"1"]"#, #"[1795356197,"2"]"#]
        let json = #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[\#(points.joined(separator: ","))]}]}}"#
        let found = try PrometheusResponse.rangeSamples(named: "error_rate", from: answer(json)).get()
        #expect(found.samples.map(\.value) == [1, 2])
        #expect(found.refused.count == Self.values.count + 3)
    }

    @Test(.timeLimit(.minutes(1))) func theFeedCountsRefusedPointsAsMalformedAndReportsTheReason() async throws {
        let server = try LocalHTTPServer { request in
            let value = request.query["query"] == "huge" ? "1e308" : request.query["query"] == "negative" ? "-1e308" : "0.4"
            return .respond(status: 200, body: vector("1795356187", value), contentType: "application/json")
        }
        defer { server.stop() }
        let source = MetricSource(name: "prom", kind: .prometheus(url: server.url, token: nil), interval: 15, timeout: 5)
        var feed = try #require(PrometheusFeed(source: source, metrics: [
            PrometheusMetric(name: "huge", query: "huge"), PrometheusMetric(name: "negative", query: "negative"),
            PrometheusMetric(name: "fine", query: "fine"),
        ], environment: [:]))
        let events = await feed.pollOnce(now: Self.arrival)
        #expect(events.first == .sample(MetricSample(name: "fine", value: 0.4, time: Self.arrival)))
        let report = try #require(events.compactMap { if case .source(let r) = $0 { r } else { nil } }.last)
        #expect(report.failure == nil)
        #expect(report.malformedLines == 2)
        #expect(report.lastMalformed
            == #"value of 'negative' refused: the value -1e+308 is beyond ±1e18, more than any metric holds: negative [1795356187.0, "-1e308"]"#)

        // The backfill too: the good points fill the history, the others are counted.
        server.answer { _ in
            .respond(status: 200, body: #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1795356000,"1"],[1795356030,"1e308"],[1795356060,"-1e308"],[1e18,"2"],[1795356090,"NaN"],[1795356120,"3"]]}]}}"#)
        }
        feed.backfill = PrometheusBackfill(span: 300, points: 10)
        let history = await feed.fillHistory(now: Self.arrival)
        #expect(history.compactMap { if case .sample(let s) = $0 { s.value } else { nil } } == [1, 3, 1, 3, 1, 3])
        let after = try #require(history.compactMap { if case .source(let r) = $0 { r } else { nil } }.last)
        #expect(after.malformedLines == 2 + 3 * 4)
    }
}
