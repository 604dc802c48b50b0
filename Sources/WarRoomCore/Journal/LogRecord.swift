import Foundation

/// What the evaluator journals of one log since its last batch: the lines every war room shows, and counts of
/// every line it read, so a viewer's error rate and totals match the evaluator's although most lines are not kept.
///
/// Lines are stored compactly as `[time, level, text]`, a pod's as `[time, level, text, pod, cohort]` (the cohort
/// `null` when unknown), and the error seconds as `[second, count]`.
public struct LogRecord: Sendable, Hashable {
    public var source: String
    /// The lines journaled, oldest first: every WARN and above (up to ``LogRecord/warningsPerSecond``), and other
    /// lines up to the log's `journal_rate`.
    public var lines: [LogLine]
    /// Every line read, journaled or not.
    public var lineCount: Int
    public var errorCount: Int
    /// Every error line counted per second of its time.
    public var errorSeconds: ErrorTally
    /// The time of the newest line read, journaled or not: where a war room that evaluates next picks up.
    public var newest: Date?

    /// Most WARN-and-above lines journaled per second of a flood: beyond it they are counted, not kept.
    public static let warningsPerSecond = 100
    /// Lines below WARN journaled per second of a log, unless the plan's `journal_rate` says otherwise.
    public static let defaultRate = 5

    public init(source: String, lines: [LogLine] = [], lineCount: Int = 0, errorCount: Int = 0,
                errorSeconds: ErrorTally = ErrorTally(), newest: Date? = nil) {
        self.source = source
        self.lines = lines
        self.lineCount = lineCount
        self.errorCount = errorCount
        self.errorSeconds = errorSeconds
        self.newest = newest ?? lines.map(\.time).max()
    }

    /// Lines read but not journaled.
    public var omitted: Int { max(0, lineCount - lines.count) }

    /// The lines of `batches` (one log's reads over `period` seconds) worth journaling: all WARN and above up to the
    /// flood limit, and the newest of the rest up to `rate` a second; every line is counted.
    public init(source: String, batches: [LogBatch], rate: Int, period: TimeInterval) {
        let seconds = max(1, period)
        let all = batches.flatMap(\.lines)
        let warningBudget = Int(saturating: Double(Self.warningsPerSecond) * seconds)
        let otherBudget = Int(saturating: Double(max(0, rate)) * seconds)
        // Newest first, so a flood keeps its latest lines, then back to reading order.
        var keep = [Bool](repeating: false, count: all.count)
        var warnings = 0, others = 0
        for index in all.indices.reversed() {
            if all[index].level >= .warn && all[index].level != .unknown {
                if warnings < warningBudget { keep[index] = true; warnings += 1 }
            } else if others < otherBudget {
                keep[index] = true
                others += 1
            }
        }
        var tally = ErrorTally()
        for batch in batches { tally.add(batch.errorSeconds) }
        self.init(source: source, lines: all.indices.filter { keep[$0] }.map { all[$0] },
                  lineCount: batches.reduce(0) { $0 + $1.lineCount }, errorCount: batches.reduce(0) { $0 + $1.errorCount },
                  errorSeconds: tally, newest: all.map(\.time).max())
    }
}

extension LogRecord: Codable {
    private enum CodingKeys: String, CodingKey { case source, lines, read, errors, errorSeconds, newest }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decode(String.self, forKey: .source)
        var linesContainer = try container.nestedUnkeyedContainer(forKey: .lines)
        lines = []
        while !linesContainer.isAtEnd {
            var line = try linesContainer.nestedUnkeyedContainer()
            let time = try line.decode(Double.self)
            let level = LogLevel(rawValue: try line.decode(Int.self)) ?? .unknown
            let text = try line.decode(String.self)
            // A line of a pod's log carries its pod and cohort; an older journal's lines have neither.
            let pod = try Self.optionalString(&line)
            let cohort = try Self.optionalString(&line).flatMap(Cohort.init(rawValue:))
            lines.append(LogLine(time: Date(timeIntervalSince1970: time), level: level, text: text, source: source,
                                 pod: pod, cohort: cohort))
        }
        lineCount = try container.decode(Int.self, forKey: .read)
        errorCount = try container.decode(Int.self, forKey: .errors)
        var tally = ErrorTally()
        for pair in try container.decodeIfPresent([[Int64]].self, forKey: .errorSeconds) ?? [] where pair.count == 2 {
            tally.add(second: pair[0], count: Int(clamping: pair[1]))
        }
        errorSeconds = tally
        newest = try container.decodeIfPresent(Double.self, forKey: .newest).map(Date.init(timeIntervalSince1970:))
    }

    /// The next element when there is one and it is not null.
    private static func optionalString(_ container: inout UnkeyedDecodingContainer) throws -> String? {
        guard !container.isAtEnd else { return nil }
        if try container.decodeNil() { return nil }
        return try container.decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        var linesContainer = container.nestedUnkeyedContainer(forKey: .lines)
        for line in lines {
            var pair = linesContainer.nestedUnkeyedContainer()
            try pair.encode(line.time.timeIntervalSince1970)
            try pair.encode(line.level.rawValue)
            try pair.encode(line.text)
            if let pod = line.pod {
                try pair.encode(pod)
                if let cohort = line.cohort { try pair.encode(cohort.rawValue) } else { try pair.encodeNil() }
            }
        }
        try container.encode(lineCount, forKey: .read)
        try container.encode(errorCount, forKey: .errors)
        if !errorSeconds.buckets.isEmpty {
            try container.encode(errorSeconds.buckets.map { [$0.second, Int64($0.count)] }, forKey: .errorSeconds)
        }
        try container.encodeIfPresent(newest?.timeIntervalSince1970, forKey: .newest)
    }
}
