import Foundation

/// What one read of a log brought: every line counted, the newest kept whole.
///
/// A busy log, or the backlog read at start-up, brings thousands of lines at a time while the screen holds
/// ``lineCapacity``: the feed sends the count and errors per second of all of them and the text of the newest only,
/// instead of one event and one String per line (as lnav asks its sources only for the rows it shows).
public struct LogBatch: Sendable, Hashable {
    /// Most lines a batch carries as text, and the state keeps: what the logs pane can show, with room to scroll.
    public static let lineCapacity = 500

    /// The newest lines read, oldest first; at most ``lineCapacity``.
    public var lines: [LogLine]
    /// How many lines were read, kept or not.
    public var lineCount: Int
    /// How many of them were errors.
    public var errorCount: Int
    /// Every error line, counted per second of its time: what the per-minute rate needs, however many there are.
    public var errorSeconds: ErrorTally

    public init(lines: [LogLine] = [], lineCount: Int = 0, errorCount: Int = 0, errorSeconds: ErrorTally = ErrorTally()) {
        self.lines = lines
        self.lineCount = lineCount
        self.errorCount = errorCount
        self.errorSeconds = errorSeconds
    }

    /// A batch whose error lines are dated `errorTimes`.
    public init(lines: [LogLine] = [], lineCount: Int = 0, errorCount: Int = 0, errorTimes: [Date]) {
        self.init(lines: lines, lineCount: lineCount, errorCount: errorCount, errorSeconds: ErrorTally(errorTimes))
    }

    /// A batch of one line.
    public init(_ line: LogLine) {
        self.init(lines: [line], lineCount: 1, errorCount: line.level.isError ? 1 : 0,
                  errorTimes: line.level.isError ? [line.time] : [])
    }
}
