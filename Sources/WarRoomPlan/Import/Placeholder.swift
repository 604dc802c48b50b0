import Foundation

/// Template text a person was meant to replace: `[value]`, `___%`, `*e.g., …*` examples, `YYYY-MM-DD`.
///
/// The importer never turns one into a value: a cell or field that holds one counts as empty.
struct Placeholder: Sendable, Equatable {
    /// Character offset of the placeholder in the scanned text.
    var offset: Int
    var text: String
    var isExample: Bool

    /// Every placeholder in `text`; a value written wholly in italics is one example placeholder.
    static func find(in text: String) -> [Placeholder] {
        let chars = Array(text)
        if isWhollyItalic(chars) { return [Placeholder(offset: 0, text: text, isExample: true)] }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if ["...", "…", "TBD", "TBC", "?"].contains(trimmed) { return [Placeholder(offset: 0, text: trimmed, isExample: false)] }
        var found: [Placeholder] = []
        // Where the next `]` and `*` after each position are, found once from the end: searching afresh from every
        // `[` or `*` made a line full of them quadratic.
        let closing = chars.contains("[") ? nextIndices(of: "]", in: chars) : []
        let stars = chars.contains("*") ? nextIndices(of: "*", in: chars) : []
        var index = 0
        while index < chars.count {
            // Only these characters can start a placeholder; every other one is passed over at once.
            switch chars[index] {
            case "*":
                if let end = exampleEnd(chars, from: index, stars: stars) {
                    found.append(Placeholder(offset: index, text: String(chars[index...end]), isExample: true))
                    index = end + 1
                    continue
                }
            case "[":
                if let end = bracketEnd(chars, from: index, closing: closing) {
                    found.append(Placeholder(offset: index, text: String(chars[index...end]), isExample: false))
                    index = end + 1
                    continue
                }
            case "_":
                let run = chars[index...].prefix { $0 == "_" }.count
                if run >= 3 {
                    var end = index + run
                    if end < chars.count, chars[end] == "%" { end += 1 }
                    found.append(Placeholder(offset: index, text: String(chars[index..<end]), isExample: false))
                    index = end
                } else {
                    index += run
                }
                continue
            case "Y", "H":
                if let word = ["YYYY-MM-DD", "HH:MM"].first(where: { chars[index...].starts(with: $0) }) {
                    found.append(Placeholder(offset: index, text: word, isExample: false))
                    index += word.count
                    continue
                }
            default:
                break
            }
            index += 1
        }
        return found
    }

    /// True when `text` has content and no placeholder.
    static func isFilled(_ text: String) -> Bool {
        !text.trimmingCharacters(in: .whitespaces).isEmpty && find(in: text).isEmpty
    }

    /// `*like this*` but not `**bold**`.
    private static func isWhollyItalic(_ chars: [Character]) -> Bool {
        guard chars.count >= 3, chars.first == "*", chars.last == "*", chars[1] != "*", chars[chars.count - 2] != "*" else {
            return false
        }
        return !chars[1..<(chars.count - 1)].contains("*")
    }

    /// For each position, the index of the first `character` after it, or nil.
    private static func nextIndices(of character: Character, in chars: [Character]) -> [Int?] {
        var next = [Int?](repeating: nil, count: chars.count)
        var seen: Int?
        for index in chars.indices.reversed() {
            next[index] = seen
            if chars[index] == character { seen = index }
        }
        return next
    }

    /// The closing `*` of an italic run starting at `index` that begins with "e.g." or "Example".
    private static func exampleEnd(_ chars: [Character], from index: Int, stars: [Int?]) -> Int? {
        guard chars[index] == "*", index + 1 < chars.count, chars[index + 1] != "*",
              index == 0 || chars[index - 1] != "*" else { return nil }
        let opening = chars[(index + 1)...].prefix(7).map { $0.lowercased() }.joined()
        guard opening.hasPrefix("e.g") || opening.hasPrefix("example") else { return nil }
        return stars[index] ?? chars.count - 1
    }

    /// The `]` of a `[…]` that is neither a checkbox nor a link text.
    private static func bracketEnd(_ chars: [Character], from index: Int, closing: [Int?]) -> Int? {
        guard let end = closing[index] else { return nil }
        // A checkbox: `[]`, `[ ]`, `[x]`.
        if end - index <= 2, end - index == 1 || [" ", "x", "X"].contains(chars[index + 1]) { return nil }
        if end + 1 < chars.count, chars[end + 1] == "(" { return nil }
        return end
    }
}
