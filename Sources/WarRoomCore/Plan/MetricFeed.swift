import Foundation

/// Where one metric's samples come from, as its plan entry says.
public enum MetricFeed: Sendable, Codable, Hashable {
    /// Samples named `series` (the metric's own name when nil) from a file or command source.
    case source(String, series: String?)
    /// The result of a PromQL instant query against a Prometheus source.
    case prometheus(source: String, query: String)
    /// Counted from the lines of a tailed log.
    case log(String, LogDerivation)

    /// The source or log this feed reads.
    public var origin: String {
        switch self {
        case .source(let name, _), .prometheus(let name, _), .log(let name, _): name
        }
    }
}

/// A metric computed from log lines: how many match per window, or what share of all lines match.
public struct LogDerivation: Sendable, Codable, Hashable {
    /// Which lines count.
    public enum Match: Sendable, Codable, Hashable {
        /// Lines at this level or above.
        case level(LogLevel)
        /// Lines matching a regular expression.
        case pattern(String)
    }

    /// A count of matching lines, or their share of all lines in percent.
    public enum Measure: String, Sendable, Codable, Hashable {
        case count
        case ratio
    }

    public var measure: Measure
    public var match: Match
    /// The trailing span of log time counted.
    public var window: TimeInterval
    /// Only the lines of this cohort's pods count (a ratio: of this cohort's lines); nil for every line.
    public var cohort: Cohort?

    public init(measure: Measure, match: Match, window: TimeInterval, cohort: Cohort? = nil) {
        self.measure = measure
        self.match = match
        self.window = window
        self.cohort = cohort
    }
}
