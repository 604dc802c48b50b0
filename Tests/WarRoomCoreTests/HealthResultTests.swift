import Foundation
import Testing
@testable import WarRoomCore

/// A health check's results travel in the journal with what each check saw, so every war room, a restart and a
/// replay show the same row and explanation; a journal from before still loads and shows pass or fail.
@Suite struct HealthResultTests {
    static let ready = HealthCheck(name: "ready", kind: .readiness,
                                   probe: .http(url: "http://canary:8080/health/ready", statuses: 200...299, bodyContains: nil, token: nil),
                                   interval: 10, timeout: 2, failureThreshold: 3)

    func plan() throws -> Plan {
        var plan = try Fixture.plan()
        plan.healthChecks = [Self.ready]
        plan.triggers.append(try TriggerRule(parsing: "health.ready fails 3 consecutive"))
        return plan
    }

    func result(_ seconds: TimeInterval, passed: Bool, status: Int, milliseconds: Double) -> HealthResult {
        HealthResult(check: "ready", time: Fixture.t0.addingTimeInterval(seconds), passed: passed, answer: .http(status: status),
                     latency: milliseconds / 1000, reason: passed ? nil : "HTTP \(status), expected 200…299: draining")
    }

    /// One pass, then two failures, each judged by the evaluator at its second.
    func harness() throws -> Fixture.Harness {
        var harness = Fixture.Harness(plan: try plan())
        harness.send(.intent(.start, actor: "sam"))
        for (seconds, passed, status, ms) in [(10.0, true, 200, 11.0), (20, false, 503, 12), (30, false, 503, 2000)] {
            harness.send(.tick(Fixture.t0.addingTimeInterval(seconds)))
            harness.send(.health(result(seconds, passed: passed, status: status, milliseconds: ms)))
        }
        harness.send(.tick(Fixture.t0.addingTimeInterval(38)))
        return harness
    }

    @Test func theRowComesFromTheJournal() throws {
        let harness = try harness()
        let reading = harness.state.healthReading(of: Self.ready)
        #expect(reading.status == .failing)
        #expect(reading.failureText == "2/3 fails")
        #expect(reading.last == result(30, passed: false, status: 503, milliseconds: 2000))
        #expect(reading.age == 8)
        #expect(reading.reason == "HTTP 503, expected 200…299: draining")
        #expect(harness.state.triggers["health.ready fails 3 consecutive"]?.isPending == true)

        // Another war room folds the journal as stored (JSON) and shows the same row.
        let stored = try JSONDecoder().decode([JournalEntry].self, from: JSONEncoder().encode(harness.journal))
        var watcher = AppState(plan: try plan(), session: "s2", now: Fixture.t0)
        for entry in stored { _ = watcher.apply(.recorded(entry)) }
        _ = watcher.apply(.tick(Fixture.t0.addingTimeInterval(38)))
        #expect(watcher.healthReading(of: Self.ready) == reading)
        #expect(watcher.explanation(of: "health.ready") == harness.state.explanation(of: "health.ready"))
    }

    @Test func aResultIsJournaledBesideItsSampleAndShort() throws {
        let batch = SampleBatch(samples: [result(20, passed: false, status: 503, milliseconds: 12.4).sample],
                                checks: [result(20, passed: false, status: 503, milliseconds: 12.4)])
        let text = String(decoding: try JSONEncoder().encode(batch), as: UTF8.self)
        #expect(text.contains(#""http":503"#) && text.contains(#""ms":12"#) && text.contains(#""ok":false"#))
        let decoded = try JSONDecoder().decode(SampleBatch.self, from: Data(text.utf8))
        #expect(decoded.checks.first?.answer == .http(status: 503))
        #expect(decoded.checks.first?.latency == 0.012)
    }

    @Test func aJournalFromBeforeResultsStillLoadsAndShowsPassOrFail() throws {
        let old = #"{"metrics":{"health.ready":[[1795000010,1],[1795000020,0]]}}"#
        let batch = try JSONDecoder().decode(SampleBatch.self, from: Data(old.utf8))
        #expect(batch.checks.isEmpty)
        var state = AppState(plan: try plan(), session: "s1", now: Fixture.t0)
        _ = state.apply(.recorded(JournalEntry(seq: 1, time: Fixture.t0.addingTimeInterval(20), actor: "warroom", session: "s0",
                                               event: .samplesRecorded(batch))))
        _ = state.apply(.recorded(JournalEntry(seq: 2, time: Fixture.t0.addingTimeInterval(20), actor: "warroom", session: "s0",
                                               event: .sourceReported(SourceReport(source: "health.ready",
                                                                                   failure: "health check ready: HTTP 503, expected 200…299")))))
        let reading = state.healthReading(of: Self.ready)
        #expect(reading.status == .failing && reading.last == nil && reading.failures == 1)
        #expect(reading.reason == "HTTP 503, expected 200…299")
    }

    @Test func aCheckNotHeardFromIsStaleThenNoDataBeforeAny() throws {
        var harness = try harness()
        #expect(harness.state.healthReading(of: Self.ready).status == .failing)
        harness.send(.tick(Fixture.t0.addingTimeInterval(30 + Self.ready.staleAfter + 1)))
        #expect(harness.state.healthReading(of: Self.ready).status == .stale)
        #expect(AppState(plan: try plan(), session: "s", now: Fixture.t0).healthReading(of: Self.ready).status == .noData)
    }

    @Test func explainingACheckSaysWhatItChecksItsResultsAndItsRule() throws {
        let lines = try harness().state.explanation(of: "health.ready")
        #expect(lines == [
            "health.ready (readiness) is FAILING: 2 failures in a row, 3 fail its rule.",
            "GET http://canary:8080/health/ready, every 10s, timeout 2s; passes on HTTP 200…299.",
            "Last check 8s ago (✗ HTTP 503 2.0s); STALE once older than 22s.",
            "Failing: HTTP 503, expected 200…299: draining.",
            "Last 3 results, oldest first: ✓ HTTP 200 11ms · ✗ HTTP 503 12ms · ✗ HTTP 503 2.0s.",
            "Trigger health.ready fails 3 consecutive: PENDING since T+20s; 2 consecutive failures so far.",
        ])
    }

    @Test func aBacktestSaysWhichChecksItCouldNotReplay() throws {
        let backtest = Backtest.run(plan: try plan(), events: (0..<30).map { minute in
            .sample(MetricSample(name: "error_rate", value: 0.3, time: Fixture.t0.addingTimeInterval(Double(minute) * 60)))
        }, t0: Fixture.t0)
        #expect(backtest.unreplayedChecks == ["ready"])
        #expect(backtest.report.contains("  health checks not replayed: ready (no recorded results)\n"))
        #expect(backtest.jsonLines().contains(#""unreplayedChecks":["ready"]"#))

        let replayed = Backtest.run(plan: try plan(), events: [.health(result(10, passed: true, status: 200, milliseconds: 5))], t0: Fixture.t0)
        #expect(replayed.unreplayedChecks.isEmpty)
        #expect(!replayed.report.contains("not replayed"))
    }
}
