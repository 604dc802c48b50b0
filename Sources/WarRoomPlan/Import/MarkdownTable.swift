import Foundation

/// A pipe table: header cells and rows of cells, each cell located in the file.
struct MarkdownTable: Sendable {
    /// One cell's text (trimmed) and where it starts.
    struct Cell: Sendable {
        var text: String
        var line: Int
        var column: Int
    }

    var header: [Cell]
    var rows: [[Cell]]
    var line: Int
    /// Column of the header's opening `|`.
    var column: Int

    /// The index of the first header cell whose title contains one of `words` (case-insensitive).
    func column(_ words: String...) -> Int? {
        header.firstIndex { cell in words.contains { cell.text.lowercased().contains($0) } }
    }

    /// The cells of a `| a | b |` line; nil for the `|---|` rule.
    static func cells(of source: SourceLine) -> [Cell]? {
        let chars = Array(source.text)
        var pipes = chars.indices.filter { chars[$0] == "|" && ($0 == 0 || chars[$0 - 1] != "\\") }
        // A row without its closing pipe (`| a | b`) still ends its last cell at the end of the line.
        if let last = pipes.last, chars[(last + 1)...].contains(where: { $0 != " " }) { pipes.append(chars.count) }
        guard pipes.count >= 2 else { return nil }
        var cells: [Cell] = []
        for (start, end) in zip(pipes, pipes.dropFirst()) {
            let raw = Array(chars[(start + 1)..<end])
            let lead = raw.prefix { $0 == " " }.count
            let text = String(raw).trimmingCharacters(in: .whitespaces)
            cells.append(Cell(text: text, line: source.line, column: source.column + start + 1 + lead))
        }
        let isRule = cells.allSatisfy { cell in !cell.text.isEmpty && cell.text.allSatisfy { "-: ".contains($0) } }
        return isRule ? nil : cells
    }
}
