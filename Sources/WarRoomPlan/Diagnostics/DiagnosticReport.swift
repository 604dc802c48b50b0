import WarRoomCore

/// The diagnostics of one file together with its text, so each renders with the offending line and a caret.
public struct DiagnosticReport: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// The file's text; empty when it could not be read.
    public var source: String
    /// In file order (line, then column).
    public var diagnostics: [Diagnostic]
    /// Errors and warnings found past the first hundred of each: counted, not kept.
    public var omittedErrors: Int
    public var omittedWarnings: Int
    /// The text of files the plan imports (OpenSLO documents), by name, for diagnostics that point into them.
    public var importedSources: [String: String] = [:]

    public init(file: String, source: String, diagnostics: [Diagnostic], omittedErrors: Int = 0, omittedWarnings: Int = 0) {
        self.file = file
        self.source = source
        // Cross-reference checks run after the walk, so order by position to read like a compiler's output; the
        // diagnostics of an imported file follow the plan's own.
        self.diagnostics = diagnostics.enumerated().sorted { lhs, rhs in
            (lhs.element.file == file ? 0 : 1, lhs.element.file, lhs.element.line, lhs.element.column, lhs.offset)
                < (rhs.element.file == file ? 0 : 1, rhs.element.file, rhs.element.line, rhs.element.column, rhs.offset)
        }.map(\.element)
        self.omittedErrors = omittedErrors
        self.omittedWarnings = omittedWarnings
    }

    init(file: String, source: String, diagnostics: [Diagnostic], omitted: (errors: Int, warnings: Int)) {
        self.init(file: file, source: source, diagnostics: diagnostics, omittedErrors: omitted.errors,
                  omittedWarnings: omitted.warnings)
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    public var hasErrors: Bool { omittedErrors > 0 || diagnostics.contains { $0.severity == .error } }

    /// Every diagnostic, compiler style: headline, source line, caret, then the hint if there is one. Everything
    /// that comes from the file (its name, quoted values, the echoed line) is inert: a control in a plan shows as its
    /// picture and never reaches the terminal raw.
    public var description: String {
        // Split on line feeds alone, as YAML counts lines: a Swift String takes CRLF for one character.
        let lines = diagnostics.contains { $0.line > 0 } ? Self.lines(of: source) : []
        let importedLines = importedSources.mapValues(Self.lines)
        var rendered = diagnostics.map { diagnostic in
            render(diagnostic, lines: diagnostic.file == file ? lines : importedLines[diagnostic.file] ?? [])
        }.joined(separator: "\n")
        if let note = omittedNote { rendered += (rendered.isEmpty ? "" : "\n") + note }
        return rendered
    }

    private static func lines(of text: String) -> [Substring] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
    }

    private func render(_ diagnostic: Diagnostic, lines: [Substring]) -> String {
        var text = InertText.line(diagnostic.description) + "\n"
        if diagnostic.line > 0, diagnostic.line <= lines.count {
            let excerpt = SourceExcerpt(line: lines[diagnostic.line - 1], column: diagnostic.column,
                                        concealingFromColumn: diagnostic.concealsFromColumn)
            text += excerpt.text + "\n" + excerpt.caret + "\n"
        }
        if let hint = diagnostic.hint { text += "hint: " + InertText.line(hint) + "\n" }
        return text
    }

    /// `plan.yaml: note: 1234 more errors not shown; …` when the sink stopped keeping them.
    private var omittedNote: String? {
        var parts: [String] = []
        if omittedErrors > 0 { parts.append("\(omittedErrors) more error\(omittedErrors == 1 ? "" : "s")") }
        if omittedWarnings > 0 { parts.append("\(omittedWarnings) more warning\(omittedWarnings == 1 ? "" : "s")") }
        guard !parts.isEmpty else { return nil }
        return InertText.line(file) + ": note: " + parts.joined(separator: " and ")
            + " not shown; fix the ones above and check again\n"
    }
}
