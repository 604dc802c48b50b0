import Yams

/// Collects diagnostics while one document is walked, so every problem is reported instead of the first.
struct DiagnosticSink {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Compared before and after reading a part, to tell whether that part had an error.
    var errorCount: Int { diagnostics.count { $0.severity == .error } }

    mutating func error(_ message: String, at position: Position?, hint: String? = nil) {
        add(.error, message, at: position, hint: hint)
    }

    mutating func warning(_ message: String, at position: Position?, hint: String? = nil) {
        add(.warning, message, at: position, hint: hint)
    }

    mutating func error(_ message: String, at node: Node, hint: String? = nil) {
        add(.error, message, at: node.position, hint: hint)
    }

    private mutating func add(_ severity: Diagnostic.Severity, _ message: String, at position: Position?, hint: String?) {
        diagnostics.append(Diagnostic(file: file, line: position?.line ?? 0, column: position?.column ?? 0,
                                      severity: severity, message: message, hint: hint))
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
