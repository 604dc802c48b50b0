import Foundation
import WarRoomCore

/// Follows a metric file in any ``MetricFormat`` and turns it into `.sample` events, plus a `.source` report
/// whenever its health changes (file missing or unreadable, lines lost to a truncation, more malformed lines).
///
/// Reads the file from its start by default: samples carry their own time, so history fills the charts.
public struct MetricFileFeed {
    public let path: String
    public let format: MetricFormat
    private let tailer: FileTailer
    private var parser: MetricParser
    private var health: FeedHealth
    private let renames: [String: String]
    /// A CSV file followed from its end has its header above where reading starts: fetch it at the first poll.
    private var headerFromTop: Bool

    /// - Parameters:
    ///   - name: what reports call the source (the plan's source name); the path when nil.
    ///   - renames: `[series: metric]`, so a plan metric reading `series:` gets samples under its own name;
    ///     other names pass unchanged.
    public init(path: String, name: String? = nil, format: MetricFormat = .json, startAtEnd: Bool = false,
                renames: [String: String] = [:]) {
        self.path = path
        self.format = format
        self.tailer = FileTailer(path: path, startAtEnd: startAtEnd)
        self.parser = MetricParser(format: format)
        self.health = FeedHealth(source: name ?? path)
        self.renames = renames
        self.headerFromTop = startAtEnd && format == .csv
    }

    /// One poll: the samples of every complete new line, then a report if health changed. Lines without their
    /// own time are stamped `now`.
    public mutating func pollOnce(now: Date) -> [Event] {
        var chunk = tailer.poll()
        if headerFromTop {
            // Only a file there at the first poll is read from its end; one that appears later is read whole.
            headerFromTop = false
            if tailer.availability == .readable, parser.awaitsHeader, let header = FileTailer.firstLine(of: path) {
                read(header, now: now)
            }
        }
        var events: [Event] = []
        // A poll stops at a truncation: its lines are the old content, and the next poll the new start, header
        // included. That one follows at once (once: a file truncated at every poll must not hold the feed).
        for attempt in 0..<2 {
            for line in chunk.lines { events += read(line, now: now) }
            health.note(chunk.changes, at: now, appendOnly: false)
            guard chunk.changes.contains(.truncated) else { break }
            parser.restart()
            guard attempt == 0 else { break }
            chunk = tailer.poll()
        }
        if let report = health.report(file: tailer.availability, label: path, now: now) { events.append(.source(report)) }
        return events
    }

    @discardableResult
    private mutating func read(_ line: String, now: Date) -> [Event] {
        switch parser.parse(line, arrival: now) {
        case .success(let samples):
            return samples.map { .sample($0.renamed(by: renames)) }
        case .failure(let error):
            health.malformed(line, because: error.description)
            return []
        }
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
