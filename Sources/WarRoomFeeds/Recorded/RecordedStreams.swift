import Foundation
import WarRoomCore

/// A plan's file sources and logs read to their end, for a backtest: every sample and log line with its own time,
/// log-derived metrics computed on the way, and a note for everything that could not be read.
///
/// A rotated predecessor (`app.log.1`, logrotate's name) is read before the file itself, so a rotation in the
/// middle of the recording is one continuous stream. Commands and Prometheus are not run: a backtest replays what
/// was recorded, so their metrics have no data (and the result says it is inconclusive).
public struct RecordedStreams {
    public private(set) var events: [Event] = []
    /// What a person should know about the input: skipped sources, malformed and undated lines, missing files.
    public private(set) var notes: [String] = []

    /// Samples and lines without a time of their own get this one and are then dropped and counted: a backtest
    /// runs on event time, and an arrival time means nothing in a recording.
    private static let undated = Date(timeIntervalSince1970: 0)

    public init(plan: Plan) {
        for source in plan.sources { read(source, plan: plan) }
        for log in plan.logs { read(log, plan: plan) }
    }

    private mutating func read(_ source: MetricSource, plan: Plan) {
        guard case .file(let path, let format, _) = source.kind else {
            let kind = if case .command = source.kind { "command" } else { "Prometheus" }
            notes.append("source '\(source.name)' (\(kind)) is not run by evaluate; metrics reading it have no data")
            return
        }
        let renames = plan.renames(forSource: source.name)
        let files = Self.files(path)
        if files.isEmpty { notes.append("source '\(source.name)': \(path) does not exist") }
        for file in files {
            var feed = MetricFileFeed(path: file, name: source.name, format: format, startAtEnd: false, renames: renames)
            var report: SourceReport?
            var samples: [MetricSample] = []
            // A poll returns nothing at all only at the end: malformed lines change the report, which is sent.
            while case let batch = feed.pollOnce(now: Self.undated), !batch.isEmpty {
                for case .source(let latest) in batch { report = latest }
                samples += batch.compactMap { if case .sample(let sample) = $0 { sample } else { nil } }
            }
            keep(samples, from: file)
            if let report, report.malformedLines > 0 {
                notes.append("\(file): \(report.malformedLines) malformed line\(report.malformedLines == 1 ? "" : "s"), last: \(report.lastMalformed ?? "")")
            }
        }
    }

    private mutating func read(_ log: LogSpec, plan: Plan) {
        var lines: [LogLine] = []
        let files = Self.files(log.path)
        if files.isEmpty { notes.append("log '\(log.name)': \(log.path) does not exist") }
        for file in files {
            var feed = LogFileFeed(path: file, name: log.name, startAtEnd: false, backlogBytes: 0, errorPattern: log.errorPattern)
            lines += feed.drain(undated: Self.undated).compactMap { if case .log(let line) = $0 { line } else { nil } }
        }
        let undated = lines.count { $0.time == Self.undated }
        if undated > 0 { notes.append("\(log.path): \(undated) line\(undated == 1 ? "" : "s") without a time, left out") }
        lines.removeAll { $0.time == Self.undated }
        events += lines.map(Event.log)
        // Derived over both files in order, so the count runs on across the rotation.
        let derived = plan.derivedMetrics(ofLog: log.name)
        guard !derived.isEmpty, let last = lines.map(\.time).max() else { return }
        var deriver = LogDeriver(metrics: derived)
        var samples: [MetricSample] = []
        for line in lines.sorted(by: { $0.time < $1.time }) { samples += deriver.add(line) }
        samples += deriver.finish(at: last)
        events += samples.map(Event.sample)
    }

    private mutating func keep(_ samples: [MetricSample], from file: String) {
        let undated = samples.count { $0.time == Self.undated }
        if undated > 0 { notes.append("\(file): \(undated) sample\(undated == 1 ? "" : "s") without a time, left out") }
        events += samples.filter { $0.time != Self.undated }.map(Event.sample)
    }

    /// The rotated predecessor, when there is one, then the file.
    static func files(_ path: String) -> [String] {
        [path + ".1", path].filter { FileManager.default.fileExists(atPath: $0) }
    }
}
