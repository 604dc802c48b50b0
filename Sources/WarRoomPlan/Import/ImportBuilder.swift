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
    /// Indices of blocks some section has taken; what is left over is reported.
    var used: Set<Int> = []
    /// Metric names in plan order with their units, for triggers.
    var metrics: [(name: String, unit: MetricUnit)] = []
    /// The words of each metric's name, in the same order, read once for `metric(named:)`.
    var metricWords: [Set<String>] = []
    var stageNames: [String] = []
    var healthChecks: [(name: String, kind: String?)] = []

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

    /// The first unused `**Key:** value` field whose key is one of `keys` (lower case, exact).
    mutating func field(_ keys: [String]) -> (value: String, block: MarkdownBlock, field: MarkdownField)? {
        for index in blocks.indices where !blocks[index].isTable {
            guard let field = blocks[index].field, keys.contains(field.key.lowercased()) else { continue }
            used.insert(index)
            return (field.value, blocks[index], field)
        }
        return nil
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
