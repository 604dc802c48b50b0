import Foundation

/// A log file to tail, with hints on how to read it and what counts as an error.
public struct LogSpec: Sendable, Codable, Hashable, Identifiable {
    /// How lines are laid out; `auto` detects JSON, logfmt and the common prefixed forms line by line.
    public enum Format: String, Sendable, Codable, Hashable, CaseIterable {
        case auto, json, logfmt, plain
    }

    public var name: String
    public var path: String
    public var format: Format
    /// A regular expression marking error lines beyond those whose level is ERROR or FATAL.
    public var errorPattern: String?
    /// Read the whole file first instead of starting near its end.
    public var fromStart: Bool
    /// Lines below WARN the evaluator journals per second (`journal_rate`); nil for ``LogRecord/defaultRate``.
    public var journalRate: Int?

    public var id: String { name }

    public init(name: String, path: String, format: Format = .auto, errorPattern: String? = nil, fromStart: Bool = false,
                journalRate: Int? = nil) {
        self.name = name
        self.path = path
        self.format = format
        self.errorPattern = errorPattern
        self.fromStart = fromStart
        self.journalRate = journalRate
    }

    /// Lines below WARN journaled per second.
    public var linesJournaledPerSecond: Int { journalRate ?? LogRecord.defaultRate }
}
