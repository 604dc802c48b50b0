import Foundation
import Testing
import WarRoomCore
@testable import WarRoomJournal
import WarRoomTestSupport

/// What the evaluator journals every second, through the real store: stored compactly, read back exactly, and
/// nothing in a log line can break the payload.
@Suite struct FeedDataEntryTests {
    static let time = Date(timeIntervalSince1970: 1_795_000_000.125)

    @Test func samplesAndLogLinesComeBackExactly() throws {
        let directory = TemporaryDirectory("feed-data")
        let journal = try Journal.open(path: directory.file("j.sqlite"), plan: Fixtures.plan)
        let samples = SampleBatch(samples: [MetricSample(name: "error_rate", value: 0.1 + 0.2, time: Self.time),
                                            MetricSample(name: "error_rate", value: -1e18, time: Self.time + 1),
                                            MetricSample(name: "health.ready", value: 1, time: Self.time + 0.5)],
                                  refusedFromFuture: ["error_rate": 3])
        let lines = HostileText.corpus.prefix(20).enumerated().map { index, text in
            // Eighths of a second: a Date keeps its time from 2001, so only binary fractions survive the trip exactly.
            LogLine(time: Self.time + Double(index) / 8, level: LogLevel.allCases[index % LogLevel.allCases.count],
                    text: text, source: "app")
        }
        let record = LogRecord(source: "app", lines: lines, lineCount: 45, errorCount: 4,
                               errorSeconds: ErrorTally(lines.filter(\.level.isError).map(\.time)))
        try journal.append(contentsOf: [
            JournalEntry(time: Self.time, actor: "warroom", session: "s1", event: .samplesRecorded(samples)),
            JournalEntry(time: Self.time, actor: "warroom", session: "s1", event: .logLines(record)),
        ])
        let read = try journal.entries().map(\.event)
        guard case .samplesRecorded(let back) = read[0], case .logLines(let backRecord) = read[1] else {
            Issue.record("not read back as written: \(read)"); return
        }
        // Decoded grouped by metric, in name order, each metric's samples in the order written.
        #expect(back.samples == [samples.samples[0], samples.samples[1], samples.samples[2]].sorted { $0.name < $1.name })
        #expect(back.refusedFromFuture == ["error_rate": 3])
        #expect(backRecord == record)
        #expect(backRecord.omitted == 25)
        let payload = try journal.storedEntries()[0].payload
        #expect(payload.contains(#""metrics":{"#), "samples are stored as pairs per metric: \(payload)")
    }

    /// A damaged batch (a pair that is not a pair) names the entry instead of crashing a fold.
    @Test func aDamagedBatchIsAnUndecodableEntry() throws {
        let directory = TemporaryDirectory("feed-data-damaged")
        let path = directory.file("j.sqlite")
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        try journal.queue.write { db in
            try db.execute(sql: "INSERT INTO events (time, actor, session, kind, payload) VALUES (1, 'w', 's', 'samples', ?)",
                           arguments: [#"{"samplesRecorded":{"_0":{"metrics":{"error_rate":[[1795000000]]}}}}"#])
        }
        #expect(throws: JournalError.self) { try journal.entries() }
    }
}
