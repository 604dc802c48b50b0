import Foundation
import Testing
import WarRoomCore
@testable import WarRoomFeeds
import WarRoomTestSupport

/// `evaluate` reads a log a chunk at a time for its derived metrics only; the backtest must judge exactly as it did
/// when every line was loaded, dated and sorted first.
@Suite struct RecordedStreamsTests {
    final class Chunks: @unchecked Sendable { var bytes: [Int] = [] }

    let t0 = Date(timeIntervalSince1970: 1_795_356_000)  // 2026-11-22T14:00:00Z

    func plan(log: String, metrics file: String? = nil) throws -> Plan {
        let errors = LogDerivation(measure: .count, match: .level(.error), window: 60)
        return Plan(release: ReleaseInfo(name: "svc", version: "1", owner: "", onCall: ""), strategy: .canary,
                    stages: [Stage(name: "A", traffic: 10, minDuration: 0, gateMetrics: ["log_errors"])],
                    metrics: [MetricSpec(name: "log_errors", unit: .count, baseline: nil, success: Bound(.below, 6),
                                         alert: Bound(.above, 20), feed: .log("app", errors)),
                              MetricSpec(name: "error_rate", unit: .percent, baseline: nil, success: Bound(.below, 1),
                                         alert: Bound(.above, 2))],
                    triggers: [try TriggerRule(parsing: "log_errors > 20 for 5m")],
                    logs: [LogSpec(name: "app", path: log)],
                    sources: file.map { [MetricSource(name: "app", kind: .file(path: $0, format: .json, fromStart: true))] } ?? [],
                    checklist: [])
    }

    /// 40,000 lines, one every 50 ms (2.6 MB, three of the tailer's 1 MB chunks, cut mid-window), with a burst of
    /// errors from T+10m to T+20m.
    func writeLog(in directory: TemporaryDirectory) -> String {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var text = ""
        for index in 0..<40_000 {
            let time = t0.addingTimeInterval(Double(index) * 0.05)
            let minute = index / 1200
            let level = (10..<20).contains(minute) ? (index % 2 == 0 ? "ERROR" : "INFO") : (index % 100 == 0 ? "ERROR" : "INFO")
            text += "\(format.string(from: time)) \(level) GET /api/orders/\(index) 200 12ms\n"
        }
        directory.append(text, to: "app.log")
        return directory.file("app.log")
    }

    @Test func aLogReadInChunksIsJudgedAsWhenEveryLineWasLoaded() throws {
        let directory = TemporaryDirectory("recorded-chunks")
        let path = writeLog(in: directory)
        let plan = try plan(log: path)

        // Before: every line a `LogLine`, sorted, derived one by one, and played with the samples.
        var whole = LogFileFeed(path: path, name: "app", startAtEnd: false, backlogBytes: 0)
        let lines = whole.drain(undated: .distantPast).compactMap { if case .log(let line) = $0 { line } else { nil } }
        var deriver = LogDeriver(metrics: plan.derivedMetrics(ofLog: "app"))
        var samples = lines.sorted { $0.time < $1.time }.flatMap { deriver.add($0) }
        samples += deriver.finish(at: lines.map(\.time).max()!)
        let before = Backtest.run(plan: plan, events: lines.map(Event.log) + samples.map(Event.sample), t0: t0)

        let chunks = Chunks()
        var recorded = RecordedStreams(plan: plan)
        let after = Backtest.run(plan: plan, ordered: recorded.events { chunks.bytes.append($0) }, t0: t0)

        #expect(chunks.bytes.count >= 3, "read in bounded chunks")
        #expect(chunks.bytes.reduce(0, +) == RecordedStreams.logSize(of: plan))
        #expect(recorded.events().compactMap { if case .sample(let sample) = $0 { sample } else { nil } } == samples,
                "the same derived series")
        #expect(recorded.first == samples.first?.time)
        #expect(after.transitions == before.transitions)
        #expect(after.outcome == before.outcome)
        #expect(after.fired.map(\.rule) == ["log_errors > 20 for 5m"])
        #expect(recorded.notes.isEmpty)
    }

    /// A metric file out of time order is the one stream sorted, and the note says so.
    @Test func aMetricFileOutOfOrderIsSortedAloneAndNoted() throws {
        let directory = TemporaryDirectory("recorded-order")
        directory.append("""
            {"time": "2026-11-22T14:00:20Z", "error_rate": 0.3}
            {"time": "2026-11-22T14:00:10Z", "error_rate": 0.2}
            {"time": "2026-11-22T14:00:30Z", "error_rate": 0.4}

            """, to: "metrics.jsonl")
        directory.append("2026-11-22T14:00:15Z ERROR boom\n", to: "app.log")
        var recorded = RecordedStreams(plan: try plan(log: directory.file("app.log"), metrics: directory.file("metrics.jsonl")))
        #expect(recorded.files[0].map(\.value) == [0.2, 0.3, 0.4])
        let times = recorded.events().map(\.time)
        #expect(times == times.sorted())
        #expect(recorded.notes == ["source 'app': samples not in time order, sorted"])
    }
}
