/// One problem found in a plan or layout file, located by 1-based line and column.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How bad a problem is: errors stop the file from loading, warnings do not.
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var file: String
    /// 1-based; 0 when the problem has no position (the file could not be read, or is empty).
    public var line: Int
    /// 1-based, counted in Unicode scalars as the YAML parser counts them; 0 with no position.
    public var column: Int
    public var severity: Severity
    public var message: String
    /// A suggestion of how to fix the problem, printed on its own line.
    public var hint: String?
    /// The source line holds a secret from `column` on (a Slack webhook's URL written where its variable belongs): the
    /// echoed line stops there, so the report, often pasted into a CI log, does not repeat what it warns about.
    public var concealsFromColumn: Bool

    public init(file: String, line: Int, column: Int, severity: Severity, message: String, hint: String? = nil,
                concealsFromColumn: Bool = false) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
        self.hint = hint
        self.concealsFromColumn = concealsFromColumn
    }

    /// The headline alone, `plan.yaml:12:7: error: …`, without source line or hint.
    public var description: String {
        let location = line > 0 ? "\(file):\(line):\(column)" : file
        return "\(location): \(severity.rawValue): \(message)"
    }
}
