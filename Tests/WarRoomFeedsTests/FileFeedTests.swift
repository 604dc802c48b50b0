import Foundation
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomFeeds

@Suite struct FileFeedTests {
    let dir = TemporaryDirectory()
    let now = Date(timeIntervalSince1970: 2_000)

    @Test func metricFeedEmitsSamplesAndReportsMalformedLines() {
        let path = dir.file("metrics.jsonl")
        var feed = MetricFileFeed(path: path)
        #expect(feed.pollOnce(now: now) == [.source(SourceReport(source: path, failure: "waiting for \(path) to appear"))])
        #expect(feed.pollOnce(now: now) == [])

        dir.append(#"{"name":"error_rate","value":0.4}"# + "\n" + #"{"time":1795356187,"p99":212,"rps":1180}"# + "\n", to: "metrics.jsonl")
        #expect(feed.pollOnce(now: now) == [
            .sample(MetricSample(name: "error_rate", value: 0.4, time: now)),
            .sample(MetricSample(name: "p99", value: 212, time: Date(timeIntervalSince1970: 1_795_356_187))),
            .sample(MetricSample(name: "rps", value: 1180, time: Date(timeIntervalSince1970: 1_795_356_187))),
            .source(SourceReport(source: path)),
        ])

        dir.append(#"{"name":"error_rate","value":"high"}"# + "\n" + "\n", to: "metrics.jsonl")
        let report = SourceReport(source: path, malformedLines: 1,
                                  lastMalformed: #"column 30: value of 'error_rate' is not a number: {"name":"error_rate","value":"high"}"#)
        #expect(feed.pollOnce(now: now) == [.source(report)])
        // Same health, no new report.
        dir.append(#"{"name":"error_rate","value":0.5}"# + "\n", to: "metrics.jsonl")
        #expect(feed.pollOnce(now: now) == [.sample(MetricSample(name: "error_rate", value: 0.5, time: now))])
    }

    @Test func logFeedStartsNearTheEndAndReportsAMissingFile() throws {
        dir.append(String(repeating: "yesterday\n", count: 3000) + "recent line\n", to: "app.log")
        let path = dir.file("app.log")
        var feed = LogFileFeed(path: path)
        let first = feed.pollOnce(now: now)
        #expect(first.last == .source(SourceReport(source: path)))
        let batch = try #require(Self.batches(first).first)
        #expect(batch.lineCount > 100 && batch.lineCount < 2000, "the last 16 KiB for context, not the whole 30 KB file")
        #expect(batch.lines.last == LogLine(time: now, level: .unknown, text: "recent line", source: path))
        dir.append("2026-11-22T14:03:07Z ERROR upstream payments-gw timeout after 2000ms\nplain\n", to: "app.log")
        let errorTime = Date(timeIntervalSince1970: 1_795_356_187)
        #expect(feed.pollOnce(now: now) == [.logs(LogBatch(
            lines: [LogLine(time: errorTime, level: .error, text: "upstream payments-gw timeout after 2000ms", source: path),
                    LogLine(time: now, level: .unknown, text: "plain", source: path)],
            lineCount: 2, errorCount: 1, errorTimes: [errorTime]))])
        dir.remove("app.log")
        #expect(feed.pollOnce(now: now) == [.source(SourceReport(source: path, failure: "waiting for \(path) to appear"))])
        dir.append("back\n", to: "app.log")
        #expect(feed.pollOnce(now: now) == [.logs(LogBatch(LogLine(time: now, level: .unknown, text: "back", source: path))),
                                            .source(SourceReport(source: path))])
    }

    @Test func aBigReadCountsEveryLineAndKeepsTheNewestForTheScreen() throws {
        let count = AppState.logCapacity * 3
        dir.append((0..<count).map { $0 % 10 == 0 ? "ERROR line \($0)\n" : "INFO line \($0)\n" }.joined(), to: "app.log")
        var feed = LogFileFeed(path: dir.file("app.log"), startAtEnd: false, errorPattern: "line 7$")
        let batch = try #require(Self.batches(feed.pollOnce(now: now)).first)
        #expect(batch.lineCount == count)
        #expect(batch.lines.count == AppState.logCapacity)
        #expect(batch.lines.map(\.text) == (count - AppState.logCapacity..<count).map { "line \($0)" })
        #expect(batch.errorCount == count / 10 + 1, "every tenth line, and 'line 7' by the errors pattern")
        #expect(batch.errorSeconds.total == batch.errorCount)
    }

    @Test func aBacktestDrainGetsEveryLine() {
        let count = AppState.logCapacity * 2
        let text = { (index: Int) in "2026-11-22T14:00:\(String(format: "%02d", index % 60))Z INFO \(index)" }
        dir.append((0..<count).map { text($0) + "\n" }.joined(), to: "app.log")
        var feed = LogFileFeed(path: dir.file("app.log"), startAtEnd: false)
        let lines = feed.drain(undated: now).compactMap { if case .log(let line) = $0 { line } else { nil } }
        #expect(lines.map(\.text) == (0..<count).map { "\($0)" })
    }

    @Test func fixturesParse() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var metrics = MetricFileFeed(path: root.appendingPathComponent("fixtures/metrics/checkout-sample.jsonl").path)
        let metricEvents = metrics.pollOnce(now: now)
        let reports = metricEvents.compactMap { if case .source(let report) = $0 { report } else { nil } }
        #expect(reports.map(\.malformedLines) == [1])
        #expect(metricEvents.count > 30)

        var logs = LogFileFeed(path: root.appendingPathComponent("fixtures/logs/checkout-sample.log").path, startAtEnd: false)
        let lines = Self.batches(logs.pollOnce(now: now)).flatMap(\.lines)
        #expect(lines.count > 30)
        #expect(lines.contains { $0.text.contains("\u{1B}]52;c;ZWNobyBoaQ==\u{07}") })
        #expect(Set(lines.map(\.level)).isSuperset(of: [.debug, .info, .warn, .error]))
    }

    static func batches(_ events: [Event]) -> [LogBatch] {
        events.compactMap { if case .logs(let batch) = $0 { batch } else { nil } }
    }

    /// A log that grew by more than a read takes (a mebibyte) is read to its end at once, not a mebibyte an interval:
    /// at 50,000 lines a second a log grows by 6 MB a second, and a follower that waited between reads would fall
    /// ever further behind.
    @Test(.timeLimit(.minutes(1))) func aFollowerBehindReadsOnWithoutWaiting() async {
        let count = 40_000  // 3.6 MB: four reads
        dir.append((0..<count).map { "2026-11-22T14:00:00Z INFO a line of about ninety bytes, as a busy service writes them, number \($0)\n" }
            .joined(), to: "app.log")
        let feed = LogFileFeed(path: dir.file("app.log"), startAtEnd: false)
        let (stream, continuation) = AsyncStream<Event>.makeStream()
        // An hour between polls: only reads that do not wait can get through the file within the time limit.
        let task = Task { await feed.run(interval: .seconds(3600), now: { Date(timeIntervalSince1970: 5) }, emit: { continuation.yield($0) }) }
        var read = 0, batches = 0
        for await event in stream {
            guard case .logs(let batch) = event else { continue }
            read += batch.lineCount
            batches += 1
            if read >= count { break }
        }
        task.cancel()
        await task.value
        #expect(read == count)
        #expect(batches == 4)
    }

    @Test func runStopsWhenCancelled() async {
        dir.append(#"{"name":"x","value":1}"# + "\n", to: "m.jsonl")
        let feed = MetricFileFeed(path: dir.file("m.jsonl"))
        let (stream, continuation) = AsyncStream<Event>.makeStream()
        let task = Task { await feed.run(interval: .milliseconds(1), now: { Date(timeIntervalSince1970: 5) }, emit: { continuation.yield($0) }) }
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == .sample(MetricSample(name: "x", value: 1, time: Date(timeIntervalSince1970: 5))))
        task.cancel()
        await task.value
    }
}
