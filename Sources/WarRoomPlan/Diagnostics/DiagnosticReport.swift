/// The diagnostics of one file together with its text, so each renders with the offending line and a caret.
public struct DiagnosticReport: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// The file's text; empty when it could not be read.
    public var source: String
    /// In file order (line, then column).
    public var diagnostics: [Diagnostic]

    public init(file: String, source: String, diagnostics: [Diagnostic]) {
        self.file = file
        self.source = source
        // Cross-reference checks run after the walk, so order by position to read like a compiler's output.
        self.diagnostics = diagnostics.enumerated().sorted { lhs, rhs in
            (lhs.element.line, lhs.element.column, lhs.offset) < (rhs.element.line, rhs.element.column, rhs.offset)
        }.map(\.element)
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Every diagnostic, compiler style: headline, source line, caret, then the hint if there is one.
    public var description: String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        return diagnostics.map { render($0, lines: lines) }.joined(separator: "\n")
    }

    private func render(_ diagnostic: Diagnostic, lines: [Substring]) -> String {
        var text = diagnostic.description + "\n"
        if diagnostic.line > 0, diagnostic.line <= lines.count {
            var line = String(lines[diagnostic.line - 1])
            if line.hasSuffix("\r") { line.removeLast() }
            text += line + "\n" + caret(under: diagnostic.column, in: line) + "\n"
        }
        if let hint = diagnostic.hint { text += "hint: \(hint)\n" }
        return text
    }

    /// Keeps tabs so the caret lines up however the terminal expands them.
    private func caret(under column: Int, in line: String) -> String {
        let before = line.unicodeScalars.prefix(max(0, column - 1))
        return String(before.map { $0 == "\t" ? "\t" : " " }) + "^"
    }
}
