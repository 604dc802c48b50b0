import Foundation
import WarRoomCore

/// One log of a plan read for a backtest a chunk at a time, as the backtest asks for events: the derived samples
/// and the clock at each line's time, in the log's order, with a rotated `.1` first and one deriver across both so
/// the count runs on. Nothing but the current chunk is held, and it is handed over whole (``Backtest/Merge`` takes
/// chunks), not an item at a time.
///
/// A class so `RecordedStreams` can read its counts once the backtest has drained it through the merge.
public final class LogStream: IteratorProtocol {
    private let name: String
    private let errorPattern: String?
    private var files: [String]
    private var feed: LogFileFeed?
    private var deriver: LogDeriver
    private var finished = false
    private let progress: (Int) -> Void
    /// Lines without a time of their own, left out.
    public private(set) var undated = 0
    /// Lines read with a time, and how many of them were errors (ERROR and above, or the log's errors pattern).
    public private(set) var lines = 0
    public private(set) var errors = 0

    /// `progress` is told how many more bytes were read after each chunk.
    init(log: LogSpec, files: [String], plan: Plan, progress: @escaping (Int) -> Void) {
        self.name = log.name
        self.errorPattern = log.errorPattern
        self.files = files
        self.deriver = LogDeriver(metrics: plan.derivedMetrics(ofLog: log.name))
        self.progress = progress
    }

    /// Lines dated before a derived sample already taken (a log far out of time order).
    public var lateLines: Int { deriver.lateLines }

    /// The next chunk's items (possibly none, for a chunk of undated lines); nil once every file is read and the
    /// last window judged.
    public func next() -> [Backtest.Recorded]? {
        while true {
            if feed == nil {
                guard !files.isEmpty else { break }
                feed = LogFileFeed(path: files.removeFirst(), name: name, startAtEnd: false, backlogBytes: 0,
                                   errorPattern: errorPattern, derived: deriver)
            }
            if let chunk = feed?.nextChunk() {
                undated += chunk.undated
                lines += chunk.lines
                errors += chunk.errors
                progress(chunk.bytes)
                return chunk.items
            }
            deriver = feed!.deriver
            feed = nil
        }
        guard !finished else { return nil }
        finished = true
        // The window ending at the last line, so a burst in the log's last seconds is judged too.
        guard let last = deriver.latestLine else { return nil }
        return deriver.finish(at: last).map(Backtest.Recorded.sample)
    }
}
