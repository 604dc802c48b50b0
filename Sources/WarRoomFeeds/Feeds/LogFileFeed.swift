import Foundation
import WarRoomCore

/// Follows a log file and turns each complete line into a `.log` event, plus a `.source` report whenever the
/// file goes missing or comes back, plus the samples of the plan's metrics derived from this log.
///
/// Starts near the end by default, like `tail -F`: the last few kilobytes for context, not yesterday's whole log.
public struct LogFileFeed {
    public let path: String
    private let tailer: FileTailer
    private var health: FeedHealth
    /// The plan's `errors:` pattern: matching lines count as errors whatever level they were written at.
    private let errorPattern: LinePattern?
    private var deriver: LogDeriver

    /// `name` is what reports and log lines call the source (the plan's log name); the path when nil.
    public init(path: String, name: String? = nil, startAtEnd: Bool = true, backlogBytes: Int = 16 * 1024,
                errorPattern: String? = nil, derived: LogDeriver = LogDeriver(metrics: [])) {
        self.path = path
        self.tailer = FileTailer(path: path, startAtEnd: startAtEnd, backlogBytes: backlogBytes)
        self.health = FeedHealth(source: name ?? path)
        self.errorPattern = errorPattern.flatMap(LinePattern.init)
        self.deriver = derived
    }

    /// One poll: every complete new line (with the derived samples its time completes), the derived samples up to
    /// `now`, then a report if health changed. Lines without a time are stamped `now`.
    public mutating func pollOnce(now: Date) -> [Event] {
        var events = read(now: now)
        events += deriver.flush(until: now).map(Event.sample)
        if let report = health.report(missing: tailer.isMissing) { events.append(.source(report)) }
        return events
    }

    /// Everything the file holds now, to its end, for a backtest: derived samples run up to the last line's time,
    /// not to the wall clock. Lines without a time of their own are stamped `undated`.
    public mutating func drain(undated: Date) -> [Event] {
        var events: [Event] = []
        var last: Date?
        while true {
            let chunk = read(now: undated)
            if chunk.isEmpty { break }
            events += chunk
            for case .log(let line) in chunk { last = max(last ?? line.time, line.time) }
        }
        if let last { events += deriver.flush(until: last).map(Event.sample) }
        return events
    }

    private mutating func read(now: Date) -> [Event] {
        let lines = tailer.poll().lines
        var events: [Event] = []
        events.reserveCapacity(lines.count)
        for text in lines {
            var line = LogLineParser.parse(text, source: health.source, arrival: now)
            if !line.level.isError, let errorPattern, errorPattern.matches(line.text) { line.level = .error }
            for sample in deriver.add(line) { events.append(.sample(sample)) }
            events.append(.log(line))
        }
        return events
    }

    /// Polls every `interval` until the task is cancelled.
    public func run(interval: Duration, now: @escaping @Sendable () -> Date, emit: @escaping @Sendable (Event) -> Void) async {
        var feed = self
        while !Task.isCancelled {
            for event in feed.pollOnce(now: now()) { emit(event) }
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}
