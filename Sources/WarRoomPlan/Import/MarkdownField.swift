import Foundation

/// A `**Key:** value` pair, the way the templates write overview facts.
struct MarkdownField: Sendable, Equatable {
    var key: String
    var value: String
    /// Column of `value`'s first character.
    var valueColumn: Int

    init?(_ text: String, column: Int) {
        guard text.hasPrefix("**") else { return nil }
        let chars = Array(text)
        var index = 2
        while index + 1 < chars.count, !(chars[index] == "*" && chars[index + 1] == "*") { index += 1 }
        guard index + 1 < chars.count else { return nil }
        var key = String(chars[2..<index])
        var rest = index + 2
        if key.hasSuffix(":") {
            key.removeLast()
        } else if rest < chars.count, chars[rest] == ":" {
            rest += 1
        } else {
            return nil
        }
        while rest < chars.count, chars[rest] == " " { rest += 1 }
        self.key = key.trimmingCharacters(in: .whitespaces)
        self.value = String(chars[rest...]).trimmingCharacters(in: .whitespaces)
        self.valueColumn = column + rest
    }
}
