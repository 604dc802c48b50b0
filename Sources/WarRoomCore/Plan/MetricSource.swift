import Foundation

/// A named place metric samples come from; metrics name it in their `source:`.
public struct MetricSource: Sendable, Codable, Hashable {
    /// How a source is read.
    public enum Kind: Sendable, Codable, Hashable {
        /// A file followed like `tail -F`; `fromStart` reads what is already there (history for the sparklines).
        case file(path: String, format: MetricFormat, fromStart: Bool)
        /// A shell command run every interval; its standard output is parsed in `format`.
        case command(String, format: MetricFormat)
        /// A Prometheus server's HTTP API; each metric reading it gives its own `query`.
        case prometheus(url: String, token: SecretReference?)
    }

    public var name: String
    public var kind: Kind
    /// How often a command runs or Prometheus is asked; unused by files, which are polled continuously.
    public var interval: TimeInterval
    /// How long one command run or one query may take before it counts as a failure.
    public var timeout: TimeInterval

    public init(name: String, kind: Kind, interval: TimeInterval = 15, timeout: TimeInterval = 5) {
        self.name = name
        self.kind = kind
        self.interval = interval
        self.timeout = timeout
    }
}

/// The text formats metric samples arrive in.
public enum MetricFormat: String, Sendable, Codable, Hashable, CaseIterable {
    /// One JSON object per line: `{"name": …, "value": …, "time": …}` or several metrics in one object.
    case json
    /// Prometheus text exposition: `name{labels} value [timestamp]`.
    case prometheus
    /// Comma-separated, with a header row naming the columns.
    case csv
    /// `name value [timestamp]`, one sample per line.
    case plain

    /// The format a file's extension implies: `.jsonl` and `.json` JSON, `.prom` Prometheus, `.csv` CSV.
    public static func implied(byPath path: String) -> MetricFormat? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "jsonl", "ndjson", "json": return .json
        case "prom": return .prometheus
        case "csv": return .csv
        default: return nil
        }
    }
}
