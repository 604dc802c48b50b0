import Foundation

/// A log to follow, with hints on how to read it and what counts as an error: a file tailed, or the pods of a
/// release followed through kubectl.
public struct LogSpec: Sendable, Hashable, Identifiable {
    /// How lines are laid out; `auto` detects JSON, logfmt and the common prefixed forms line by line.
    public enum Format: String, Sendable, Codable, Hashable, CaseIterable {
        case auto, json, logfmt, plain
    }

    /// Where the lines come from.
    public enum Source: Sendable, Hashable {
        /// A file, followed like `tail -F`.
        case file(path: String)
        /// Every pod a selector matches, each line labelled with its pod and cohort (`kubectl logs -f`).
        case pods(PodSelector)
    }

    public var name: String
    public var source: Source
    public var format: Format
    /// A regular expression marking error lines beyond those whose level is ERROR or FATAL.
    public var errorPattern: String?
    /// Read the whole file first instead of starting near its end (pods: each pod's whole log, not only new lines).
    public var fromStart: Bool
    /// Lines below WARN the evaluator journals per second (`journal_rate`); nil for ``LogRecord/defaultRate``.
    public var journalRate: Int?

    public var id: String { name }

    public init(name: String, source: Source, format: Format = .auto, errorPattern: String? = nil, fromStart: Bool = false,
                journalRate: Int? = nil) {
        self.name = name
        self.source = source
        self.format = format
        self.errorPattern = errorPattern
        self.fromStart = fromStart
        self.journalRate = journalRate
    }

    /// A log file.
    public init(name: String, path: String, format: Format = .auto, errorPattern: String? = nil, fromStart: Bool = false,
                journalRate: Int? = nil) {
        self.init(name: name, source: .file(path: path), format: format, errorPattern: errorPattern, fromStart: fromStart,
                  journalRate: journalRate)
    }

    /// The file's path; nil for pods.
    public var path: String? {
        if case .file(let path) = source { return path }
        return nil
    }

    /// Lines below WARN journaled per second.
    public var linesJournaledPerSecond: Int { journalRate ?? LogRecord.defaultRate }
}

extension LogSpec.Source: CustomStringConvertible {
    /// `../logs/app.log`, `pods app=checkout in shop (current context)`.
    public var description: String {
        switch self {
        case .file(let path): path
        case .pods(let pods): pods.description
        }
    }
}

/// Stored in the journal's plan: a file log as it always was (`path`), pods under `kubectl`, so a journal written
/// before pod logs existed reads as it did.
extension LogSpec: Codable {
    private enum CodingKeys: String, CodingKey { case name, path, kubectl, format, errorPattern, fromStart, journalRate }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        if let pods = try container.decodeIfPresent(PodSelector.self, forKey: .kubectl) {
            source = .pods(pods)
        } else {
            source = .file(path: try container.decode(String.self, forKey: .path))
        }
        format = try container.decode(Format.self, forKey: .format)
        errorPattern = try container.decodeIfPresent(String.self, forKey: .errorPattern)
        fromStart = try container.decode(Bool.self, forKey: .fromStart)
        journalRate = try container.decodeIfPresent(Int.self, forKey: .journalRate)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        switch source {
        case .file(let path): try container.encode(path, forKey: .path)
        case .pods(let pods): try container.encode(pods, forKey: .kubectl)
        }
        try container.encode(format, forKey: .format)
        try container.encodeIfPresent(errorPattern, forKey: .errorPattern)
        try container.encode(fromStart, forKey: .fromStart)
        try container.encodeIfPresent(journalRate, forKey: .journalRate)
    }
}
