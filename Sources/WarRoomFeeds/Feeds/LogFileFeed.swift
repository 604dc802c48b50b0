import Foundation
import WarRoomCore

/// Follows a log file and turns each complete line into a `.log` event, plus a `.source` report whenever the
/// file goes missing or comes back.
///
/// Starts near the end by default, like `tail -F`: the last few kilobytes for context, not yesterday's whole log.
public struct LogFileFeed {
    public let path: String
    private let tailer: FileTailer
    private var health: FeedHealth

    public init(path: String, startAtEnd: Bool = true, backlogBytes: Int = 16 * 1024) {
        self.path = path
        self.tailer = FileTailer(path: path, startAtEnd: startAtEnd, backlogBytes: backlogBytes)
        self.health = FeedHealth(source: path)
    }

    /// One poll: every complete new line, then a report if health changed. Lines without a time are stamped `now`.
    public mutating func pollOnce(now: Date) -> [Event] {
        var events = tailer.poll().lines.map { Event.log(LogLineParser.parse($0, source: path, arrival: now)) }
        if let report = health.report(missing: tailer.isMissing) { events.append(.source(report)) }
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
