import Foundation

/// Where metric samples or log lines come from. Later sources (command, Prometheus, HTTP) add cases.
public enum SourceSpec: Sendable, Codable, Hashable {
    /// A file of metric samples, one JSON object per line, followed like `tail -F`.
    case metricFile(path: String)
    /// A log file followed like `tail -F`.
    case logFile(path: String)

    public var path: String {
        switch self {
        case .metricFile(let path), .logFile(let path): path
        }
    }
}
