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
    /// The log (the plan's name for a file, the pods, or the simulator) it came from.
    public var source: String
    /// The pod that wrote it, for a log that follows pods; nil for a file.
    public var pod: String?
    /// The pod's cohort when the line was read, as the rollout controller said; nil when it did not say (or for a
    /// file), shown as `?`, never guessed.
    public var cohort: Cohort?

    public init(time: Date, level: LogLevel, text: String, source: String, pod: String? = nil, cohort: Cohort? = nil) {
        self.time = time
        self.level = level
        self.text = text
        self.source = source
        self.pod = pod
        self.cohort = cohort
    }
}
