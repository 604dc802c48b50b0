import Foundation

/// Reads the few Markdown constructs release plans use — headings, bold labels, lists, checkboxes, pipe
/// tables — into blocks that know the headings they sit under. Anything else is kept as plain text.
struct MarkdownParser {
    /// Characters of a heading or label kept as the title blocks under it are found by. Every block carries its
    /// titles, and every section matches words against them, so an unbounded title would make the import
    /// quadratic; a real heading is a few words.
    static let titleLimit = 200

    private(set) var blocks: [MarkdownBlock] = []
    private var headings: [(level: Int, title: String)] = []
    private var label: String?
    private var table: MarkdownTable?
    private var tableContext: (headings: [String], label: String?) = ([], nil)

    static func parse(_ lines: [SourceLine]) -> [MarkdownBlock] {
        var parser = MarkdownParser()
        for line in lines { parser.read(line) }
        parser.flushTable()
        return parser.blocks
    }

    private mutating func read(_ source: SourceLine) {
        let lead = source.text.prefix { $0 == " " || $0 == "\t" }.count
        var body = source.text.dropFirst(lead)
        var column = source.column + lead
        while let last = body.last, last == " " || last == "\\" { body.removeLast() }
        var text = String(body)

        if text.hasPrefix("|") {
            readRow(SourceLine(line: source.line, column: column, text: text))
            return
        }
        flushTable()
        guard !text.isEmpty, !isRule(text) else { return }
        if text.hasPrefix(">") {
            let quote = text.dropFirst().prefix { $0 == " " }.count + 1
            text.removeFirst(quote)
            column += quote
        }
        if let level = headingLevel(text) {
            let title = text.dropFirst(level).trimmingCharacters(in: CharacterSet(charactersIn: " #"))
            headings.removeAll { $0.level >= level }
            headings.append((level, Self.title(title)))
            label = nil
            append(.heading(level: level), title, line: source.line, column: column + level + 1)
            return
        }
        if let (kind, offset) = itemMarker(text) {
            append(.item(kind), String(text.dropFirst(offset)), line: source.line, column: column + offset)
            return
        }
        if let field = MarkdownField(text, column: column), field.value.isEmpty {
            label = Self.title(field.key)
        }
        append(.text, text, line: source.line, column: column)
    }

    private mutating func readRow(_ source: SourceLine) {
        guard let cells = MarkdownTable.cells(of: source) else { return }
        if table == nil {
            table = MarkdownTable(header: cells, rows: [], line: source.line, column: source.column)
            tableContext = (headings.map(\.title), label)
        } else {
            table?.rows.append(cells)
        }
    }

    private mutating func flushTable() {
        guard let done = table else { return }
        table = nil
        blocks.append(MarkdownBlock(kind: .table(done), text: done.header.map(\.text).joined(separator: " | "),
                                    line: done.line, column: done.column,
                                    headings: tableContext.headings, label: tableContext.label))
    }

    private mutating func append(_ kind: MarkdownBlock.Kind, _ text: String, line: Int, column: Int) {
        blocks.append(MarkdownBlock(kind: kind, text: text, line: line, column: column,
                                    headings: headings.map(\.title), label: label))
    }

    /// A heading or label as a title: cut at `titleLimit` characters.
    private static func title(_ text: String) -> String {
        text.count <= titleLimit ? text : String(text.prefix(titleLimit - 1)) + "…"
    }

    private func headingLevel(_ text: String) -> Int? {
        let hashes = text.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), text.count == hashes || text.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    private func isRule(_ text: String) -> Bool {
        text.count >= 3 && (text.allSatisfy { $0 == "-" } || text.allSatisfy { $0 == "*" } || text.allSatisfy { $0 == "_" })
    }

    /// The item kind and how many characters its marker (with `•` bullets and checkboxes) takes.
    private func itemMarker(_ text: String) -> (MarkdownBlock.ItemKind, Int)? {
        let chars = Array(text)
        var offset: Int
        var kind: MarkdownBlock.ItemKind
        if chars.count >= 2, "-*+".contains(chars[0]), chars[1] == " " {
            offset = 2
            kind = .bullet
        } else {
            let digits = chars.prefix { $0.isASCII && $0.isNumber }.count
            guard digits > 0, digits + 1 < chars.count, chars[digits] == "." || chars[digits] == ")",
                  chars[digits + 1] == " ", let number = Int(String(chars[..<digits])) else { return nil }
            offset = digits + 2
            kind = .numbered(number)
        }
        if kind == .bullet, chars.count >= offset + 3, chars[offset] == "[", chars[offset + 2] == "]",
           " xX".contains(chars[offset + 1]) {
            kind = .checkbox(checked: chars[offset + 1] != " ")
            offset += 3
        }
        while offset < chars.count, chars[offset] == " " || chars[offset] == "•" { offset += 1 }
        return (kind, offset)
    }
}
