import Foundation
import WarRoomCore

/// The state of one import: the parsed blocks, what has been consumed, and the notes so far.
///
/// Each plan section has its own extension file; `MarkdownImporter` runs them in dependency order
/// (metrics before the triggers that read them, stages before the rollback owners that name them).
struct ImportBuilder {
    /// Metrics, health checks and stages taken, each: every trigger and owner row is matched against them, so
    /// their number multiplies. A plan watches a handful; a Markdown file with more was not written for people.
    static let itemLimit = 200

    let file: String
    let blocks: [MarkdownBlock]
    var mapped: [String] = []
    var unmapped: [ImportNote] = []
    /// What was read with an assumption (a rate's unit, every unticked trigger taken): mapped, but worth a look.
    var assumptions: [ImportNote] = []
    /// Indices of blocks some section has taken; what is left over is reported.
    var used: Set<Int> = []
    /// Metric names in plan order with their units, for triggers.
    var metrics: [(name: String, unit: MetricUnit)] = []
    /// The words of each metric's name, in the same order, read once for `metric(named:)`.
    var metricWords: [Set<String>] = []
    var stageNames: [String] = []
    var healthChecks: [(name: String, kind: String?)] = []
    /// Metrics whose cells were written per minute (`12/min`): a rule's per-second rate is converted for them.
    var rateBasis: [String: Rate.Basis] = [:]

    /// Each block's context in lower case, made once: every section looks its words up in them.
    let contexts: [String]

    init(file: String, blocks: [MarkdownBlock]) {
        self.file = file
        self.blocks = blocks
        contexts = blocks.map { $0.context.lowercased() }
    }

    mutating func note(_ message: String, line: Int, column: Int) {
        unmapped.append(ImportNote(file: file, line: line, column: column, message: message))
    }

    mutating func note(_ message: String, at block: MarkdownBlock) {
        note(message, line: block.line, column: block.column)
    }

    mutating func assume(_ message: String, line: Int, column: Int) {
        assumptions.append(ImportNote(file: file, line: line, column: column, message: message))
    }

    /// Reports each column of a taken table that nothing reads, and each cell past the header's last column, when it
    /// holds something filled in: the row is imported, but that part of it is not.
    mutating func noteUnread(_ table: MarkdownTable, read: [Int?], title: String) {
        let known = Set(read.compactMap { $0 })
        let name = title.isEmpty ? "the table" : "the \"\(title)\" table"
        // One pass over the cells as written: a wide header over many short rows costs no more than its cells.
        var holding = Set<Int>()
        for row in table.rows {
            for (column, cell) in row.enumerated() where !known.contains(column) && !holding.contains(column) {
                guard Placeholder.isFilled(cell.text) else { continue }
                if column < table.header.count {
                    holding.insert(column)
                } else {
                    note("cell \"\(cell.text)\" past the last column of \(name) not imported", line: cell.line, column: cell.column)
                    break
                }
            }
        }
        for column in holding.sorted() {
            let header = table.header[column]
            let called = header.text.isEmpty ? "\(column + 1)" : "\"\(header.text)\""
            note("column \(called) of \(name) not imported: no part of a plan takes it", line: header.line, column: header.column)
        }
    }

    /// Reports a table row a section passes over, unless nothing in it is filled in: an empty row is no content, and
    /// a row of placeholders is already in the placeholder list.
    mutating func noteSkipped(_ row: [MarkdownTable.Cell], of title: String, why: String) {
        guard let first = row.first, row.contains(where: { Placeholder.isFilled($0.text) }) else { return }
        let table = title.isEmpty ? "the table" : "the \"\(title)\" table"
        note("row of \(table) not imported: \(why)", line: first.line, column: first.column)
    }

    /// Indices of blocks whose nearest title contains one of `words` (lower case), optionally only unused ones.
    func indices(under words: [String], unusedOnly: Bool = true) -> [Int] {
        blocks.indices.filter { index in
            (!unusedOnly || !used.contains(index)) && words.contains { contexts[index].firstRange(of: $0) != nil }
        }
    }

    /// Unused tables whose header mentions every one of the `groups` (each group: any of its words).
    func tables(with groups: [[String]]) -> [Int] {
        blocks.indices.filter { index in
            guard !used.contains(index), let table = blocks[index].table else { return false }
            let header = table.header.map { $0.text.lowercased() }.joined(separator: "|")
            return groups.allSatisfy { group in group.contains { header.contains($0) } }
        }
    }

    /// The first unused `**Key:** value` field whose key is one of `keys` (lower case, exact); a paragraph line
    /// `Key: value` without the bold counts too, as teams write overview facts both ways.
    mutating func field(_ keys: [String]) -> (value: String, block: MarkdownBlock, field: MarkdownField)? {
        for index in blocks.indices where !blocks[index].isTable {
            guard let field = blocks[index].field ?? plainField(blocks[index]), keys.contains(field.key.lowercased()) else { continue }
            used.insert(index)
            return (field.value, blocks[index], field)
        }
        return nil
    }

    /// `Owner: Dana Kim` on a paragraph line of its own, read as the field `**Owner:** Dana Kim` would be.
    private func plainField(_ block: MarkdownBlock) -> MarkdownField? {
        guard case .text = block.kind, Self.isKeyValue(block.text) else { return nil }
        return MarkdownField("**" + block.text.replacingOccurrences(of: ":", with: ":**", options: [], range: block.text.range(of: ":")),
                             column: block.column - 4)
    }

    /// A cell's text when it is filled in, else nil (its placeholder is already reported).
    func filled(_ text: String?) -> String? {
        guard let text, Placeholder.isFilled(text) else { return nil }
        return TextRules.plain(text)
    }

    /// "line 44" for comments in the YAML.
    func origin(_ title: String, kind: String, line: Int) -> String {
        title.isEmpty ? "from the \(kind) at line \(line)" : "from \"\(title)\" \(kind), line \(line)"
    }

    /// The metric a phrase names: same words, or one's words containing the other's.
    func metric(named phrase: String) -> (name: String, unit: MetricUnit)? {
        let words = TextRules.words(phrase), name = TextRules.snakeCase(phrase)
        if let exact = metrics.first(where: { $0.name == name }) { return exact }
        return metrics.indices.first { index in
            let own = metricWords[index]
            return own.isSubset(of: words) || (words.isSubset(of: own) && !words.isEmpty)
        }.map { metrics[$0] }
    }

    /// Says once per kind that the Markdown holds more than `itemLimit` of them and the rest were left out.
    mutating func noteLimit(_ kind: String, line: Int, column: Int) {
        note("more than \(Self.itemLimit) \(kind)s; the rest, from here on, are not imported", line: line, column: column)
    }
}
