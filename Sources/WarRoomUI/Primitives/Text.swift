/// Fitting text into columns: truncation with an ellipsis, padding, right alignment, wrapping. Everything counts
/// terminal columns (`TextWidth`) and moves whole grapheme clusters, so a flag, a skin tone or an accent is never cut
/// in two and a wide character never pushes a line past its width.
public enum Text {
    /// Cuts `text` to at most `width` columns, ending in `…` when something was cut.
    public static func fit(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        let clean = TextWidth.sanitize(text)
        guard TextWidth.columns(of: clean) > width else { return clean }
        return String(prefix(clean, columns: width - 1)) + "…"
    }

    /// Cuts `text` to at most `width` columns from the left, starting with `…` when something was cut;
    /// for paths, whose end says the most.
    public static func fitKeepingEnd(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        let clean = TextWidth.sanitize(text)
        guard TextWidth.columns(of: clean) > width else { return clean }
        return "…" + suffix(clean, columns: width - 1)
    }

    /// `fit`, then padded with spaces to exactly `width` columns.
    public static func pad(_ text: String, _ width: Int) -> String {
        let fitted = fit(text, width)
        return fitted + String(repeating: " ", count: max(0, width - TextWidth.columns(of: fitted)))
    }

    /// Right-aligned in `width` columns.
    public static func padLeft(_ text: String, _ width: Int) -> String {
        let fitted = fit(text, width)
        return String(repeating: " ", count: max(0, width - TextWidth.columns(of: fitted))) + fitted
    }

    /// `text` cut into lines of `width` columns exactly as written, spaces and all: for a command a person is
    /// about to run, which word wrapping would change. A grapheme wider than `width` (only possible below two
    /// columns) gets a line of its own rather than being split.
    public static func chunk(_ text: String, _ width: Int) -> [String] {
        var lines: [String] = [], line = "", columns = 0
        for character in TextWidth.sanitize(text) {
            let wide = TextWidth.columns(of: character)
            if columns + wide > width, columns > 0 { lines.append(line); line = ""; columns = 0 }
            line.append(character)
            columns += wide
        }
        return lines + [line]
    }

    /// Splits text into lines of at most `width` columns at spaces, cutting a word longer than a line between
    /// grapheme clusters. A grapheme wider than `width` gets a line of its own rather than being split.
    public static func wrap(_ text: String, _ width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in TextWidth.sanitize(text).split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            while TextWidth.columns(of: String(word)) > width {
                if !line.isEmpty { lines.append(line); line = "" }
                var head = prefix(word, columns: width)
                if head.isEmpty { head = word.prefix(1) }
                lines.append(String(head))
                word = word.dropFirst(head.count)
            }
            if line.isEmpty { line = String(word) }
            else if TextWidth.columns(of: line) + 1 + TextWidth.columns(of: String(word)) <= width { line += " " + word }
            else { lines.append(line); line = String(word) }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// The longest run of whole graphemes from the start of `text` that fits in `columns`.
    static func prefix(_ text: some StringProtocol, columns: Int) -> Substring {
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            used += TextWidth.columns(of: text[index])
            if used > columns { break }
            end = text.index(after: index)
        }
        return Substring(text[..<end])
    }

    /// The longest run of whole graphemes from the end of `text` that fits in `columns`.
    static func suffix(_ text: String, columns: Int) -> Substring {
        var used = 0
        var start = text.endIndex
        for grapheme in text.reversed() {
            used += TextWidth.columns(of: grapheme)
            if used > columns { break }
            start = text.index(before: start)
        }
        return text[start...]
    }
}
