/// Makes untrusted text (notes, plan text, log lines) inert inside Markdown.
enum MarkdownText {
    /// One line of inline text: control characters become U+FFFD (line breaks and tabs a space),
    /// HTML's `<` `>` `&` become entities so nothing renders as markup, and the Markdown
    /// punctuation that could open code, emphasis, links or table cells is backslash-escaped.
    static func inline(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\t", "\n", "\r":
                result += " "
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                result += "\u{FFFD}"
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\\", "`", "*", "[", "]", "|", "~":
                result += "\\"
                result.unicodeScalars.append(scalar)
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A GitHub-flavoured table; cells must already be escaped.
    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let line = { (cells: [String]) in "| " + cells.joined(separator: " | ") + " |" }
        return [line(header), "|" + String(repeating: "---|", count: header.count)] + rows.map(line)
    }
}
