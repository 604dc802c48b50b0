import Foundation

/// Severity of a log line, ordered so `>= .error` means "counts as an error".
public enum LogLevel: Int, Sendable, Codable, Hashable, Comparable, CaseIterable {
    case trace, debug, info, warn, error, fatal, unknown

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// True for ERROR and FATAL.
    public var isError: Bool { self == .error || self == .fatal }

    public var label: String {
        switch self {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info: "INFO"
        case .warn: "WARN"
        case .error: "ERROR"
        case .fatal: "FATAL"
        case .unknown: "-"
        }
    }
}

/// One line of a tailed log; `text` is raw and is sanitised only when drawn or exported.
public struct LogLine: Sendable, Codable, Hashable {
    public var time: Date
    public var level: LogLevel
    public var text: String
    /// The file (or simulator) it came from.
    public var source: String

    public init(time: Date, level: LogLevel, text: String, source: String) {
        self.time = time
        self.level = level
        self.text = text
        self.source = source
    }
}
