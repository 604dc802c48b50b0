import Foundation
import WarRoomCore

/// Follows a log file and turns what each poll reads into a `.logs` batch, plus a `.source` report whenever the
/// file goes missing, cannot be read, loses lines to a truncation, or comes back, plus the samples of the plan's
/// metrics derived from this log.
///
/// Starts near the end by default, like `tail -F`: the last few kilobytes for context, not yesterday's whole log.
public struct LogFileFeed {
    public let path: String
    private let tailer: FileTailer
    private var health: FeedHealth
    /// The minute the last line's time began with, so the next line's date is not worked out again.
    private var minutes = Timestamp.MinuteCache()
    /// The plan's `errors:` pattern: matching lines count as errors whatever level they were written at.
    private let errorPattern: LinePattern?
    /// Public to read only, so a backtest can carry it on from a rotated `.1` into the file itself.
    public private(set) var deriver: LogDeriver
    /// Lines dated at or before this were already read by a war room that evaluated before this one: they only
    /// refill the derived metrics' windows, and are neither sent nor counted again.
    private let skippingThrough: Date?
    /// True when the last read stopped short of the file's end: there is more to read at once.
    public private(set) var isBehind = false

    /// `name` is what reports and log lines call the source (the plan's log name); the path when nil.
    public init(path: String, name: String? = nil, startAtEnd: Bool = true, backlogBytes: Int = 16 * 1024,
                errorPattern: String? = nil, derived: LogDeriver = LogDeriver(metrics: []), skippingThrough: Date? = nil) {
        self.path = path
        self.skippingThrough = skippingThrough
        self.tailer = FileTailer(path: path, startAtEnd: startAtEnd, backlogBytes: backlogBytes)
        self.health = FeedHealth(source: name ?? path)
        self.errorPattern = errorPattern.flatMap(LinePattern.init)
        self.deriver = derived
    }

    /// One poll: what the new lines bring (as one ``LogBatch``), the derived samples up to `now`, then a report if
    /// health changed. Lines without a time are stamped `now`.
    public mutating func pollOnce(now: Date) -> [Event] {
        let got = read(now: now, keeping: LogBatch.lineCapacity)
        var events = got.samples.map(Event.sample)
        if got.batch.lineCount > 0 { events.append(.logs(got.batch)) }
        events += deriver.flush(until: now).map(Event.sample)
        if let report = health.report(file: tailer.availability, label: health.source, now: now) { events.append(.source(report)) }
        return events
    }

    /// Everything the file holds now, to its end, every line as a `.log` event, for a backtest: derived samples run
    /// up to the last line's time, not to the wall clock. Lines without a time of their own are stamped `undated`.
    public mutating func drain(undated: Date) -> [Event] {
        var events: [Event] = []
        var last: Date?
        while true {
            let got = read(now: undated, keeping: .max)
            guard got.batch.lineCount > 0 else { break }
            events += got.samples.map(Event.sample) + got.batch.lines.map(Event.log)
            for line in got.batch.lines { last = max(last ?? line.time, line.time) }
        }
        if let last { events += deriver.flush(until: last).map(Event.sample) }
        return events
    }

    /// The next chunk of the file for a backtest, which has no logs pane: in order, the derived samples each line's
    /// time completes and the line's time (the clock moving there, as it did when lines were played), and
    /// how many bytes and undated lines it held; nil at the end. A bounded chunk (the tailer's `maxBytesPerPoll`)
    /// and no line kept, so memory does not grow with the log. Lines without a time are left out: a backtest runs
    /// on event time. The last partial window is the caller's (`deriver.finish(at:)`): it may go on in another file.
    public mutating func nextChunk() -> (items: [Backtest.Recorded], bytes: Int, lines: Int, errors: Int, undated: Int)? {
        let got = read(now: nil, keeping: 0, clock: true)
        guard got.lines > 0 else { return nil }
        return (got.clock, got.bytes, got.batch.lineCount, got.batch.errorCount, got.lines - got.batch.lineCount)
    }

    /// One chunk's reading: the batch (lines kept, counts), the derived samples, and how much was read.
    private struct Reading {
        var batch: LogBatch
        var samples: [MetricSample] = []
        /// With `clock`: the derived samples and each line's time, in order.
        var clock: [Backtest.Recorded] = []
        /// Every line in the chunk, counted or not.
        var lines: Int
        var bytes = 0
    }

    /// Reads the new lines in place, counting every one and keeping the newest `keeping` as ``LogLine``s, and
    /// returns the derived samples their times complete. Lines without a time are stamped `now`, or, with no `now`
    /// (a backtest), neither derived nor counted.
    private mutating func read(now: Date?, keeping: Int, clock: Bool = false) -> Reading {
        let chunk = tailer.poll()
        isBehind = chunk.isPartial
        if let now { health.note(chunk.changes, at: now, appendOnly: true) }
        var result = Reading(batch: LogBatch(lineCount: chunk.lineCount), lines: chunk.lineCount)
        let keptFrom = max(0, chunk.lineCount - keeping)
        result.batch.lines.reserveCapacity(chunk.lineCount - keptFrom)
        // A clock item a line, and a few derived samples: reserved, so a chunk's list is not copied as it grows.
        if clock { result.clock.reserveCapacity(chunk.lineCount + chunk.lineCount / 64) }
        for index in 0..<chunk.lineCount {
            chunk.withLine(index) { bytes in
                result.bytes += bytes.count + 1
                let reading = LogLineParser.read(bytes, minutes: &minutes)
                guard let time = reading.time ?? now else {
                    result.batch.lineCount -= 1
                    return
                }
                // A JSON line's text is its message; any other line's, the line itself.
                var text = reading.message
                let derived = result.samples.count
                let level = text?.withUTF8 { take(time: time, level: reading.level, text: $0, into: &result.samples) }
                    ?? take(time: time, level: reading.level, text: bytes, into: &result.samples)
                if clock {
                    for sample in result.samples[derived...] { result.clock.append(.sample(sample)) }
                    result.clock.append(.clock(time))
                }
                if let skippingThrough, reading.time != nil, time <= skippingThrough {
                    result.batch.lineCount -= 1
                    return
                }
                if level.isError {
                    result.batch.errorCount += 1
                    result.batch.errorSeconds.add(time)
                }
                if index >= keptFrom {
                    result.batch.lines.append(LogLine(time: time, level: level, text: reading.text(of: bytes),
                                               source: health.source))
                }
            }
        }
        return result
    }

    /// One line's level once the errors pattern has had its say; the derived samples its time completes go into
    /// `samples`.
    private mutating func take(time: Date, level: LogLevel, text: UnsafeBufferPointer<UInt8>,
                               into samples: inout [MetricSample]) -> LogLevel {
        var level = level
        if !level.isError, errorPattern?.matches(text) == true { level = .error }
        let derived = deriver.add(time: time, level: level, text: text)
        if !derived.isEmpty { samples += derived }
        return level
    }

    /// Polls every `interval` until the task is cancelled; at once again while a read leaves more to read, so a log
    /// growing faster than a read a poll takes is followed as fast as it can be parsed.
    public func run(interval: Duration, now: @escaping @Sendable () -> Date, emit: @escaping @Sendable (Event) -> Void) async {
        var feed = self
        while !Task.isCancelled {
            for event in feed.pollOnce(now: now()) { emit(event) }
            if feed.isBehind {
                await Task.yield()
                continue
            }
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}
