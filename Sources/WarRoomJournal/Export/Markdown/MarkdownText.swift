import WarRoomCore

/// Makes untrusted text (notes, plan text, log lines) inert inside Markdown while keeping it as a person typed it,
/// so the post-mortem pastes as it is into GitHub, Jira or a chat: no HTML entities (`&gt;` reads as garbage
/// there), and a backslash only before a character that would otherwise format, valid CommonMark everywhere.
enum MarkdownText {
    /// Text inside a line: controls made visible by the one policy for outside text (`InertText.joinedLine`: line
    /// breaks become spaces, `␛`, `⟨U+202E⟩`), then backslash escapes for what would start Markdown here: every
    /// backtick and `[` (code, links, images, footnotes); `*` and `~` unless spaces surround them; `_` unless
    /// inside a word or between spaces; `<` before a letter, `/`, `!` or `?` (a tag, an autolink, a comment:
    /// `<script>` stays text even where raw HTML would render); `&` opening an entity such as `&lt;`; and a `\`
    /// that would escape what follows it. `>` `#` and the rest change nothing mid-line and stay as they are. Table
    /// cells add `|` (`table`, `row`); the start of a block adds its markers (`blockStart`).
    ///
    /// Works on UTF-8 bytes and returns text with nothing to escape as it is: a timeline of 100,000 entries
    /// calls this several times per entry.
    static func inline(_ text: String) -> String {
        var text = InertText.joinedLine(text)
        return text.withUTF8 { bytes in
            // Most text holds none, or only the `_` of names such as p99_latency, which never formats.
            guard bytes.indices.contains(where: { index in
                mayNeedWork[Int(bytes[index])] && !(bytes[index] == UInt8(ascii: "_") && index > 0 && index + 1 < bytes.count
                    && Neighbour(bytes[index - 1]) == .word && Neighbour(bytes[index + 1]) == .word)
            }) else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 16)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~") {
                    // A run is one delimiter: whether it can open or close depends on what is either side of it.
                    var end = index
                    while end < bytes.count && bytes[end] == byte { end += 1 }
                    let before = index > 0 ? Neighbour(bytes[index - 1]) : .edge
                    let after = end < bytes.count ? Neighbour(bytes[end]) : .edge
                    let inert = (before == .space && after == .space)
                        || (byte == UInt8(ascii: "_") && before == .word && after == .word)
                    for _ in index..<end {
                        if !inert { output.append(UInt8(ascii: "\\")) }
                        output.append(byte)
                    }
                    index = end
                    continue
                }
                if escapes(at: index, in: bytes) { output.append(UInt8(ascii: "\\")) }
                output.append(byte)
                index += 1
            }
            return String(decoding: output, as: UTF8.self)
        } ?? text
    }

    /// `inline` for text that begins a block (a list item, a quote): a leading `#`, `>`, `-`, `+`, `1.` or
    /// `1)` that would make it a heading, a quote or a list is escaped, and leading spaces go (four of them would
    /// make it code).
    static func blockStart(_ text: String) -> String {
        // The spaces go before escaping: `  * x` keeps its `*` as it is between spaces, which would start a list
        // once they were gone (and `  ~~~` a fence).
        let body = inline(String(InertText.joinedLine(text).drop { $0 == " " }))[...]
        guard let first = body.unicodeScalars.first else { return String(body) }
        let afterMarker = { (marker: Substring) in marker.first.map { $0 == " " } ?? true }
        switch first {
        case ">":
            return "\\" + body
        case "#":
            let hashes = body.prefix { $0 == "#" }
            return hashes.count <= 6 && afterMarker(body.dropFirst(hashes.count)) ? "\\" + body : String(body)
        case "-", "+":
            // `- x` a list item, `---` a thematic break.
            let rule = first == "-" && body.allSatisfy { $0 == "-" || $0 == " " }
            return afterMarker(body.dropFirst()) || rule ? "\\" + body : String(body)
        case "0"..."9":
            let digits = body.prefix { $0.isASCII && $0.isNumber }
            let rest = body.dropFirst(digits.count)
            guard digits.count <= 9, let mark = rest.first, mark == "." || mark == ")", afterMarker(rest.dropFirst()) else {
                return String(body)
            }
            return digits + "\\" + rest
        default:
            return String(body)
        }
    }

    /// Text a person wrote over several lines (a status update, a notification's body) as a block quote that keeps
    /// its lines. Controls are made visible first, as in the HTML (`InertText.lines`); then each line is escaped as
    /// the start of a block (`blockStart`), and also a leading `=` (it would underline the line before as a heading)
    /// and every `|` (lines of pipes make a table). A line followed by another ends in a backslash, CommonMark's hard
    /// line break; blank lines keep paragraphs apart, one at most. Empty when the text holds nothing but spaces.
    static func quote(_ text: String) -> [String] {
        var lines: [String] = []
        var afterBlank = false
        for var raw in InertText.lines(text).split(separator: "\n", omittingEmptySubsequences: false) {
            // Trailing spaces go before escaping, so a backslash they followed is escaped as the line's last character.
            while raw.last == " " || raw.last == "\t" { raw.removeLast() }
            var line = blockStart(String(raw))
            guard !line.isEmpty else {
                afterBlank = !lines.isEmpty
                continue
            }
            if line.hasPrefix("=") { line = "\\" + line }
            if line.contains("|") { line = line.replacingOccurrences(of: "|", with: "\\|") }
            if afterBlank { lines.append(">") } else if !lines.isEmpty { lines[lines.count - 1] += "\\" }
            afterBlank = false
            lines.append("> " + line)
        }
        return lines
    }

    /// A GitHub-flavoured table; cells must already be escaped by `inline`, and get their `|` escaped here.
    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        [row(header), "|" + String(repeating: "---|", count: header.count)] + rows.map(row)
    }

    /// One table row; a `|` inside a cell would start another cell.
    static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.contains("|") ? $0.replacingOccurrences(of: "|", with: "\\|") : $0 }.joined(separator: " | ") + " |"
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

    /// What is either side of a run of `*`, `_` or `~`: CommonMark's flanking rules in three kinds. The edge of
    /// the text counts as neither, since what the export puts there is not known here.
    private enum Neighbour {
        case space, word, other, edge

        init(_ byte: UInt8) {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"): self = .space
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "a")...UInt8(ascii: "z"), 0x80...0xFF: self = .word
            default: self = .other
            }
        }
    }

    /// Whether the byte at `index` (not `*`, `_` or `~`) needs a backslash before it.
    private static func escapes(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
        switch bytes[index] {
        case UInt8(ascii: "`"), UInt8(ascii: "["):
            return true
        case UInt8(ascii: "\\"):
            // Before punctuation it would escape it; at the end, whatever the export writes next.
            return next.map(isASCIIPunctuation) ?? true
        case UInt8(ascii: "<"):
            guard let next else { return true }
            return isASCIILetter(next) || next == UInt8(ascii: "/") || next == UInt8(ascii: "!") || next == UInt8(ascii: "?")
        case UInt8(ascii: "&"):
            // `&lt;`, `&#60;`, `&#x3C;`: an entity a renderer would turn into its character.
            var end = index + 1
            while end < bytes.count, end - index <= 32,
                  isASCIILetter(bytes[end]) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) || bytes[end] == UInt8(ascii: "#") {
                end += 1
            }
            return end > index + 1 && end < bytes.count && bytes[end] == UInt8(ascii: ";")
        default:
            return false
        }
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }

    /// The bytes `inline` may change once controls are visible.
    private static let mayNeedWork: [Bool] = (0..<256).map { (byte: Int) -> Bool in "\\`*_~[<&".utf8.contains(UInt8(byte)) }
}
