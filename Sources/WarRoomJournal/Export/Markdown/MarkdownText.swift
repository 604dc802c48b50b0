/// Makes untrusted text (notes, plan text, log lines) inert inside Markdown.
enum MarkdownText {
    /// One line of inline text: control characters become U+FFFD (line breaks and tabs a space),
    /// HTML's `<` `>` `&` become entities so nothing renders as markup, and the Markdown
    /// punctuation that could open code, emphasis, links or table cells is backslash-escaped.
    ///
    /// Works on UTF-8 bytes and returns text with nothing to escape as it is: a timeline of 100,000 entries
    /// calls this several times per entry.
    static func inline(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.contains(where: { needsWork[Int($0)] }) else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 16)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case 0x09, 0x0A, 0x0D: output.append(0x20)
                case 0x00..<0x20, 0x7F: output += replacement
                case UInt8(ascii: "&"): output += Array("&amp;".utf8)
                case UInt8(ascii: "<"): output += Array("&lt;".utf8)
                case UInt8(ascii: ">"): output += Array("&gt;".utf8)
                case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "["), UInt8(ascii: "]"),
                     UInt8(ascii: "|"), UInt8(ascii: "~"):
                    output.append(UInt8(ascii: "\\"))
                    output.append(byte)
                case 0xC2 where index < bytes.count && (0x80...0x9F).contains(bytes[index]):
                    // A C1 control character (U+0080–U+009F), such as the one-byte CSI.
                    output += replacement
                    index += 1
                default:
                    output.append(byte)
                }
            }
            return String(decoding: output, as: UTF8.self)
        } ?? text
    }

    /// U+FFFD in UTF-8.
    static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// The bytes `inline` changes: controls, `& < >`, Markdown punctuation, and 0xC2 (which may open a C1 control).
    private static let needsWork: [Bool] = (0..<256).map { (byte: Int) -> Bool in
        let control = byte < 0x20 || byte == 0x7F
        return control || byte == 0xC2 || "&<>\\`*[]|~".utf8.contains(UInt8(byte))
    }

    /// A GitHub-flavoured table; cells must already be escaped.
    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let line = { (cells: [String]) in "| " + cells.joined(separator: " | ") + " |" }
        return [line(header), "|" + String(repeating: "---|", count: header.count)] + rows.map(line)
    }

    /// Program output as a fenced code block that nothing inside can close: the fence is one backtick longer
    /// than the longest run of backticks in the text, and control characters (escape sequences) become U+FFFD.
    static func fenced(_ text: String) -> [String] {
        var longest = 0, run = 0
        var clean = ""
        clean.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            run = scalar == "`" ? run + 1 : 0
            longest = max(longest, run)
            switch scalar {
            case "\n", "\t": clean.unicodeScalars.append(scalar)
            case "\r": continue
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value): clean += "\u{FFFD}"
            default: clean.unicodeScalars.append(scalar)
            }
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        var body = clean.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if body.last == "" { body.removeLast() }
        return [fence + "text"] + body + [fence]
    }
}
