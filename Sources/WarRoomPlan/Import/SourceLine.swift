import Foundation

/// One logical line of Markdown and where it starts in the file.
///
/// A document pasted as one long line (headings, checkboxes and table rows run together) is cut into
/// logical lines that keep their real line and column, so every note still points into the original file.
struct SourceLine: Sendable, Hashable {
    var line: Int
    /// 1-based column of `text`'s first character in the original line.
    var column: Int
    var text: String

    /// The logical lines of a document, one-line Markdown reflowed.
    static func lines(of markdown: String) -> [SourceLine] {
        var result: [SourceLine] = []
        // Split on line feeds alone: a Swift String takes CRLF for one character, and would not split there.
        let physical = markdown.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, raw) in physical.enumerated() {
            var text = String(Substring(raw))
            if text.hasSuffix("\r") { text.removeLast() }
            result += reflow(Array(text), line: index + 1)
        }
        return result
    }

    /// Cuts a line before each heading or checkbox that starts mid-line, then splits run-together table rows.
    private static func reflow(_ chars: [Character], line: Int) -> [SourceLine] {
        var cuts = [0]
        for index in chars.indices where index > 0 && chars[index - 1] == " " && startsBlock(chars, at: index) {
            cuts.append(index)
        }
        var pieces: [SourceLine] = []
        for (number, start) in cuts.enumerated() {
            let end = number + 1 < cuts.count ? cuts[number + 1] : chars.count
            var piece = Array(chars[start..<end])
            while piece.last == " " { piece.removeLast() }
            pieces += splitHeadingTail(piece, line: line, column: start + 1)
        }
        return pieces.flatMap { $0.splitTableRows() }
    }

    /// A heading (`## `) or a checkbox item (`- [ ] `) — the markers that run together in one-line Markdown.
    private static func startsBlock(_ chars: [Character], at index: Int) -> Bool {
        let rest = chars[index...]
        let hashes = rest.prefix { $0 == "#" }.count
        if (1...6).contains(hashes), index + hashes < chars.count, chars[index + hashes] == " " { return true }
        let marker = String(rest.prefix(6))
        return marker == "- [ ] " || marker == "- [x] " || marker == "- [X] "
    }

    /// A reflowed heading ends where a table (` | `) or a bold field (` **`) begins.
    private static func splitHeadingTail(_ chars: [Character], line: Int, column: Int) -> [SourceLine] {
        let text = String(chars)
        guard chars.first == "#", column > 1 else { return [SourceLine(line: line, column: column, text: text)] }
        for index in chars.indices where index > 0 && chars[index - 1] == " " {
            if chars[index] == "|" || (chars[index] == "*" && index + 1 < chars.count && chars[index + 1] == "*") {
                let head = String(chars[..<(index - 1)])
                return [SourceLine(line: line, column: column, text: head),
                        SourceLine(line: line, column: column + index, text: String(chars[index...]))]
            }
        }
        return [SourceLine(line: line, column: column, text: text)]
    }

    /// `| a | b | |---|---| | 1 | 2 |` on one line: rows are cut by counting the header's cells,
    /// because an empty cell and a row boundary both read `| |`.
    private func splitTableRows() -> [SourceLine] {
        let chars = Array(text)
        guard chars.first == "|" else { return [self] }
        let pipes = chars.indices.filter { chars[$0] == "|" }
        let cells = zip(pipes, pipes.dropFirst()).map { (start: $0, end: $1) }
        func isRule(_ cell: (start: Int, end: Int)) -> Bool {
            let body = chars[(cell.start + 1)..<cell.end].filter { $0 != " " }
            return !body.isEmpty && body.allSatisfy { $0 == "-" || $0 == ":" }
        }
        guard let firstRule = cells.firstIndex(where: isRule), firstRule >= 2 else { return [self] }
        let width = firstRule - 1
        var rows: [SourceLine] = []
        var index = 0
        while index < cells.count {
            let last = min(index + width, cells.count) - 1
            let start = cells[index].start, end = cells[last].end
            rows.append(SourceLine(line: line, column: column + start, text: String(chars[start...end])))
            index += width + 1
        }
        if let lastEnd = rows.last.map({ $0.column - column + $0.text.count }), lastEnd < chars.count {
            let tail = String(chars[lastEnd...]).trimmingCharacters(in: .whitespaces)
            if !tail.isEmpty { rows.append(SourceLine(line: line, column: column + chars.count - tail.count, text: tail)) }
        }
        return rows
    }
}
