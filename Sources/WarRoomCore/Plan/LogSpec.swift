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

    public var id: String { name }

    public init(name: String, path: String, format: Format = .auto, errorPattern: String? = nil, fromStart: Bool = false) {
        self.name = name
        self.path = path
        self.format = format
        self.errorPattern = errorPattern
        self.fromStart = fromStart
    }
}
