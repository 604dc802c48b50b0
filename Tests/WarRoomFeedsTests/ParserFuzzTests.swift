import Foundation
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomFeeds

/// Every parser at the door, fuzzed from the corpora in `fixtures/fuzz/`. Beyond "no trap, no hang": every sample
/// that comes out is one a metric can hold, every line is a sample (or nothing, for a comment) or a malformed line
/// with a reason, and every error text stays short however long the input.
///
/// WARROOM_SEED repeats a run; WARROOM_FUZZ_ITERATIONS runs longer. One target at a time: each keeps a core busy,
/// and the tests beside them that time commands and servers need the other.
@Suite(.serialized) struct ParserFuzzTests {
    /// 2026-11-22T14:03:07Z, for lines without a time of their own.
    static let arrival = Date(timeIntervalSince1970: 1_795_356_187)
    /// Most Unicode scalars an error text may have: a sentence, two quoted excerpts and Core's reason.
    static let errorLimit = 300

    // MARK: Targets

    @Test(.timeLimit(.minutes(1))) func jsonMetricLines() async {
        await Fuzzer("metric-json", dictionary: [
            "{", "}", "[", "]", ",", ":", "\"", #"\""#, #"\\"#, #"\u00e9"#, #"\ud83d\ude00"#, #"\ud800"#, #""name":"#,
            #""metric":"#, #""value":"#, #""time":"#, #""ts":"#, #""timestamp":"#, #""":"#, "true", "false", "null", "NaN",
            "Infinity", "-Infinity", "1e", "E+", "-", ".", "0", "1795356187", "1795356187500", "\"2026-11-22T14:03:07Z\"",
        ]).run(Self.metricLines(.json))
    }

    @Test(.timeLimit(.minutes(1))) func prometheusExpositionLines() async {
        await Fuzzer("metric-exposition", dictionary: [
            "{", "}", "=\"", "\",", "\"", #"\""#, #"\n"#, #"\\"#, "# HELP ", "# TYPE ", " gauge", "_total", ":", "le=\"+Inf\"",
            "quantile=\"0.99\"", " NaN", " +Inf", " -Inf", " 1795356187000", " -1", " ", "\t", "1e", ".",
        ]).run(Self.metricLines(.prometheus))
    }

    @Test(.timeLimit(.minutes(1))) func csvMetricLines() async {
        await Fuzzer("metric-csv", dictionary: [
            ",", "\"", "\"\"", ",,", "time", "ts", "Timestamp", "\u{FEFF}", "NaN", "+Inf", " ", "2026-11-22T14:03:07Z",
            "2026-11-22 14:03:07", "1795356187", "1e18", "time,x\n", "\n1795356187,",
        ]).run(Self.metricLines(.csv))
    }

    @Test(.timeLimit(.minutes(1))) func plainMetricLines() async {
        await Fuzzer("metric-plain", dictionary: [
            " ", "\t", "#", "NaN", "-inf", "+Inf", "1795356187", "1795356187500", "2026-11-22 14:03:07", "2026-11-22T14:03:07Z",
            "+01:00", ".250", "0x10", "1e", "E-", ".5", "x ",
        ]).run(Self.metricLines(.plain))
    }

    @Test(.timeLimit(.minutes(1))) func logLines() async {
        await Fuzzer("log-line", dictionary: [
            "[", "]", " ", "ERROR", "WARN", "info", "FATAL", "ERR:", "level=", "lvl=", "time=", "ts=", "msg=\"", "\"",
            #"{"level":"error"}"#, #""ts":"#, #""time":"#, #""msg":"#, #""level":"#, " UTC", " GMT", "2026-11-22T14:03:07Z",
            "2026-11-22 14:03:07,123", ".123456789", "+05:30", "-99:99", "1795356187", "1795356187000", "1e18", ":", "=",
        ]).run(Self.logLines)
    }

