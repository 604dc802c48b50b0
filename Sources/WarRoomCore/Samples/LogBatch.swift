import Foundation

/// What one read of a log brought: every line counted, the newest kept whole.
///
/// A busy log, or the backlog read at start-up, brings thousands of lines at a time while the screen holds
/// ``lineCapacity``: the feed sends the count and error times of all of them and the text of the newest only,
/// instead of one event and one String per line (as lnav asks its sources only for the rows it shows).
public struct LogBatch: Sendable, Hashable {
    /// Most lines a batch carries as text, and the state keeps: what the logs pane can show, with room to scroll.
    public static let lineCapacity = 500
    /// Most error times a batch carries, and the state keeps: enough for the per-minute rate of a very busy log.
    public static let errorTimeCapacity = 10_000

    /// The newest lines read, oldest first; at most ``lineCapacity``.
    public var lines: [LogLine]
    /// How many lines were read, kept or not.
    public var lineCount: Int
    /// How many of them were errors.
    public var errorCount: Int
    /// The event times of the newest error lines, oldest first; at most ``errorTimeCapacity``.
    public var errorTimes: [Date]

    public init(lines: [LogLine] = [], lineCount: Int = 0, errorCount: Int = 0, errorTimes: [Date] = []) {
        self.lines = lines
        self.lineCount = lineCount
        self.errorCount = errorCount
        self.errorTimes = errorTimes
    }

    /// A batch of one line.
    public init(_ line: LogLine) {
        self.init(lines: [line], lineCount: 1, errorCount: line.level.isError ? 1 : 0,
                  errorTimes: line.level.isError ? [line.time] : [])
    }
}
