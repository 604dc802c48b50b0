import Foundation

extension ImportBuilder {
    /// Accounts for every line no section took, once every section has had its pick, so nothing disappears silently.
    ///
    /// The rule, block by block:
    /// - blank lines, `---` rules and headings only give structure: accounted for by the blocks under them;
    /// - a bold label with nothing after it (`**Technical Prerequisites:**`) titles the list below it: structure too;
    /// - a list item, a checkbox (ticked or not), a table row and a key: value line (`**Status:** Approved`,
    ///   `Owner: Dana`) is content: reported as not mapped, with its line, unless it holds nothing but placeholders
    ///   (those are in the placeholder list already);
    /// - any other paragraph line is prose written for people, and is not reported.
    /// Rows a section skipped inside a table it took are reported by that section (`noteSkipped`).
    mutating func reportLeftovers() {
        reportUnusedRollbackItems()
        for index in blocks.indices where !used.contains(index) {
            let block = blocks[index]
            let context = block.context.isEmpty ? "" : " under \"\(block.context)\""
            switch block.kind {
            case .heading:
                continue
            case .table(let table):
                let header = table.header.map(\.text).joined(separator: " | ")
                note("table \"\(header)\"\(context) has no place in a plan; not imported", line: table.line, column: block.column)
            case .item(let kind):
                // A bold label as an item ("- **Execution Steps**:") introduces the list under it.
                if let field = block.field, field.value.isEmpty { continue }
                guard Self.saysSomething(block.field?.value ?? block.text) else { continue }
                let body = block.field.map { "\(TextRules.plain($0.key)): \($0.value)" } ?? block.text
                let what = switch kind {
                case .bullet: "list item"
                case .numbered(let number): "list item \(number)"
                case .checkbox(let checked): checked ? "ticked checkbox" : "checkbox"
                }
                note("\(what) \"\(Self.excerpt(body))\"\(context) not imported: no part of a plan takes it", at: block)
            case .text:
                if let field = block.field {
                    guard !field.value.isEmpty, Self.saysSomething(field.value) else { continue }
                    note("\"\(Self.excerpt(TextRules.plain(field.key))): \(Self.excerpt(field.value))\" line\(context) not imported",
                         line: block.line, column: block.column)
                } else if Self.isKeyValue(block.text) || block.text.contains(" | ") {
                    guard Self.saysSomething(block.text) else { continue }
                    note("line \"\(Self.excerpt(block.text))\"\(context) not imported", at: block)
                }
            }
        }
    }

    /// Letters or digits once its placeholders are gone: text a person wrote, not only a template's blanks.
    static func saysSomething(_ text: String) -> Bool {
        let found = Placeholder.find(in: text)
        guard !found.isEmpty else { return text.contains { $0.isLetter || $0.isNumber } }
        return Self.hasContent(Self.unfilled(text, line: 0).text)
    }

    /// `Owner: Dana Kim`: a short key of a few words, a colon, and a value; a sentence with a colon is prose.
    static func isKeyValue(_ text: String) -> Bool {
        guard text.count <= TextRules.phraseLimit, let colon = text.firstIndex(of: ":") else { return false }
        let key = text[..<colon], value = text[text.index(after: colon)...]
        guard value.first == " ", !value.trimmingCharacters(in: .whitespaces).isEmpty else { return false }
        let words = key.split(separator: " ")
        return !words.isEmpty && words.count <= 4 && key.count <= 40 && !key.contains(where: { ".!?,;".contains($0) })
    }

    /// A quote of a line for a note: at most 60 characters.
    static func excerpt(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(57)) + "…" : text
    }
}
