import Foundation
import Testing
import WarRoomCore
import WarRoomTestSupport
@testable import WarRoomFeeds

/// What a file feed tells the state about its file: there but unreadable, lines lost to a truncation.
@Suite struct FileFeedHealthTests {
    let dir = TemporaryDirectory()
    let now = Date(timeIntervalSince1970: 2_000)

    static func lines(_ events: [Event]) -> [String] {
        events.flatMap { event -> [String] in
            switch event {
            case .logs(let batch): batch.lines.map(\.text)
            default: []
            }
        }
    }

    static func lineCount(_ events: [Event]) -> Int {
        events.reduce(0) { count, event in
            switch event {
            case .logs(let batch): count + batch.lineCount
            default: count
            }
        }
    }

    static func failures(_ events: [Event]) -> [String?] {
        events.compactMap { event -> String?? in
            switch event {
            case .source(let report): .some(report.failure)
            default: nil
            }
        }
    }

    @Test func aLogThatMayNotBeReadIsNotWaitedForButSaysWhy() {
        dir.append("before\n", to: "app.log")
        dir.chmod("app.log", 0)
        var feed = LogFileFeed(path: dir.file("app.log"), name: "app")
        #expect(Unprivileged.run { feed.pollOnce(now: now) }
                == [.source(SourceReport(source: "app", failure: "app is there but cannot be read (permission denied); retrying"))])
        #expect(Unprivileged.run { feed.pollOnce(now: now) } == [])
        dir.chmod("app.log", 0o644)
        let events = Unprivileged.run { feed.pollOnce(now: now) }
        #expect(Self.lines(events) == ["before"])
        #expect(Self.failures(events) == [nil], "recovered")
    }

    @Test func aDirectoryInPlaceOfALogSaysSo() {
        dir.makeDirectory("app.log")
        var feed = LogFileFeed(path: dir.file("app.log"), name: "app")
        #expect(Self.failures(feed.pollOnce(now: now)) == ["app is there but cannot be read (is a directory); retrying"])
        dir.removeDirectory("app.log")
        dir.append("hello\n", to: "app.log")
        let events = feed.pollOnce(now: now)
        #expect(Self.lines(events) == ["hello"])
        #expect(Self.failures(events) == [nil])
    }

    @Test func linesLostToATruncationAreReportedForAMinute() {
        var feed = LogFileFeed(path: dir.file("app.log"), name: "app", startAtEnd: false)
        dir.append("one\ntwo\n", to: "app.log")
        #expect(Self.lines(feed.pollOnce(now: now)) == ["one", "two"])
        dir.append("three\n", to: "app.log")  // written after our read; the copy is compressed at once
        dir.copy("app.log", to: "app.log.1.gz")
        dir.truncate("app.log")
        dir.append("four\n", to: "app.log")
        let failure = "app was truncated with no rotated copy beside it: any lines written since the last read are lost"
        #expect(feed.pollOnce(now: now) == [.source(SourceReport(source: "app", failure: failure))])
        let later = feed.pollOnce(now: now.addingTimeInterval(30))
        #expect(Self.lines(later) == ["four"])
        #expect(Self.failures(later) == [], "still the same report")
        #expect(Self.failures(feed.pollOnce(now: now.addingTimeInterval(60))) == [nil], "cleared a minute later")
    }

    @Test func theBytesKnownLostAreCounted() {
        // Behind by more than a poll's read: the feed knows how much the file held past what it read.
        var feed = LogFileFeed(path: dir.file("app.log"), name: "app", startAtEnd: false)
        dir.append(String(repeating: "x", count: 100) + "\n", to: "app.log")
        #expect(Self.lines(feed.pollOnce(now: now)).count == 1)
        dir.append(String(repeating: "y\n", count: 1_000_000), to: "app.log")
        #expect(Self.lineCount(feed.pollOnce(now: now)) == 524_288, "1 MiB of two-byte lines in one poll")
        dir.truncate("app.log")
        #expect(Self.failures(feed.pollOnce(now: now))
                == ["app was truncated with no rotated copy beside it: at least 951424 bytes are lost, and any lines written since the last read"])
    }

    @Test func whatATruncatedLogHeldIsReadFromItsCopy() {
        var feed = LogFileFeed(path: dir.file("app.log"), name: "app", startAtEnd: false)
        dir.append("one\ntwo\n", to: "app.log")
        _ = feed.pollOnce(now: now)
        dir.append("three\n", to: "app.log")
        dir.copy("app.log", to: "app.log.1")
        dir.truncate("app.log")
        dir.append("four\n", to: "app.log")
        let events = feed.pollOnce(now: now)
        #expect(Self.lines(events) == ["three"])
        #expect(Self.failures(events) == [])
        #expect(Self.lines(feed.pollOnce(now: now)) == ["four"])
    }

    @Test func aMetricFileRewrittenInPlaceIsNoLoss() {
        dir.append(#"{"name":"a","value":1}"# + "\n", to: "m.jsonl")
        var feed = MetricFileFeed(path: dir.file("m.jsonl"), name: "m")
        #expect(Self.failures(feed.pollOnce(now: now)) == [nil])
        dir.truncate("m.jsonl")
        dir.append(#"{"name":"a","value":2}"# + "\n", to: "m.jsonl")
        let events = feed.pollOnce(now: now)
        #expect(events == [.sample(MetricSample(name: "a", value: 2, time: now))], "read at once, and no report")
    }
}
