import Foundation
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomFeeds

/// Log-derived metrics on a fixed grid of log time.
@Suite struct LogDeriverTests {
    let t0 = Date(timeIntervalSince1970: 1_795_356_000)  // on the 10 s grid

    func line(_ seconds: Double, _ level: LogLevel, _ text: String = "x") -> LogLine {
        LogLine(time: t0.addingTimeInterval(seconds), level: level, text: text, source: "app")
    }

    func values(_ samples: [MetricSample], _ name: String) -> [Double: Double] {
        Dictionary(samples.filter { $0.name == name }.map { ($0.time.timeIntervalSince(t0), $0.value) }) { $1 }
    }

    @Test func countsMatchingLinesPerWindowAndFallsBackToZero() {
        var deriver = LogDeriver(metrics: [("errors", LogDerivation(measure: .count, match: .level(.error), window: 60))])
        var samples: [MetricSample] = []
        for entry in [line(0, .error), line(5, .info), line(30, .fatal), line(31, .unknown), line(32, .warn)] {
            samples += deriver.add(entry)
        }
        samples += deriver.flush(until: t0.addingTimeInterval(100))
        let counts = values(samples, "errors")
        // The window is (t - 60s, t]: the error at 0 counts at 0…50 and has left by 60; FATAL counts as an error.
        #expect(counts[0] == 1)
        #expect(counts[30] == 2)
        #expect(counts[50] == 2)
        #expect(counts[60] == 1)
        #expect(counts[90] == 0, "the FATAL at 30 has left the window at 90")
        #expect(counts[100] == 0)
    }

    @Test func ratioIsTheShareOfAllLinesAndUnknownWithoutLines() {
        var deriver = LogDeriver(metrics: [("timeouts", LogDerivation(measure: .ratio, match: .pattern("time(d )?out"), window: 30))])
        var samples: [MetricSample] = []
        for entry in [line(1, .info, "GET / 200"), line(2, .error, "upstream timed out"), line(3, .warn, "timeout"),
                      line(4, .info, "GET / 200")] {
            samples += deriver.add(entry)
        }
        samples += deriver.flush(until: t0.addingTimeInterval(60))
        let shares = values(samples, "timeouts")
        #expect(shares[10] == 50)
        #expect(shares[30] == 50)
        #expect(shares[40] == nil, "no line in the window: the share is unknown, so no sample")
    }

    /// A live tail and a backtest see the same lines in different chunks; the series must be the same.
    @Test func theSameLinesGiveTheSameSeriesHoweverTheyArrive() {
        let derivation = LogDerivation(measure: .count, match: .level(.warn), window: 20)
        let lines = (0..<50).map { line(Double($0 * 7), $0 % 3 == 0 ? .warn : .info) }
        var live = LogDeriver(metrics: [("warns", derivation)]), batch = LogDeriver(metrics: [("warns", derivation)])
        var liveSamples: [MetricSample] = [], batchSamples: [MetricSample] = []
        for (index, entry) in lines.enumerated() {
            liveSamples += live.add(entry)
            if index % 5 == 0 { liveSamples += live.flush(until: entry.time) }  // polls land anywhere
            batchSamples += batch.add(entry)
        }
        let end = t0.addingTimeInterval(400)
        liveSamples += live.flush(until: end)
        batchSamples += batch.flush(until: end)
        #expect(liveSamples == batchSamples)
        #expect(Set(liveSamples.map(\.time)).count == liveSamples.count, "one sample per grid point")
    }

    @Test func aLongSilenceCostsFewSamples() {
        var deriver = LogDeriver(metrics: [("errors", LogDerivation(measure: .count, match: .level(.error), window: 60))])
        _ = deriver.add(line(0, .error))
        let samples = deriver.flush(until: t0.addingTimeInterval(24 * 3600))
        #expect(samples.count < 12)
        #expect(samples.last?.value == 0)
        #expect(samples.last?.time == t0.addingTimeInterval(24 * 3600))
    }

    /// Through the real feed: the plan's `errors:` pattern makes a line an error, and derived samples follow.
    @Test func logFileFeedAppliesTheErrorPatternAndDerives() {
        let directory = TemporaryDirectory()
        directory.append("""
            2026-11-22T14:00:01Z INFO started
            2026-11-22T14:00:02Z INFO worker panic: nil map
            2026-11-22T14:00:12Z ERROR upstream timeout
            2026-11-22T14:00:25Z INFO GET / 200

            """, to: "app.log")
        var feed = LogFileFeed(path: directory.file("app.log"), name: "app", startAtEnd: false, errorPattern: "panic",
                               derived: LogDeriver(metrics: [("errors", LogDerivation(measure: .count, match: .level(.error), window: 60))]))
        let events = feed.drain(undated: t0)
        let lines = events.compactMap { if case .log(let line) = $0 { line } else { nil } }
        #expect(lines.map(\.level) == [.info, .error, .error, .info])
        #expect(lines.allSatisfy { $0.source == "app" })
        let counts = events.compactMap { if case .sample(let sample) = $0 { sample } else { nil } }
        #expect(counts.map(\.value) == [1, 2], "at 14:00:10 the panic; at 14:00:20 the timeout too; drain stops at the last line")
    }

    /// A war room taking over a log reads back into lines an earlier evaluator already journaled: they refill the
    /// derived windows, and are neither sent nor counted again.
    @Test func linesAnEarlierEvaluatorReadOnlyRefillTheDerivedWindows() throws {
        let directory = TemporaryDirectory("derive-resume")
        directory.append("""
            2026-11-22T14:00:01Z ERROR first
            2026-11-22T14:00:02Z ERROR second
            2026-11-22T14:00:12Z ERROR third, after the takeover

            """, to: "app.log")
        let readThrough = try #require(Timestamp.parse("2026-11-22T14:00:02Z"))
        var feed = LogFileFeed(path: directory.file("app.log"), name: "app", startAtEnd: true, backlogBytes: 1 << 20,
                               derived: LogDeriver(metrics: [("errors", LogDerivation(measure: .count, match: .level(.error), window: 60))]),
                               skippingThrough: readThrough)
        let events = feed.pollOnce(now: readThrough.addingTimeInterval(20))
        let batches = events.compactMap { if case .logs(let batch) = $0 { batch } else { nil } }
        #expect(batches.flatMap(\.lines).map(\.text) == ["third, after the takeover"])
        #expect(batches.map(\.lineCount) == [1] && batches.map(\.errorCount) == [1])
        let counts = events.compactMap { if case .sample(let sample) = $0 { sample.value } else { nil } }
        #expect(counts == [2, 3], "the window still holds the two errors read before: 14:00:10 and 14:00:20")
    }
}