    @Test(.timeLimit(.minutes(1))) func prometheusResponses() async {
        await Fuzzer("prometheus-response", dictionary: [
            #"{"status":"success","data":"#, #""resultType":"vector""#, #""matrix""#, #""scalar""#, #""string""#, #""result":["#,
            #""metric":{"#, #""value":["#, #""values":[["#, #""histogram":"#, #""status":"error""#, #""errorType":"#, #""error":"#,
            "1795356187", "\"NaN\"", "\"+Inf\"", "\"1e308\"", "\"-1e308\"", "1e18", "-62167219200", "null", "[]", "{}",
        ]).run(Self.prometheusAnswer)
    }

    @Test(.timeLimit(.minutes(1))) func controllerResources() async {
        await Fuzzer("kubectl-json", dictionary: [
            "{", "}", "[", "]", ",", ":", "\"", "null", "true", "false", "-1", "101", "2.5", "1e400", "9007199254740993",
            #""kind":"Rollout""#, #""kind":"AnalysisRun""#, #""kind":"Canary""#, #""kind":"Deployment""#, #""status":{}"#,
            #""status":"#, #""phase":"#, #""abort":true"#, #""currentStepIndex":"#, #""observedGeneration":"#, #""generation":"#,
            #""weight":"#, #""setWeight":"#, #""steps":[]"#, #""pauseConditions":[{}]"#, #""measurements":[]"#, #""finishedAt":"#,
            #""stepWeights":[]"#, #""iterations":"#, "\"2026-12-06T13:01:47Z\"", "\"9999-12-31T23:59:59Z\"", #"\u0000"#, #"\ud800"#,
        ]).run(Self.controllerResource)
    }

    @Test(.timeLimit(.minutes(1))) func kubectlErrors() async {
        await Fuzzer("kubectl-stderr", dictionary: [
            "Error from server (", "NotFound", "Forbidden", "Unauthorized", "): ", " not found", "is forbidden: ", "error: ",
            "error: context \"", "\" does not exist", "error: the server doesn't have a resource type \"",
            "error: You must be logged in to the server", "The connection to the server ", " was refused", "Warning: ",
            "Unable to connect to the server: ", "E1206 13:04:11.482913   48213 memcache.go:265] ", "\n",
        ]).run(Self.kubectlError)
    }

    // MARK: Properties

    /// The input as a command's output in `format`: each line through a parser kept for the whole input (CSV's
    /// header is state), then the whole through a command feed, which must give exactly those samples and count
    /// exactly the lines that failed.
    static func metricLines(_ format: MetricFormat) -> @Sendable ([UInt8]) throws -> Void {
        { bytes in
            var parser = MetricParser(format: format)
            var samples: [MetricSample] = []
            var malformed = 0
            for (number, line) in CommandOutcome.lines(of: bytes).enumerated() {
                switch parser.parse(line, arrival: arrival) {
                case .success(let found):
                    for sample in found { try check(sample, "line \(number + 1)") }
                    samples += found
                case .failure(let error):
                    try check(error, in: line, "line \(number + 1)")
                    malformed += 1
                }
            }
            var feed = CommandFeed(name: "fuzz", command: ShellCommand("true", timeout: .seconds(1)), format: format)
            let events = feed.events(for: .finished(.exited(0), output: bytes, errorOutput: []), startedAt: arrival)
            let fed = events.compactMap { if case .sample(let sample) = $0 { sample } else { nil } }
            try FuzzFinding.check(fed == samples, "the command feed gave \(fed.count) samples, the parser \(samples.count)")
            let reports = events.compactMap { if case .source(let report) = $0 { report } else { nil } }
            try FuzzFinding.check(reports.count == 1, "a first run gives one report, not \(reports.count)")
            let report = reports[0]
            try FuzzFinding.check(report.malformedLines == malformed, "\(report.malformedLines) lines counted, \(malformed) failed")
            // The report quotes the reason (with `line N: `) and up to FeedHealth's length of the line itself.
            if let last = report.lastMalformed {
                try FuzzFinding.check(last.count <= errorLimit + 20 + FeedHealth.keptLineLength + 3, "a report of \(last.count) characters")
            }
            if let failure = report.failure {
                try FuzzFinding.check(failure.unicodeScalars.count <= errorLimit + 80, "a failure of \(failure.unicodeScalars.count) scalars")
            }
        }
    }

