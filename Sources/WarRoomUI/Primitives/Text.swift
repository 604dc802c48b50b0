/// Fitting text into columns: truncation with an ellipsis, padding, right alignment, wrapping. Everything counts
/// terminal columns (`TextWidth`) and moves whole grapheme clusters, so a flag, a skin tone or an accent is never cut
/// in two and a wide character never pushes a line past its width.
public enum Text {
    /// Cuts `text` to at most `width` columns, ending in `…` when something was cut: at a word boundary
    /// (``fitWords(_:_:)``), so a column never shows half a word.
    public static func fit(_ text: String, _ width: Int) -> String {
        fitWords(text, width)
    }

    /// Cuts `text` to at most `width` columns at a word boundary, ending in `…`, so no word is shown in part: what
    /// is left reads as written. A token longer than a word (a URL, a path, a run of text without spaces) is cut
    /// inside instead, since dropping it whole would say less.
    public static func fitWords(_ text: String, _ width: Int) -> String {
        fitWords([(text, Style.plain)], width).map(\.0).joined()
    }

    /// ``fitWords(_:_:)`` across styled runs laid end to end; the `…` takes the style of the text it ends.
    public static func fitWords(_ runs: [(String, Style)], _ width: Int) -> [(String, Style)] {
        guard width > 0 else { return [] }
        let clean = runs.map { (TextWidth.sanitize($0.0), $0.1) }
        guard clean.reduce(0, { $0 + TextWidth.columns(of: $1.0) }) > width else { return clean }
        // Every grapheme with its run, and where the text may be cut: before a space.
        let graphemes = clean.enumerated().flatMap { index, run in run.0.map { (character: $0, run: index) } }
        var used = 0, fits = 0, boundary = 0
        for (position, grapheme) in graphemes.enumerated() {
            if grapheme.character == " " { boundary = position }
            used += TextWidth.columns(of: grapheme.character)
            if used > width - 1 { break }
            fits = position + 1
        }
        if fits < graphemes.count, graphemes[fits].character == " " { boundary = fits }
        // Words are short: what would lose more than 16 columns, or half the width, is a token (a URL, a path, a
        // log line without spaces), and is cut inside rather than dropped whole.
        let dropped = graphemes[boundary..<fits].reduce(0) { $0 + TextWidth.columns(of: $1.character) }
        let atBoundary = boundary > 0 && dropped <= min(16, (width - 1) / 2)
        var end = atBoundary ? boundary : fits
        // A cut after a separator (`·`, `,`, `:`) would end on it: drop it with the spaces around it.
        while atBoundary, end > 0, " ·,:;-–—(".contains(graphemes[end - 1].character) { end -= 1 }
        var fitted: [(String, Style)] = []
        var currentRun = -1
        for grapheme in graphemes.prefix(end) {
            if grapheme.run == currentRun {
                fitted[fitted.count - 1].0.append(grapheme.character)
            } else {
                fitted.append((String(grapheme.character), clean[grapheme.run].1))
                currentRun = grapheme.run
            }
        }
        fitted.append(("…", end > 0 ? clean[graphemes[end - 1].run].1 : clean[0].1))
        return fitted
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
