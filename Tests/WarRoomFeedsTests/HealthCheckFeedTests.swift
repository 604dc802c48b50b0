import WarRoomTestSupport
import Foundation
import Synchronization
import Testing
import WarRoomCore
@testable import WarRoomFeeds
#if canImport(Glibc)
import Glibc
#endif

@Suite struct HealthCheckFeedTests {
    let now = Date(timeIntervalSince1970: 5_000)

    func feed(_ url: String, statuses: ClosedRange<Int> = 200...299, bodyContains: String? = nil,
              token: SecretReference? = nil, timeout: TimeInterval = 2, environment: [String: String] = [:]) throws -> HealthCheckFeed {
        let check = HealthCheck(name: "api", kind: .readiness,
                                probe: .http(url: url, statuses: statuses, bodyContains: bodyContains, token: token),
                                interval: 1, timeout: timeout)
        return HealthCheckFeed(check: check, environment: environment)
    }

    func sample(_ value: Double) -> Event { .sample(MetricSample(name: "health.api", value: value, time: now)) }

    /// One check, each result read as the 0/1 sample it carries: what most of these tests are about.
    func samples(_ feed: inout HealthCheckFeed) async -> [Event] {
        await feed.checkOnce(now: now).map { event in
            switch event {
            case .health(let result): .sample(result.sample)
            default: event
            }
        }
    }

    /// One check's result, without its latency (the machine's, not the check's).
    func result(_ feed: inout HealthCheckFeed) async -> HealthResult? {
        for case .health(var result) in await feed.checkOnce(now: now) {
            #expect(result.latency.map { $0 >= 0 } == true, "every check made is timed")
            result.latency = nil
            return result
        }
        return nil
    }