    /// Each line as text and as the raw bytes the log feed reads in place: a line, dated in the range or not at all.
    static let logLines: @Sendable ([UInt8]) throws -> Void = { bytes in
        for raw in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = String(decoding: raw, as: UTF8.self)
            let parsed = LogLineParser.parse(line, source: "app", arrival: arrival)
            try FuzzFinding.check(parsed.time == arrival || MetricSample.plausibleTimes.contains(parsed.time),
                                  "a log line dated \(parsed.time.timeIntervalSince1970)")
            try FuzzFinding.check(parsed.source == "app", "the line lost its source")
            let reading = Array(raw).withUnsafeBufferPointer { LogLineParser.read($0) }
            if let time = reading.time {
                try FuzzFinding.check(MetricSample.plausibleTimes.contains(time), "raw bytes dated \(time.timeIntervalSince1970)")
            }
            if let (date, length) = Timestamp.prefix(of: line) {
                try FuzzFinding.check(length <= line.utf8.count && date.timeIntervalSince1970.isFinite, "a prefix of \(length) bytes")
            }
            if let date = Timestamp.parse(line) {
                try FuzzFinding.check(date.timeIntervalSince1970.isFinite, "a timestamp at \(date.timeIntervalSince1970)")
            }
        }
    }

    /// The body as an instant and as a range answer, and as an error page: samples in range and named for the
    /// metric, each point a sample or a refusal with a reason, every error short.
    static let prometheusAnswer: @Sendable ([UInt8]) throws -> Void = { bytes in
        let answer = HTTPResponse(status: 200, body: Data(bytes))
        switch PrometheusResponse.instantSample(named: "m", from: answer) {
        case .success(let found):
            try check(found)
            try FuzzFinding.check(found.samples.count + found.refused.count == 1, "an instant answer is one point")
        case .failure(let error):
            try check(error)
        }
        switch PrometheusResponse.rangeSamples(named: "m", from: answer) {
        case .success(let found):
            try check(found)
            try FuzzFinding.check(zip(found.samples, found.samples.dropFirst()).allSatisfy { $0.time <= $1.time }, "a history out of order")
        case .failure(let error):
            try check(error)
        }
        if case .failure(let error) = PrometheusResponse.result(of: HTTPResponse(status: 502, body: Data(bytes))) { try check(error) }
    }

    /// The input as each resource kubectl can print (and as the AnalysisRun of a rollout that names it): a status
    /// within its own limits that reads back from the journal as it was, or a ``ControllerParseError`` kept short;
    /// never any other error.
    static let controllerResource: @Sendable ([UInt8]) throws -> Void = { bytes in
        let readings: [(String, () throws -> ControllerStatus)] = [
            ("Rollout", { try ArgoRolloutStatus.parse(bytes) }),
            ("AnalysisRun", { try ArgoRolloutStatus.parse(runOwner, analysisRun: bytes) }),
            ("Canary", { try FlaggerCanaryStatus.parse(bytes) }),
            ("Deployment", { try DeploymentStatus.parse(bytes) }),
        ]
        for (what, read) in readings {
            do {
                try check(try read(), what)
            } catch let error as ControllerParseError {
                let text = error.description
                try FuzzFinding.check(!error.expected.isEmpty && !error.found.isEmpty, "\(what): an error without words: \(text)")
                try FuzzFinding.check(text.unicodeScalars.count <= errorLimit, "\(what): an error of \(text.unicodeScalars.count) scalars")
            } catch let finding as FuzzFinding {
                throw finding
            } catch {
                throw FuzzFinding("\(what): an error that is not a ControllerParseError: \(error)")
            }
        }
    }

    /// A rollout whose current step's analysis is the recorded run's, so a mutated run is read for its metrics.
    static let runOwner = Array(#"""
        {"kind":"Rollout","metadata":{"name":"checkout"},"spec":{},"status":{"canary":{"currentStepAnalysisRunStatus":
        {"name":"checkout-7c9f6d4bb8-5-3","status":"Running"}}}}
        """#.utf8)

    static func check(_ status: ControllerStatus, _ what: String) throws {
        let short = ControllerStatus.shortTextLimit + 1, long = ControllerStatus.textLimit + 1
        var texts: [(String?, Int)] = [(status.name, short), (status.namespace, short), (status.rawPhase, short), (status.message, long),
                                       (status.stableHash, short), (status.canaryHash, short), (status.pause?.reason, short)]
        if let analysis = status.analysis {
            texts += [(analysis.name, short), (analysis.message, long), (analysis.phase.rawValue, short)]
            try FuzzFinding.check(analysis.metrics.count <= ControllerStatus.metricLimit, "\(what): \(analysis.metrics.count) metrics kept")
            for metric in analysis.metrics {
                texts += [(metric.name, short), (metric.phase.rawValue, short), (metric.latest?.value, short), (metric.latest?.phase.rawValue, short)]
            }
        }
        for (text, limit) in texts {
            if let text { try FuzzFinding.check(text.unicodeScalars.count <= limit, "\(what): a text of \(text.unicodeScalars.count) scalars kept") }
        }
        if let step = status.step {
            try FuzzFinding.check(0 <= step.index && step.index <= step.count, "\(what): step \(step.index) of \(step.count)")
        }
        for weight in [status.weight?.set, status.weight?.actual].compactMap({ $0 }) {
            try FuzzFinding.check((0...100).contains(weight), "\(what): a weight of \(weight)%")
        }
        if let replicas = status.replicas {
            try FuzzFinding.check([replicas.desired, replicas.updated, replicas.ready, replicas.available].allSatisfy { $0 >= 0 },
                                  "\(what): negative replicas \(replicas)")
        }
        try FuzzFinding.check((status.generationLag ?? 0) >= 0, "\(what): a generation lag of \(status.generationLag ?? 0)")
        let journaled = try JSONDecoder().decode(ControllerStatus.self, from: JSONEncoder().encode(status))
        try FuzzFinding.check(journaled == status, "\(what): the status reads back from the journal as another")
    }

    /// Any standard error: a reason in words, short however long the output.
    static let kubectlError: @Sendable ([UInt8]) throws -> Void = { bytes in
        let text = KubectlFailure(errorOutput: bytes).description
        try FuzzFinding.check(!text.isEmpty, "a failure without words")
        try FuzzFinding.check(text.unicodeScalars.count <= errorLimit, "a failure of \(text.unicodeScalars.count) scalars")
    }

    static func check(_ sample: MetricSample, _ what: String) throws {
        try FuzzFinding.check(!sample.name.isEmpty, "\(what): a sample without a name")
        if let reason = MetricSample.rejection(value: sample.value, time: sample.time) {
            throw FuzzFinding("\(what): a sample that is none came out: \(reason)")
        }
    }

    static func check(_ error: MetricParseError, in line: String, _ what: String) throws {
        try FuzzFinding.check(!error.message.isEmpty, "\(what): an error without a reason")
        try FuzzFinding.check(error.description.unicodeScalars.count <= errorLimit,
                              "\(what): an error of \(error.description.unicodeScalars.count) scalars: \(error.description.prefix(120))…")
        if let column = error.column {
            try FuzzFinding.check((1...(line.unicodeScalars.count + 1)).contains(column), "\(what): column \(column) is not in the line")
        }
    }

    static func check(_ found: PrometheusSamples) throws {
        for sample in found.samples {
            try check(sample, "answer")
            try FuzzFinding.check(sample.name == "m", "a sample named \(sample.name)")
        }
        for refusal in found.refused {
            try FuzzFinding.check(!refusal.reason.isEmpty, "a point refused without a reason")
            try FuzzFinding.check(refusal.reason.unicodeScalars.count <= errorLimit && refusal.point.unicodeScalars.count <= 150,
                                  "a refusal of \(refusal.reason.unicodeScalars.count) + \(refusal.point.unicodeScalars.count) scalars")
        }
    }

    static func check(_ error: PrometheusQueryError) throws {
        let text = error.description
        try FuzzFinding.check(!text.isEmpty, "an error without words")
        try FuzzFinding.check(text.unicodeScalars.count <= errorLimit + 100, "an error of \(text.unicodeScalars.count) scalars")
    }
}
