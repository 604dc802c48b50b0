import WarRoomCore

/// Makes untrusted text (notes, plan text, log lines) inert inside Markdown.
enum MarkdownText {
    /// One line of inline text: line breaks become spaces and every other control is made visible by the one
    /// policy for outside text (`InertText`: `␛`, `⟨U+202E⟩`), HTML's `<` `>` `&` become entities so nothing
    /// renders as markup, and the Markdown punctuation that could open code, emphasis, links or table cells is
    /// backslash-escaped.
    ///
    /// Works on UTF-8 bytes and returns text with nothing to escape as it is: a timeline of 100,000 entries
    /// calls this several times per entry.
    static func inline(_ text: String) -> String {
        var text = InertText.line(hasNewline(text) ? text.map { $0.isNewline ? " " : String($0) }.joined() : text)
        return text.withUTF8 { bytes in
            guard bytes.contains(where: { needsWork[Int($0)] }) else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 16)
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "&"): output += Array("&amp;".utf8)
                case UInt8(ascii: "<"): output += Array("&lt;".utf8)
                case UInt8(ascii: ">"): output += Array("&gt;".utf8)
                case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "["), UInt8(ascii: "]"),
                     UInt8(ascii: "|"), UInt8(ascii: "~"):
                    output.append(UInt8(ascii: "\\"))
                    output.append(byte)
                default:
                    output.append(byte)
                }
            }
            return String(decoding: output, as: UTF8.self)
        } ?? text
    }

    /// Whether `text` holds a newline as `Character.isNewline` has it (LF, VT, FF, CR, NEL, U+2028, U+2029), read
    /// from its UTF-8: each of them is a Character of its own (or CR LF), and this saves breaking every note and
    /// name of a long timeline into Characters to find none.
    static func hasNewline(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for index in bytes.indices {
                switch bytes[index] {
                case 0x0A...0x0D: return true
                case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: return true
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9): return true
                default: continue
                }
            }
            return false
        }
    }

    /// The bytes `inline` changes once controls are visible: `& < >` and Markdown punctuation.
    private static let needsWork: [Bool] = (0..<256).map { (byte: Int) -> Bool in "&<>\\`*[]|~".utf8.contains(UInt8(byte)) }

    /// A GitHub-flavoured table; cells must already be escaped.
    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let line = { (cells: [String]) in "| " + cells.joined(separator: " | ") + " |" }
        return [line(header), "|" + String(repeating: "---|", count: header.count)] + rows.map(line)
    }

    /// Program output as a fenced code block that nothing inside can close: the fence is one backtick longer
    /// than the longest run of backticks in the text, and controls are made visible (`InertText`).
    static func fenced(_ text: String) -> [String] {
        let clean = InertText.lines(text)
        var longest = 0, run = 0
        for scalar in clean.unicodeScalars {
            run = scalar == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        var body = clean.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if body.last == "" { body.removeLast() }
        return [fence + "text"] + body + [fence]
    }
}