    @Test func aResultSaysWhatTheCheckSaw() async throws {
        let server = try LocalHTTPServer(status: 503, body: "down for maintenance")
        defer { server.stop() }
        var http = try feed(server.url + "/ready")
        #expect(await result(&http) == HealthResult(check: "api", time: now, passed: false, answer: .http(status: 503),
                                                     reason: "HTTP 503, expected 200…299: down for maintenance"))
        var passing = commandCheck("exit 0")
        #expect(await result(&passing) == HealthResult(check: "api", time: now, passed: true, answer: .exit(status: 0)))
        var failing = commandCheck("exit 4")
        #expect(await result(&failing) == HealthResult(check: "api", time: now, passed: false, answer: .exit(status: 4),
                                                        reason: "exited with status 4"))
        var slow = commandCheck("sleep 5", timeout: 0.3)
        #expect(await result(&slow)?.answer == .timeout)
    }

    func report(_ failure: String?) -> Event { .source(SourceReport(source: "health.api", failure: failure.map { "health check api: " + $0 })) }

    @Test func anOKAnswerPassesAndASteadyStateReportsOnce() async throws {
        let server = try LocalHTTPServer(status: 200, body: "ok")
        defer { server.stop() }
        var feed = try feed(server.url + "/healthz")
        #expect(await samples(&feed) == [sample(1), report(nil)])
        #expect(await samples(&feed) == [sample(1)])
        #expect(server.requests.map(\.path) == ["/healthz", "/healthz"])
        #expect(server.requests.allSatisfy { $0.method == "GET" && $0.headers["authorization"] == nil })
    }

    @Test func anUnavailableServiceFailsWithItsStatusAndRecovers() async throws {
        let server = try LocalHTTPServer(status: 503, body: "down for maintenance\n<html>")
        defer { server.stop() }
        var feed = try feed(server.url + "/ready")
        #expect(await samples(&feed) == [sample(0), report("HTTP 503, expected 200…299: down for maintenance")])
        #expect(await samples(&feed) == [sample(0)], "a failure is a 0 sample on every check, the report only once")
        server.answer { _ in .respond(status: 200, body: "") }
        #expect(await samples(&feed) == [sample(1), report(nil)])
    }

    @Test func aBodyWithoutTheExpectedTextFails() async throws {
        let server = try LocalHTTPServer(status: 200, body: #"{"status":"STARTING"}"#)
        defer { server.stop() }
        var feed = try feed(server.url + "/health", bodyContains: #""status":"UP""#)
        #expect(await samples(&feed)
            == [sample(0), report(#"HTTP 200 but the body lacks ""status":"UP""; it starts "{"status":"STARTING"}""#)])
        server.answer { _ in .respond(status: 200, body: #"{"status":"UP","checks":[]}"#) }
        #expect(await samples(&feed) == [sample(1), report(nil)])
    }

    @Test func aStatusOutsideTheAcceptedOnesFailsEvenIfItIsASuccess() async throws {
        let server = try LocalHTTPServer(status: 200, body: "")
        defer { server.stop() }
        var feed = try feed(server.url, statuses: 204...204)
        #expect(await samples(&feed) == [sample(0), report("HTTP 200, expected 204")])
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let server = try LocalHTTPServer { _ in .silence }
        defer { server.stop() }
        var feed = try feed(server.url + "/ready", timeout: 0.5)
        let started = ContinuousClock.now
        #expect(await samples(&feed) == [sample(0), report("no answer within 0.5s")])
        let elapsed = ContinuousClock.now - started
        // The server never answers: only the check's own timeout can end it. The bound is loose because on two cores
        // the synchronous end-to-end tests can hold the async threads for seconds (4 s seen in CI).
        #expect(elapsed >= .milliseconds(400) && elapsed < .seconds(30), "bounded by the check's timeout, took \(elapsed)")
        #expect(server.requests.count == 1)
    }

    @Test func aRefusedConnectionFails() async throws {
        let (port, descriptor) = try LocalHTTPServer.refusingPort()
        defer { close(descriptor) }
        var feed = try feed("http://127.0.0.1:\(port)/ready")
        #expect(await samples(&feed)
            == [sample(0), report("could not connect to http://127.0.0.1:\(port)/ready (connection refused, or host unreachable)")])
    }

    @Test func aRedirectIsNotFollowed() async throws {
        let server = try LocalHTTPServer { request in
            request.path == "/old" ? .respond(status: 301, body: "", headers: ["Location": "/new"]) : .respond(status: 200, body: "ok")
        }
        defer { server.stop() }
        var feed = try feed(server.url + "/old")
        #expect(await samples(&feed) == [sample(0), report("HTTP 301, expected 200…299")])
        #expect(server.requests.map(\.path) == ["/old"])
    }

    @Test func theTokenIsSentAsABearerHeaderAndNeverReported() async throws {
        // The server echoes the header back, as some error pages do: the report must still not show the token.
        let server = try LocalHTTPServer { request in
            .respond(status: 401, body: "rejected \(request.headers["authorization"] ?? "nothing")")
        }
        defer { server.stop() }
        let secret = "s3cr3t-health-token"
        var feed = try feed(server.url + "/ready", token: SecretReference(variable: "HEALTH_TOKEN"),
                            environment: ["HEALTH_TOKEN": secret])
        let events = await samples(&feed)
        #expect(server.requests.first?.headers["authorization"] == "Bearer \(secret)")
        #expect(events == [sample(0), report("HTTP 401, expected 200…299: rejected Bearer ${HEALTH_TOKEN}")])
        #expect(!"\(events)".contains(secret))
    }

    @Test func anUnsetTokenVariableIsReportedWithoutASampleOrARequest() async throws {
        let server = try LocalHTTPServer(status: 200, body: "ok")
        defer { server.stop() }
        var feed = try feed(server.url, token: SecretReference(variable: "HEALTH_TOKEN"), environment: ["HEALTH_TOKEN": ""])
        #expect(await samples(&feed)
            == [report("the token variable HEALTH_TOKEN is not set — export it before starting warroom")])
        #expect(server.requests.isEmpty)
    }

    @Test func aURLThatIsNotHTTPIsReportedWithoutASample() async throws {
        var feed = try feed("ftp://127.0.0.1/health")
        #expect(await samples(&feed) == [report(#"the URL "ftp://127.0.0.1/health" is not an http:// or https:// URL"#)])
    }

    /// A minute unless the timeout is what a test is about: on a loaded two-core machine starting a shell can take
    /// seconds, and a check that timed out would be judged for the wrong reason.
    func commandCheck(_ line: String, timeout: TimeInterval = 60) -> HealthCheckFeed {
        HealthCheckFeed(check: HealthCheck(name: "api", kind: .smoke, probe: .command(line), interval: 10, timeout: timeout))
    }

    @Test func aCommandCheckPassesOnExitZeroAndFailsWithItsStatusAndFirstErrorLine() async {
        var feed = commandCheck("test -e /")
        #expect(await samples(&feed) == [sample(1), report(nil)])
        var failing = commandCheck("echo checking >&1; echo '  connection refused: db:5432' >&2; echo more >&2; exit 3")
        #expect(await samples(&failing) == [sample(0), report("exited with status 3: connection refused: db:5432")])
        #expect(await samples(&failing) == [sample(0)], "the report comes once, the 0 sample on every check")
    }

    @Test func aHungCommandCheckIsAFailureOnceItsTimeoutKillsIt() async {
        var feed = commandCheck("sleep 30", timeout: 0.3)
        let started = ContinuousClock.now
        #expect(await samples(&feed) == [sample(0), report("timed out after 0.3 s and was killed")])
        // The report says it was killed; this says it did not run its 30 s out, however loaded the machine.
        #expect(ContinuousClock.now - started < .seconds(29))
    }

    @Test func aCommandCheckThatPrintsTooMuchIsNotTakenForAPass() async {
        var feed = commandCheck("head -c 200000 /dev/zero")
        let events = await samples(&feed)
        #expect(!events.contains(sample(1)))
        #expect(events.contains { if case .source(let report) = $0 { report.failure?.contains("printed more than") == true } else { false } })
    }

    @Test func runChecksOnItsIntervalUntilCancelled() async throws {
        let server = try LocalHTTPServer(status: 200, body: "ok")
        defer { server.stop() }
        let check = HealthCheck(name: "api", probe: .http(url: server.url, statuses: 200...299, bodyContains: nil, token: nil),
                                interval: 0.1, timeout: 1)
        let feed = HealthCheckFeed(check: check, environment: [:])
        let collected = EventLog()
        let task = Task { await feed.run(now: { Date(timeIntervalSince1970: 1) }, emit: { collected.append($0) }) }
        // Bounded wait for a real server: three checks, ~0.1 s apart.
        for _ in 0..<100 where collected.events.count < 4 { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        await task.value
        let results = collected.events.filter { if case .health = $0 { true } else { false } }
        #expect(results.count >= 3)
        #expect(collected.events.filter { if case .source = $0 { true } else { false } }.count == 1)
    }
}

/// Collects what a running feed emits from its task, for the test to read.
private final class EventLog: Sendable {
    private let stored = Mutex<[Event]>([])

    func append(_ event: Event) { stored.withLock { $0.append(event) } }

    var events: [Event] { stored.withLock { $0 } }
}
