import Foundation
import WarRoomCore

/// A plan's file sources and logs, for a backtest: every sample with its own time, one stream per source in time
/// order, log-derived metrics computed on the way, and a note for everything that could not be read.
///
/// Metric files are small (thousands of samples) and read whole; a file out of time order is sorted alone, and
/// said so. A backtest has no logs pane, so a log is read only as ``events()`` asks, a bounded chunk at a time, for
/// its derived samples and its lines' times, and no line is kept: memory does not grow with the log. The streams
/// are merged in time order without sorting the whole.
///
/// A rotated predecessor (`app.log.1`, logrotate's name) is read before the file itself, so a rotation in the
/// middle of the recording is one continuous stream. Commands and Prometheus are not run: a backtest replays what
/// was recorded, so their metrics have no data (and the result says it is inconclusive).
public struct RecordedStreams {
    /// Each file source's samples, in time order, in the plan's order.
    public private(set) var files: [[MetricSample]] = []
    /// The plan's log files (a log of pods has no recording to read).
    private var logs: [(spec: LogSpec, path: String, files: [String])] = []
    private let plan: Plan
    private var streams: [LogStream] = []
    private var notesSoFar: [String] = []

    /// Samples and lines without a time of their own get this one and are then dropped and counted: a backtest
    /// runs on event time, and an arrival time means nothing in a recording.
    private static let undated = Date(timeIntervalSince1970: 0)

    public init(plan: Plan) {
        self.plan = plan
        for source in plan.sources { read(source) }
        for log in plan.logs {
            switch log.source {
            case .file(let path):
                let files = Self.files(path)
                if files.isEmpty { notesSoFar.append("log '\(log.name)': \(path) does not exist") }
                logs.append((log, path, files))
            case .pods:
                notesSoFar.append("log '\(log.name)' follows pods, which evaluate does not run; metrics counted from it have no data")
            }
        }
    }

    /// Every sample and every log line's time, in time order; once, since the logs are read as it goes.
    /// `progress` is told how many more bytes of log were read after each chunk.
    public mutating func events(progress: @escaping (Int) -> Void = { _ in }) -> Backtest.Merge {
        streams = logs.map { LogStream(log: $0.spec, files: $0.files, plan: plan, progress: progress) }
        let files = files.map { samples in
            var chunks = [samples.map(Backtest.Recorded.sample)].makeIterator()
            return AnyIterator { chunks.next() }
        }
        return Backtest.Merge(chunks: files + streams.map { AnyIterator($0) })
    }

    /// What a person should know about the input: skipped sources, malformed and undated lines, missing files.
    /// Complete once ``events(progress:)`` has been read to its end.
    public var notes: [String] {
        notesSoFar + zip(logs, streams).flatMap { log, stream in
            var notes: [String] = []
            if stream.undated > 0 {
                notes.append("\(log.path): \(stream.undated) line\(stream.undated == 1 ? "" : "s") without a time, left out")
            }
            if stream.lateLines > 0 {
                notes.append("\(log.path): \(stream.lateLines) line\(stream.lateLines == 1 ? "" : "s") dated before a derived sample already taken, counted where they stand")
            }
            return notes
        }
    }

    /// What each log held, one line each (`app.log: 1000000 lines, 19920 errors`), so a person can check the
    /// backtest saw the recording they meant. Complete once ``events(progress:)`` has been read to its end.
    public var logSummaries: [String] {
        zip(logs, streams).map { log, stream in
            "\(log.path): \(stream.lines) line\(stream.lines == 1 ? "" : "s"), \(stream.errors) error\(stream.errors == 1 ? "" : "s")"
        }
    }

    /// The earliest sample's time: a log is read only up to its first derived sample.
    public var first: Date? {
        let logs = logs.compactMap { log in
            let stream = LogStream(log: log.spec, files: log.files, plan: plan) { _ in }
            while let chunk = stream.next() {
                for case .sample(let sample) in chunk { return sample.time }
            }
            return nil
        }
        return (files.compactMap(\.first?.time) + logs).min()
    }

    /// How many bytes the plan's logs hold, for a progress bar.
    public static func logSize(of plan: Plan) -> Int {
        plan.logs.compactMap(\.path).flatMap { files($0) }
            .map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0 }.reduce(0, +)
    }

    private mutating func read(_ source: MetricSource) {
        guard case .file(let path, let format, _) = source.kind else {
            let kind = if case .command = source.kind { "command" } else { "Prometheus" }
            notesSoFar.append("source '\(source.name)' (\(kind)) is not run by evaluate; metrics reading it have no data")
            return
        }
        let renames = plan.renames(forSource: source.name)
        let files = Self.files(path)
        if files.isEmpty { notesSoFar.append("source '\(source.name)': \(path) does not exist") }
        var stream: [MetricSample] = []
        for file in files {
            var feed = MetricFileFeed(path: file, name: source.name, format: format, startAtEnd: false, renames: renames)
            var report: SourceReport?
            var samples: [MetricSample] = []
            // A poll returns nothing at all only at the end: malformed lines change the report, which is sent.
            while case let batch = feed.pollOnce(now: Self.undated), !batch.isEmpty {
                for case .source(let latest) in batch { report = latest }
                samples += batch.compactMap { if case .sample(let sample) = $0 { sample } else { nil } }
            }
            stream += dated(samples, from: file)
            if let report, report.malformedLines > 0 {
                notesSoFar.append("\(file): \(report.malformedLines) malformed line\(report.malformedLines == 1 ? "" : "s"), last: \(report.lastMalformed ?? "")")
            }
        }
        // Only this source is sorted, and only when it must be (stably, so equal times keep the file's order).
        if zip(stream, stream.dropFirst()).contains(where: { $0.time > $1.time }) {
            notesSoFar.append("source '\(source.name)': samples not in time order, sorted")
            stream = stream.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        }
        self.files.append(stream)
    }

    private mutating func dated(_ samples: [MetricSample], from file: String) -> [MetricSample] {
        let undated = samples.count { $0.time == Self.undated }
        if undated > 0 { notesSoFar.append("\(file): \(undated) sample\(undated == 1 ? "" : "s") without a time, left out") }
        return samples.filter { $0.time != Self.undated }
    }

    /// The rotated predecessor, when there is one, then the file.
    static func files(_ path: String) -> [String] {
        [path + ".1", path].filter { FileManager.default.fileExists(atPath: $0) }
    }
}
