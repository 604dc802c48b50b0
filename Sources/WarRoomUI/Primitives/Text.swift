/// Fitting text into columns: truncation with an ellipsis, padding, right alignment.
public enum Text {
    /// Cuts `text` to at most `width` columns, ending in `…` when something was cut.
    public static func fit(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        let clean = TextWidth.sanitize(text)
        guard TextWidth.columns(of: clean) > width else { return clean }
        var result = ""
        var used = 0
        for grapheme in clean {
            let columns = TextWidth.columns(of: grapheme)
            if used + columns > width - 1 { break }
            result.append(grapheme)
            used += columns
        }
        return result + "…"
    }

    /// Cuts `text` to at most `width` columns from the left, starting with `…` when something was cut;
    /// for paths, whose end says the most.
    public static func fitKeepingEnd(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        let clean = TextWidth.sanitize(text)
        guard TextWidth.columns(of: clean) > width else { return clean }
        var kept: [Character] = []
        var used = 0
        for grapheme in clean.reversed() {
            let columns = TextWidth.columns(of: grapheme)
            if used + columns > width - 1 { break }
            kept.append(grapheme)
            used += columns
        }
        return "…" + String(kept.reversed())
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

    /// Splits text into lines of at most `width` columns at spaces (hard-cutting long words).
    /// `text` cut into lines of `width` columns exactly as written, spaces and all: for a command a person is
    /// about to run, which word wrapping would change.
    public static func chunk(_ text: String, _ width: Int) -> [String] {
        var lines: [String] = [], line = "", columns = 0
        for character in TextWidth.sanitize(text) {
            let wide = TextWidth.columns(of: character)
            if columns + wide > max(width, 2) { lines.append(line); line = ""; columns = 0 }
            line.append(character)
            columns += wide
        }
        return lines + [line]
    }

    public static func wrap(_ text: String, _ width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in TextWidth.sanitize(text).split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            var word = word
            while TextWidth.columns(of: word) > width {
                if !line.isEmpty { lines.append(line); line = "" }
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            if line.isEmpty { line = word }
            else if TextWidth.columns(of: line) + 1 + TextWidth.columns(of: word) <= width { line += " " + word }
            else { lines.append(line); line = word }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
