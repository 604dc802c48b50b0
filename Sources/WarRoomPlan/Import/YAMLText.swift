import Foundation

/// Writes scalars so YAML reads them back as the same text: quoted only when plain style would change them.
enum YAMLText {
    private static let indicators: Set<Character> = ["-", "<", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!",
                                                     "|", ">", "'", "\"", "%", "@", "`"]
    private static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"]

    /// `text` as a plain scalar when that is safe, else double-quoted with escapes.
    static func scalar(_ text: String) -> String {
        needsQuotes(text) ? quoted(text) : text
    }

    /// `text` as an item of a flow list (`[a, b]`), where a plain scalar also ends at `,` and brackets.
    static func flowItem(_ text: String) -> String {
        text.contains(where: { ",[]{}".contains($0) }) ? quoted(text) : scalar(text)
    }

    static func quoted(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\t": escaped += "\\t"
            default: escaped.append(character)
            }
        }
        return "\"" + escaped + "\""
    }

    private static func needsQuotes(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last else { return true }
        if indicators.contains(first) || first == " " || last == " " || last == ":" { return true }
        if text.contains(": ") || text.contains(" #") || text.contains("\t") { return true }
        return reserved.contains(text.lowercased())
    }
}
