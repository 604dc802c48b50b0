import Foundation
import WarRoomCore

/// Follows a file of JSON metric lines and turns it into `.sample` events, plus a `.source` report whenever its
/// health changes (file missing, more malformed lines).
///
/// Reads the file from its start by default: samples carry their own time, so history fills the charts.
public struct MetricFileFeed {
    public let path: String
    private let tailer: FileTailer
    private var health: FeedHealth

    public init(path: String, startAtEnd: Bool = false) {
        self.path = path
        self.tailer = FileTailer(path: path, startAtEnd: startAtEnd)
        self.health = FeedHealth(source: path)
    }

    /// One poll: the samples of every complete new line, then a report if health changed. Lines without their
    /// own time are stamped `now`.
    public mutating func pollOnce(now: Date) -> [Event] {
        let chunk = tailer.poll()
        var events: [Event] = []
        for line in chunk.lines {
            switch MetricLineParser.parse(line, arrival: now) {
            case .success(let samples): events += samples.map(Event.sample)
            case .failure(let error): health.malformed(line, because: error.description)
            }
        }
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
