import WarRoomTestSupport
import Foundation
import Synchronization
import Testing
import WarRoomCore
#if canImport(Glibc)
import Glibc
#endif
@testable import WarRoomFeeds

/// PrometheusFeed against a local server answering canned API JSON; the real server is in the integration test.
@Suite struct PrometheusFeedTests {
    let now = Date(timeIntervalSince1970: 1_735_689_600)

    static func vector(value: String, at time: Double) -> String {
        #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"api"},"value":["# + "\(time)" + #",""# + value + #""]}]}}"#
    }

    func source(_ url: String, token: SecretReference? = nil, timeout: TimeInterval = 2) -> MetricSource {
        MetricSource(name: "prom", kind: .prometheus(url: url, token: token), interval: 15, timeout: timeout)
    }

    @Test func eachMetricIsAnInstantQueryAtNowAndItsSampleKeepsPrometheusTime() async throws {
        let server = try LocalHTTPServer { request in
            let value = request.query["query"] == "errors_total + 1" ? "3" : "250"
            return .respond(status: 200, body: Self.vector(value: value, at: 1_735_689_599.5), contentType: "application/json")
        }
        defer { server.stop() }
        var feed = try #require(PrometheusFeed(source: source(server.url + "/prom/"), metrics: [
            PrometheusMetric(name: "errors", query: "errors_total + 1"), PrometheusMetric(name: "p99", query: "p99_ms"),
        ], environment: [:]))
        let sampleTime = Date(timeIntervalSince1970: 1_735_689_599.5)
        #expect(await feed.pollOnce(now: now) == [
            .sample(MetricSample(name: "errors", value: 3, time: sampleTime)),
            .sample(MetricSample(name: "p99", value: 250, time: sampleTime)),
            .source(SourceReport(source: "prom")),
        ])
        let requests = server.requests.sorted { $0.query["query"]! < $1.query["query"]! }
        #expect(requests.map(\.path) == ["/prom/api/v1/query", "/prom/api/v1/query"])
        #expect(requests.map { $0.query["query"] } == ["errors_total + 1", "p99_ms"])
        #expect(requests.allSatisfy { $0.query["time"] == "1735689600.000" && $0.headers["authorization"] == nil })
        #expect(!requests[0].target.contains("+"), "a bare + would reach PromQL as a space")
        // Healthy again: samples only.
        #expect(await feed.pollOnce(now: now).count == 2)
    }

    @Test func failuresNameTheMetricAndTheCauseAndNeverBecomeSamples() async throws {
        let server = try LocalHTTPServer { request in
            switch request.query["query"] {
            case "by_pod": .respond(status: 200, body: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"a"},"value":[1,"1"]},{"metric":{"pod":"b"},"value":[1,"2"]}]}}"#)
            case "missing": .respond(status: 200, body: #"{"status":"success","data":{"resultType":"vector","result":[]}}"#)
            case "gone": .respond(status: 200, body: #"{"status":"success","data":{"resultType":"vector","result":[]}}"#)
            default: .respond(status: 200, body: Self.vector(value: "7", at: 1_735_689_600))
            }
        }
        defer { server.stop() }
        var feed = try #require(PrometheusFeed(source: source(server.url), metrics: [
            PrometheusMetric(name: "errors", query: "by_pod"), PrometheusMetric(name: "rps", query: "rps"),
            PrometheusMetric(name: "latency", query: "missing"), PrometheusMetric(name: "saturation", query: "gone"),
        ], environment: [:]))
        let noSeries = "the query matched no series — check the metric name and labels, and that Prometheus still scrapes the target"
        #expect(await feed.pollOnce(now: now) == [
            .sample(MetricSample(name: "rps", value: 7, time: now)),
            .source(SourceReport(source: "prom", failure: #"prom: errors: the query matched 2 series ({pod="a"}, {pod="b"}), "#
                + "expected one — aggregate them (sum, max, avg) or select one by label; latency, saturation: \(noSeries)")),
        ])
        server.answer { _ in .respond(status: 200, body: Self.vector(value: "1", at: 1_735_689_600)) }
        #expect(await feed.pollOnce(now: now).last == .source(SourceReport(source: "prom")), "recovery is reported")
    }

    @Test func theTokenIsSentAsABearerHeaderAndNeverReported() async throws {
        let secret = "prom-t0ken-value"
        let server = try LocalHTTPServer { request in
            .respond(status: 401, body: "bad credentials: \(request.headers["authorization"] ?? "none")")
        }
        defer { server.stop() }
        var feed = try #require(PrometheusFeed(source: source(server.url, token: SecretReference(variable: "PROM_TOKEN")),
                                               metrics: [PrometheusMetric(name: "errors", query: "up")],
                                               environment: ["PROM_TOKEN": secret]))
        let events = await feed.pollOnce(now: now)
        #expect(server.requests.map { $0.headers["authorization"] } == ["Bearer \(secret)"])
        #expect(events == [.source(SourceReport(source: "prom",
                                                failure: "prom: errors: HTTP 401 (check the source's token): bad credentials: Bearer ${PROM_TOKEN}"))])
        #expect(!"\(events)".contains(secret))
    }

    @Test func anUnsetTokenVariableStopsTheQuery() async throws {
        let server = try LocalHTTPServer(status: 200, body: Self.vector(value: "1", at: 1))
        defer { server.stop() }
        var feed = try #require(PrometheusFeed(source: source(server.url, token: SecretReference(variable: "PROM_TOKEN")),
                                               metrics: [PrometheusMetric(name: "errors", query: "up")], environment: [:]))
        #expect(await feed.pollOnce(now: now) == [.source(SourceReport(source: "prom",
            failure: "prom: errors: the token variable PROM_TOKEN is not set — export it before starting warroom"))])
        #expect(server.requests.isEmpty)
    }

    @Test func aSlowServerIsATimeoutForEveryMetricAtOnce() async throws {
        let arrivals = Mutex<[ContinuousClock.Instant]>([])
        let server = try LocalHTTPServer { _ in
            arrivals.withLock { $0.append(.now) }
            return .silence
        }
        defer { server.stop() }
        // Ten metrics asked side by side arrive together; one after another, each would wait for the one before to
        // time out (1 s), nine seconds from first to last. Judged by when the server saw them, not by how long the
        // poll took, so a loaded machine that delays the whole poll cannot fail it, and no sequential feed can pass.
        let names = (0..<10).map { "m\($0)" }
        var feed = try #require(PrometheusFeed(source: source(server.url, timeout: 1),
                                               metrics: names.map { PrometheusMetric(name: $0, query: $0) }, environment: [:]))
        let started = ContinuousClock.now
        #expect(await feed.pollOnce(now: now)
                == [.source(SourceReport(source: "prom", failure: "prom: \(names.joined(separator: ", ")): no answer within 1s"))])
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(900), "the timeout is 1 s, took \(elapsed)")
        let seen = arrivals.withLock { $0 }
        #expect(seen.count == 10)
        if let first = seen.min(), let last = seen.max() {
            #expect(last - first < .milliseconds(4_500), "the queries run side by side, not one timeout after another")
        }
    }

    @Test func aRefusedConnectionIsReported() async throws {
        let (port, descriptor) = try LocalHTTPServer.refusingPort()
        defer { _ = close(descriptor) }
        var feed = try #require(PrometheusFeed(source: source("http://127.0.0.1:\(port)"),
                                               metrics: [PrometheusMetric(name: "errors", query: "up")], environment: [:]))
        #expect(await feed.pollOnce(now: now) == [.source(SourceReport(source: "prom",
            failure: "prom: errors: could not connect to http://127.0.0.1:\(port)/api/v1/query (connection refused, or host unreachable)"))])
    }

    @Test func historyIsARangeQueryOverTheBackfillSpan() async throws {
        let server = try LocalHTTPServer { _ in
            .respond(status: 200, body: #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1735689000,"1"],[1735689300,"2"]]}]}}"#)
        }
        defer { server.stop() }
        var feed = try #require(PrometheusFeed(source: source(server.url), metrics: [PrometheusMetric(name: "errors", query: "up")],
                                               backfill: PrometheusBackfill(span: 600, points: 20), environment: [:]))
        #expect(await feed.fillHistory(now: now) == [
            .sample(MetricSample(name: "errors", value: 1, time: Date(timeIntervalSince1970: 1_735_689_000))),
            .sample(MetricSample(name: "errors", value: 2, time: Date(timeIntervalSince1970: 1_735_689_300))),
            .source(SourceReport(source: "prom")),
        ])
        let request = try #require(server.requests.first)
        #expect(request.path == "/api/v1/query_range")
        #expect(request.query == ["query": "up", "start": "1735689000.000", "end": "1735689600.000", "step": "30.000"])

        feed.backfill = nil
        #expect(await feed.fillHistory(now: now) == [])
        #expect(server.requests.count == 1)
    }

    @Test func onlyPrometheusSourcesMakeAFeedAndABadURLIsReported() async throws {
        #expect(PrometheusFeed(source: MetricSource(name: "f", kind: .file(path: "/x", format: .json, fromStart: true)), metrics: []) == nil)
        var feed = try #require(PrometheusFeed(source: source("prometheus:9090"), metrics: [PrometheusMetric(name: "errors", query: "up")],
                                               environment: [:]))
        #expect(await feed.pollOnce(now: now) == [.source(SourceReport(source: "prom",
            failure: #"prom: errors: the source URL "prometheus:9090" is not an http:// or https:// URL"#))])
    }

    @Test func metricsReadingASourceComeFromThePlan() {
        let metrics = [
            MetricSpec(name: "errors", unit: .percent, baseline: nil, success: Bound(.below, 1), alert: Bound(.above, 2),
                       feed: .prometheus(source: "prom", query: "sum(rate(x[5m]))")),
            MetricSpec(name: "p99", unit: .milliseconds, baseline: nil, success: Bound(.below, 300), alert: Bound(.above, 500),
                       feed: .prometheus(source: "other", query: "p99")),
            MetricSpec(name: "rps", unit: .count, baseline: nil, success: Bound(.above, 1), alert: Bound(.below, 0), feed: .source("file", series: nil)),
        ]
        #expect(PrometheusMetric.reading(source: "prom", in: metrics) == [PrometheusMetric(name: "errors", query: "sum(rate(x[5m]))")])
    }

    /// The judge's cohort queries and the objectives' event counts are asked of their source too, each under its own
    /// series; a series asked for twice is asked for once.
    @Test func cohortAndObjectiveQueriesComeFromThePlan() {
        let cohorts = MetricCohorts(canary: .init(series: "errors:canary", query: #"sum(rate(x{track="canary"}[5m]))"#),
                                    baseline: .init(series: "errors:baseline", query: #"sum(rate(x{track="stable"}[5m]))"#))
        let metrics = [
            MetricSpec(name: "errors", unit: .percent, baseline: nil, success: Bound(.below, 1), alert: Bound(.above, 2),
                       feed: .prometheus(source: "prom", query: "sum(rate(x[5m]))"), cohorts: cohorts),
            MetricSpec(name: "lines", unit: .count, baseline: nil, success: Bound(.below, 1), alert: Bound(.above, 2),
                       feed: .source("file", series: nil),
                       cohorts: MetricCohorts(canary: .init(series: "lines_canary"), baseline: .init(series: "lines_stable"))),
        ]
        let slos = [
            SLOSpec(name: "checkout", objective: 0.999,
                    events: .init(good: "checkout:good", total: "checkout:total", source: "prom", goodQuery: "ok", totalQuery: "all"),
                    canary: .init(good: "checkout:canary:bad", countsBad: true, total: "checkout:canary:total", source: "prom",
                                  goodQuery: "bad_c", totalQuery: "all_c")),
            SLOSpec(name: "elsewhere", objective: 0.99,
                    events: .init(good: "elsewhere:good", total: "elsewhere:total", source: "other", goodQuery: "g", totalQuery: "t")),
            SLOSpec(name: "by_name", objective: 0.99, events: .init(good: "ok_series", total: "all_series")),
        ]
        let plan = Plan(release: ReleaseInfo(name: "svc", version: "1", owner: "", onCall: ""), strategy: .canary, stages: [],
                        metrics: metrics,
                        triggers: [], checklist: [], slos: slos)
        #expect(PrometheusMetric.reading(source: "prom", in: plan) == [
            PrometheusMetric(name: "errors", query: "sum(rate(x[5m]))"),
            PrometheusMetric(name: "errors:canary", query: #"sum(rate(x{track="canary"}[5m]))"#),
            PrometheusMetric(name: "errors:baseline", query: #"sum(rate(x{track="stable"}[5m]))"#),
            // An objective's counts: an empty answer is no events.
            PrometheusMetric(name: "checkout:good", query: "ok", countsEvents: true),
            PrometheusMetric(name: "checkout:total", query: "all", countsEvents: true),
            PrometheusMetric(name: "checkout:canary:bad", query: "bad_c", countsEvents: true),
            PrometheusMetric(name: "checkout:canary:total", query: "all_c", countsEvents: true),
        ])
        #expect(PrometheusMetric.reading(source: "other", in: plan).map(\.name) == ["elsewhere:good", "elsewhere:total"])
    }
}
