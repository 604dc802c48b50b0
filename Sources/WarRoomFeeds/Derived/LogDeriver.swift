import Foundation
import WarRoomCore

/// Turns the lines of one log into the plan's log-derived metrics: how many lines match per window, or what
/// share of all lines match.
///
/// Samples are emitted on a fixed grid of log time (every `step`, the value over the window ending there), so a
/// live tail and a backtest of the same lines give the same series, and a count falls back to 0 when errors stop.
public struct LogDeriver {
    /// One derived metric and its compiled matcher.
    struct Metric {
        var name: String
        var derivation: LogDerivation
        var pattern: LinePattern?
        /// Times of matching lines still inside the window.
        var matches = LineTimes()
    }

    private var metrics: [Metric]
    /// Times of all lines still inside the longest window, for ratios.
    private var lines = LineTimes()
    /// The same for each cohort's lines, kept only when a ratio counts one cohort's.
    private var cohortLines: [Cohort: LineTimes] = [:]
    private let tracksCohortLines: Bool
    private let longestWindow: TimeInterval
    public let step: TimeInterval
    /// The last grid point a sample was emitted for.
    private var emittedThrough: Date?
    /// The latest line's time: where a recording ends.
    public private(set) var latestLine: Date?
    /// Lines dated at or before a grid point already emitted (a log far out of time order): that sample was taken
    /// without them.
    public private(set) var lateLines = 0

    /// `metrics` pairs each derived metric's name with its derivation; patterns were checked when the plan loaded.
    public init(metrics: [(name: String, derivation: LogDerivation)], step: TimeInterval = 10) {
        self.metrics = metrics.map { name, derivation in
            var pattern: LinePattern?
            if case .pattern(let text) = derivation.match { pattern = LinePattern(text) }
            return Metric(name: name, derivation: derivation, pattern: pattern)
        }
        self.longestWindow = metrics.map(\.derivation.window).max() ?? 0
        self.tracksCohortLines = metrics.contains { $0.derivation.cohort != nil && $0.derivation.measure == .ratio }
        self.step = step
    }

    /// Takes one line; returns the samples of every grid point the log's time has passed before this line.
    public mutating func add(_ line: LogLine) -> [MetricSample] {
        guard !metrics.isEmpty else { return [] }
        var text = line.text
        return text.withUTF8 { add(time: line.time, level: line.level, text: $0, cohort: line.cohort) }
    }

    /// The same for a line read in place: its time, level and UTF-8 text, and the cohort of the pod that wrote it (a
    /// metric of one cohort counts only its lines; one without counts every line).
    mutating func add(time: Date, level: LogLevel, text: UnsafeBufferPointer<UInt8>, cohort: Cohort? = nil) -> [MetricSample] {
        latestLine = max(latestLine ?? time, time)
        if let emittedThrough, time <= emittedThrough { lateLines += 1 }
        // With no derived metrics nothing would ever trim `lines` (only sampling does): it grew by every line read.
        guard !metrics.isEmpty else { return [] }
        let before = time.addingTimeInterval(-0.000_001)
        // Nearly every line falls before the next grid point, where a flush would change nothing.
        let samples = isFlushed(through: before) ? [] : flush(until: before)
        lines.insert(time)
        if tracksCohortLines, let cohort { cohortLines[cohort, default: LineTimes()].insert(time) }
        for index in metrics.indices where metrics[index].derivation.cohort.map({ $0 == cohort }) ?? true
            && Self.matches(level: level, text: text, metrics[index].derivation.match, metrics[index].pattern) {
            metrics[index].matches.insert(time)
        }
        return samples
    }

    /// Whether ``flush(until:)`` would find nothing to do: `time` lies before the grid point after the last one
    /// emitted, so it would emit no sample and leave `emittedThrough` as it is.
    private func isFlushed(through time: Date) -> Bool {
        guard let emittedThrough, emittedThrough.addingTimeInterval(step) > emittedThrough else { return false }
        return (time.timeIntervalSince1970 / step).rounded(.down) * step <= emittedThrough.timeIntervalSince1970
    }

    /// The samples of every grid point up to `time` not yet emitted (the clock moving on with no new lines).
    public mutating func flush(until time: Date) -> [MetricSample] {
        guard !metrics.isEmpty else { return [] }
        let last = (time.timeIntervalSince1970 / step).rounded(.down) * step
        // Begin at the grid point after the previous one, or (first time) at the first line's.
        guard let firstLine = lines.first ?? emittedThrough else { return [] }
        var point = emittedThrough.map { $0.timeIntervalSince1970 + step }
            ?? ((firstLine.timeIntervalSince1970 / step).rounded(.up) * step)
        var samples: [MetricSample] = []
        // Once the longest window has passed the last line, every value stays the same: a long silence then needs
        // no sample per step, only one now, so a quiet hour costs two samples, not 360.
        let settled = (lines.last.map { $0.timeIntervalSince1970 } ?? point) + longestWindow
        while point <= last {
            samples += sample(at: Date(timeIntervalSince1970: point))
            guard point + step > point else { break }  // a time so far out that a step no longer adds
            point += step
            if point > settled + step, point < last { point = last }
        }
        if last >= (emittedThrough?.timeIntervalSince1970 ?? -.infinity) { emittedThrough = Date(timeIntervalSince1970: last) }
        return samples
    }

    /// The end of a recording at `time`: every grid point up to it, then the window ending at `time` itself, so
    /// the lines after the last grid point are judged too (a burst in a log's last seconds).
    public mutating func finish(at time: Date) -> [MetricSample] {
        var samples = flush(until: time)
        guard !metrics.isEmpty, time > (emittedThrough ?? .distantPast) else { return samples }
        samples += sample(at: time)
        emittedThrough = time
        return samples
    }

    private mutating func sample(at time: Date) -> [MetricSample] {
        lines.removeFirst(through: time.addingTimeInterval(-longestWindow))
        for cohort in cohortLines.keys { cohortLines[cohort]?.removeFirst(through: time.addingTimeInterval(-longestWindow)) }
        var samples: [MetricSample] = []
        for index in metrics.indices {
            let window = metrics[index].derivation.window
            let start = time.addingTimeInterval(-window)
            metrics[index].matches.removeFirst(through: start)
            let matched = metrics[index].matches.count(after: start, through: time)
            switch metrics[index].derivation.measure {
            case .count:
                samples.append(MetricSample(name: metrics[index].name, value: Double(matched), time: time))
            case .ratio:
                // A cohort's share is of that cohort's lines.
                let all = metrics[index].derivation.cohort.map { cohortLines[$0]?.count(after: start, through: time) ?? 0 }
                    ?? lines.count(after: start, through: time)
                // No lines at all: the share is unknown, not 0%, so no sample (the metric goes STALE).
                if all > 0 {
                    samples.append(MetricSample(name: metrics[index].name, value: 100 * Double(matched) / Double(all), time: time))
                }
            }
        }
        return samples
    }

    /// A level counts lines at it or above (an unknown level is no level); a pattern, lines containing a match.
    /// Takes the metric's match and pattern rather than the metric, so a line does not copy (and retain) it whole.
    static func matches(level: LogLevel, text: UnsafeBufferPointer<UInt8>, _ match: LogDerivation.Match,
                        _ pattern: LinePattern?) -> Bool {
        switch match {
        case .level(let wanted):
            return level != .unknown && level >= wanted
        case .pattern:
            return pattern?.matches(text) ?? false
        }
    }
}
