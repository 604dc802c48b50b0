import Foundation
import WarRoomCore

/// One log of a plan read for a backtest a chunk at a time, as the backtest asks for events: the derived samples
/// and the clock at each line's time, in the log's order, with a rotated `.1` first and one deriver across both so
/// the count runs on. Nothing but the current chunk is held.
///
/// A class so `RecordedStreams` can read its counts once the backtest has drained it through the merge.
public final class LogStream: IteratorProtocol {
    private let name: String
    private let errorPattern: String?
    private var files: [String]
    private var feed: LogFileFeed?
    private var deriver: LogDeriver
    private var buffer: [Backtest.Recorded] = []
    private var position = 0
    private var finished = false
    private let progress: (Int) -> Void
    /// Lines without a time of their own, left out.
    public private(set) var undated = 0

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

    public func next() -> Backtest.Recorded? {
        while position == buffer.count {
            guard refill() else { return nil }
        }
        defer { position += 1 }
        return buffer[position]
    }

    /// The next chunk into the buffer; false once every file is read and the last window judged.
    private func refill() -> Bool {
        buffer.removeAll(keepingCapacity: true)
        position = 0
        while true {
            if feed == nil {
                guard !files.isEmpty else { break }
                feed = LogFileFeed(path: files.removeFirst(), name: name, startAtEnd: false, backlogBytes: 0,
                                   errorPattern: errorPattern, derived: deriver)
            }
            if let chunk = feed?.nextChunk() {
                buffer = chunk.items
                undated += chunk.undated
                progress(chunk.bytes)
                return true
            }
            deriver = feed!.deriver
            feed = nil
        }
        guard !finished else { return false }
        finished = true
        // The window ending at the last line, so a burst in the log's last seconds is judged too.
        if let last = deriver.latestLine { buffer = deriver.finish(at: last).map(Backtest.Recorded.sample) }
        return !buffer.isEmpty
    }
}
