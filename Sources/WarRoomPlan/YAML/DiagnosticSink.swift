import Yams

/// Collects diagnostics while one document is walked, so every problem is reported instead of the first.
///
/// Past `limit` errors (and as many warnings) the rest are counted, not kept: a generated or mangled file can hold
/// a problem per line, and a person fixes the first hundred before reading on.
struct DiagnosticSink {
    static let limit = 100

    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Every error found, the ones not kept included: compared before and after reading a part, to tell whether
    /// that part had an error.
    private(set) var errorCount = 0
    private(set) var warningCount = 0
    /// The text of files read for this one (an imported OpenSLO document), by name: their diagnostics echo their lines.
    private(set) var importedSources: [String: String] = [:]

    init(file: String) {
        self.file = file
    }

    var hasErrors: Bool { errorCount > 0 }

    /// True once errors are no longer kept: work that only improves a message (a "did you mean") can be skipped.
    var isFull: Bool { errorCount >= Self.limit }

    /// How many errors and warnings were counted but not kept.
    var omitted: (errors: Int, warnings: Int) {
        (max(0, errorCount - Self.limit), max(0, warningCount - Self.limit))
    }

    /// `concealing`: the source line holds a secret from `position` on, and is echoed only up to it.
    mutating func error(_ message: String, at position: Position?, hint: String? = nil, concealing: Bool = false) {
        add(Diagnostic(file: file, line: position?.line ?? 0, column: position?.column ?? 0, severity: .error,
                       message: message, hint: hint, concealsFromColumn: concealing))
    }

    mutating func warning(_ message: String, at position: Position?, hint: String? = nil) {
        add(Diagnostic(file: file, line: position?.line ?? 0, column: position?.column ?? 0, severity: .warning,
                       message: message, hint: hint))
    }

    mutating func error(_ message: String, at node: Node, hint: String? = nil) {
        error(message, at: node.position, hint: hint)
    }

    mutating func add(_ diagnostic: Diagnostic) {
        switch diagnostic.severity {
        case .error:
            errorCount += 1
            guard errorCount <= Self.limit else { return }
        case .warning:
            warningCount += 1
            guard warningCount <= Self.limit else { return }
        }
        diagnostics.append(diagnostic)
    }

    /// Takes in what was found in a file this one imports, each diagnostic naming that file.
    mutating func absorb(_ other: DiagnosticSink, source: String) {
        importedSources[other.file] = source
        other.diagnostics.forEach { add($0) }
    }

    /// The report of `source`, with the count of what was left out.
    func report(source: String) -> DiagnosticReport {
        var report = DiagnosticReport(file: file, source: source, diagnostics: diagnostics, omitted: omitted)
        report.importedSources = importedSources
        return report
    }
}

/// A 1-based line and column in the source; Yams' own `Mark` cannot be created outside Yams.
struct Position: Hashable {
    var line: Int
    var column: Int

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init(_ mark: Mark) {
        self.init(line: mark.line, column: mark.column)
    }

    /// The same line, `offset` scalars further right: points inside a scalar (a rule's token, a bound's unit).
    func shifted(by offset: Int) -> Position { Position(line: line, column: column + offset) }
}
