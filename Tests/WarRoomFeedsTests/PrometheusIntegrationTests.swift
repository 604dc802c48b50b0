import WarRoomTestSupport
import Foundation
import Testing
import WarRoomCore
@testable import WarRoomFeeds

/// PrometheusFeed against a real Prometheus (Debian's `prometheus` package) scraping an exporter this test serves,
/// all on 127.0.0.1. Skipped where Prometheus is not installed, except in CI, where its absence is a failure.
@Suite struct PrometheusIntegrationTests {
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static func exposition(errorRate: Double) -> String {
        """
        # TYPE warroom_test_error_rate gauge
        warroom_test_error_rate \(errorRate)
        # TYPE warroom_test_requests gauge
        warroom_test_requests{path="/a"} 1
        warroom_test_requests{path="/b"} 2

        """
    }

    static func exporterReply(errorRate: Double) -> LocalHTTPServer.Handler {
        { request in
            request.path == "/metrics"
                ? .respond(status: 200, body: exposition(errorRate: errorRate), contentType: "text/plain; version=0.0.4")
                : .respond(status: 404, body: "not found")
        }
    }

    func samples(_ events: [Event]) -> [MetricSample] { events.compactMap { if case .sample(let s) = $0 { s } else { nil } } }

    func reports(_ events: [Event]) -> [SourceReport] { events.compactMap { if case .source(let r) = $0 { r } else { nil } } }

    /// Polls (bounded) until the feed's first metric reads `expected`; returns every value seen on the way.
    func poll(_ feed: inout PrometheusFeed, until expected: Double, within limit: Duration) async throws -> [Double] {
        var seen: [Double] = []
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let values = samples(await feed.pollOnce(now: Date())).map(\.value)
            seen += values
            if values.last == expected { return seen }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("the feed never read \(expected) within \(limit); it read \(seen)")
        return seen
    }

    @Test(.enabled(if: PrometheusServer.binary != nil || inCI, "prometheus is not installed (scripts/install-deps installs it)"),
          .timeLimit(.minutes(2)))
    func readsARealPrometheus() async throws {
        let binary = try #require(PrometheusServer.binary,
                                  "CI=true but no prometheus binary on PATH or at /usr/bin/prometheus: run scripts/install-deps")
        let exporter = try LocalHTTPServer(handler: Self.exporterReply(errorRate: 0.25))
        defer { exporter.stop() }
        let prometheus = try PrometheusServer(binary: binary, scraping: "127.0.0.1:\(exporter.port)")
        defer { prometheus.stop() }
        try await prometheus.waitUntilReady(within: .seconds(30))

        let source = MetricSource(name: "prom", kind: .prometheus(url: prometheus.url, token: nil), interval: 1, timeout: 5)
        var feed = try #require(PrometheusFeed(source: source, metrics: [PrometheusMetric(name: "error_rate", query: "warroom_test_error_rate")],
                                               backfill: PrometheusBackfill(span: 60, points: 120), environment: [:]))

        // The first scrape lands within a second or two of readiness; until then the query matches no series.
        let before = try await poll(&feed, until: 0.25, within: .seconds(30))
        #expect(before.allSatisfy { $0 == 0.25 }, "no sample of any other value (never a 0 for 'no series'), got \(before)")

        // The sample carries the evaluation time Prometheus answered with, which is the time asked for.
        let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded() / 1000)
        let events = await feed.pollOnce(now: now)
        #expect(samples(events) == [MetricSample(name: "error_rate", value: 0.25, time: now)])

        // The exporter changes; within a few scrapes the feed reads the new value.
        exporter.answer(with: Self.exporterReply(errorRate: 0.75))
        let during = try await poll(&feed, until: 0.75, within: .seconds(15))
        #expect(Set(during).isSubset(of: [0.25, 0.75]), "only values the exporter served, got \(during)")

        // History: a range query over the last minute holds both values, oldest first.
        let history = samples(await feed.fillHistory(now: Date()))
        #expect(history.count >= 3, "a point every 0.5 s since the first scrape, got \(history.count)")
        #expect(history.first?.value == 0.25)
        #expect(history.last?.value == 0.75)
        #expect(Set(history.map(\.value)) == [0.25, 0.75])
        #expect(zip(history, history.dropFirst()).allSatisfy { $0.time < $1.time })
        #expect(history.allSatisfy { $0.name == "error_rate" })

        // Failures are reported per metric, with Prometheus's own reason, and give no sample; a good query beside them still does.
        var mixed = try #require(PrometheusFeed(source: source, metrics: [
            PrometheusMetric(name: "sum", query: "warroom_test_error_rate * 2 + 1"),
            PrometheusMetric(name: "bad", query: "sum(warroom_test_error_rate"),
            PrometheusMetric(name: "several", query: "warroom_test_requests"),
            PrometheusMetric(name: "absent", query: "warroom_test_absent"),
        ], environment: [:]))
        let mixedEvents = await mixed.pollOnce(now: Date())
        #expect(samples(mixedEvents).map(\.name) == ["sum"])
        #expect(samples(mixedEvents).first?.value == 2.5, "0.75 * 2 + 1: the + reached PromQL as a +")
        let failure = try #require(reports(mixedEvents).first?.failure)
        #expect(failure.hasPrefix("prom: bad: Prometheus refused the query (bad_data): "), "got: \(failure)")
        #expect(failure.contains("parse error"), "got: \(failure)")
        #expect(failure.contains(#"several: the query matched 2 series ({instance="127.0.0.1:\#(exporter.port)",job="exporter",path="/a"}"#),
                "got: \(failure)")
        #expect(failure.contains("absent: the query matched no series"), "got: \(failure)")
    }
}
