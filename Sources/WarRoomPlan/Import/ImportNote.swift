/// One remark of the Markdown importer about a place in the source: something it could not map, or a placeholder.
public struct ImportNote: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line of the Markdown file.
    public var line: Int
    /// 1-based column, counted in characters of the original line (a one-line document keeps its real columns).
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `plan.md:12:7: message`, compiler style, so editors can jump to it.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}
