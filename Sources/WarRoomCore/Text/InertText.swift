/// The one policy for text from outside the program (logs, notes, plans, journals, metric files, command
/// output) on its way out of it: to a terminal cell, stdout or stderr, Markdown, HTML, JSON or YAML. Every
/// control that could move the cursor, retitle a window, write the clipboard or reorder what a reader sees is
/// made visible instead of acted on: C0 controls become their Control Pictures (ESC shows as `␛`, so an OSC 52
/// reads `␛]52;…`), DEL `␡`, and C1 and bidi controls their code point in brackets (`⟨U+009B⟩`, `⟨U+202E⟩`).
public enum InertText {
    /// One line: line breaks become visible too, a tab a space.
    public static func line(_ text: String) -> String {
        guard needsWork(text, keepingLines: false) else { return text }
        return render(text, keepingLines: false)
    }

    /// One line for a reader rather than a terminal (a post-mortem's cell or sentence): every line break
    /// (`Character.isNewline`: LF, VT, FF, CR, CR LF, NEL, U+2028, U+2029) becomes a space, so a note typed over two
    /// lines reads as one sentence; everything else follows `line`.
    public static func joinedLine(_ text: String) -> String {
        line(hasNewline(text) ? text.map { $0.isNewline ? " " : String($0) }.joined() : text)
    }

    /// Whether `text` holds a newline as `Character.isNewline` has it, read from its UTF-8: each of them is a
    /// Character of its own (or CR LF), and this saves breaking every note and name of a long timeline into
    /// Characters to find none.
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

    /// Text that may span lines (a report, a command's output): line feeds and tabs stay, a CR before a
    /// line feed goes, everything else follows `line`.
    public static func lines(_ text: String) -> String {
        guard needsWork(text, keepingLines: true) else { return text }
        return render(text, keepingLines: true)
    }

    /// What a control scalar shows as, or nil when `scalar` is harmless.
    public static func visible(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x00...0x1F: String(Unicode.Scalar(0x2400 + scalar.value)!)
        case 0x7F: "\u{2421}"
        case 0x80...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: "⟨\(codePoint(scalar))⟩"
        // Line and paragraph separators break lines in some readers (and end a YAML comment); noncharacters are
        // refused by YAML. A terminal ignores them, a reader of the text would not.
        case 0x2028, 0x2029, 0xFFFE, 0xFFFF: "⟨\(codePoint(scalar))⟩"
        default: nil
        }
    }

    /// `U+001B`: how a character is named in a message.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String { "U+" + hex(scalar.value) }

    /// True when `scalar` is one `visible` rewrites.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool { visible(scalar) != nil }

    private static func render(_ text: String, keepingLines: Bool) -> String {
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\n" where keepingLines, "\t" where keepingLines: result.append(scalar)
            case "\r" where keepingLines && index + 1 < scalars.count && scalars[index + 1] == "\n": continue
            case "\t": result.append(" ")
            default:
                if let shown = visible(scalar) { result.append(contentsOf: shown.unicodeScalars) } else { result.append(scalar) }
            }
        }
        return String(result)
    }

    /// A look at the UTF-8 for exactly the scalars `visible` rewrites (and, for one line, line feeds and tabs):
    /// most text holds none and is returned as it is. Exact rather than by lead byte alone, since the lead bytes of
    /// the controls also begin common punctuation (`—` and `…` share 0xE2 0x80 with the bidi controls, `°` 0xC2 with
    /// C1): a whole export printed through `Console` would otherwise be rewritten scalar by scalar for one dash.
    private static func needsWork(_ text: String, keepingLines: Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            var index = 0
            while index < bytes.count {
                if index + 8 <= bytes.count, isPrintableASCII(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                    index += 8
                    continue
                }
                let byte = bytes[index]
                index += 1
                if byte >= 0x20 && byte < 0x7F { continue }
                let next = index < bytes.count ? bytes[index] : 0
                let third = index + 1 < bytes.count ? bytes[index + 1] : 0
                switch byte {
                case 0x0A, 0x09: if !keepingLines { return true }
                case 0x00..<0x20, 0x7F: return true
                case 0xC2 where (0x80...0x9F).contains(next): return true  // C1, U+0080–U+009F
                case 0xD8 where next == 0x9C: return true  // U+061C
                // U+200E, U+200F, U+2028–U+202E (separators and bidi embeddings), U+2066–U+2069.
                case 0xE2 where next == 0x80 && (third == 0x8E || third == 0x8F || (0xA8...0xAE).contains(third)),
                     0xE2 where next == 0x81 && (0xA6...0xA9).contains(third):
                    return true
                case 0xEF where next == 0xBF && (third == 0xBE || third == 0xBF): return true  // U+FFFE, U+FFFF
                default: continue
                }
            }
            return false
        }
    }

    /// Whether all eight bytes of `word` are printable ASCII (0x20–0x7E), the bulk of any text, tested at once: a
    /// byte below 0x20 borrows into its top bit when 0x20 is taken from it, and one at 0x7F or above has its top bit
    /// set once 1 is added (0xFF has it already).
    private static func isPrintableASCII(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, tops: UInt64 = 0x8080_8080_8080_8080
        let below = (word &- 0x20 &* ones) & ~word
        let above = word | (word &+ ones)
        return (below | above) & tops == 0
    }

    /// `json` with every C1, DEL and bidi control written as a `\uXXXX` escape: the same JSON value, but nothing
    /// a terminal acts on when the document is printed. JSON encoders escape C0 themselves and may leave these raw;
    /// outside strings valid JSON holds none, so the rewrite is safe on a whole document.
    public static func json(_ json: String) -> String {
        guard needsWork(json, keepingLines: true) else { return json }
        var result = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if scalar.value >= 0x7F, isControl(scalar) {
                result.append(contentsOf: "\\u\(hex(scalar.value))".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
