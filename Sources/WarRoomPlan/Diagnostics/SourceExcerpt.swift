import WarRoomCore

/// The source line a diagnostic points into, as it is echoed under the headline: inert (a control shows as its
/// picture, so an escape sequence in a plan cannot act on the terminal that prints the diagnostic), cut to a window
/// around the column when the line is long, and the caret line that points at the column in what is shown.
struct SourceExcerpt: Equatable {
    /// Lines up to this many scalars are echoed whole; a longer one only `reach` either side of the column, so a
    /// one-line file of a megabyte is not echoed whole under each of its diagnostics.
    static let width = 160
    static let reach = 70

    var text: String
    var caret: String

    /// `column` is 1-based, in Unicode scalars of `line`, as YAML counts; past the end it points just after it.
    /// Concealing, the line is shown only up to the column, and `…` (where the caret points) stands for the rest.
    init(line: Substring, column: Int, concealingFromColumn concealing: Bool = false) {
        if concealing {
            self.init(showing: Substring(line.unicodeScalars.prefix(max(0, column - 1))), column: column)
            text += "…"
        } else {
            self.init(showing: line, column: column)
        }
    }

    private init(showing line: Substring, column: Int) {
        let whole = line.unicodeScalars
        let scalars = whole.last == "\r" ? whole[..<whole.index(before: whole.endIndex)] : whole[...]
        let target = max(0, column - 1)
        let isLong = scalars.prefix(Self.width + 1).count > Self.width
        let first = isLong ? max(0, target - Self.reach) : 0
        let start = scalars.index(scalars.startIndex, offsetBy: first, limitedBy: scalars.endIndex) ?? scalars.endIndex
        let window = isLong ? scalars[start...].prefix(target - first + Self.reach + 1) : scalars[...]
        let cutBefore = first > 0, cutAfter = window.endIndex < scalars.endIndex
        var shown = cutBefore ? "…" : ""
        var offset = cutBefore ? 1 : 0
        for (index, scalar) in window.enumerated() {
            // Each scalar through the one policy (and the YAML line breaks it lets through): a control becomes a
            // picture one or several scalars wide, and the caret moves past all of them.
            let piece = InertText.line(String(scalar))
            shown += piece
            if first + index < target { offset += piece.unicodeScalars.count }
        }
        if first + window.count < target { offset += target - first - window.count }
        text = shown + (cutAfter ? "…" : "")
        caret = String(repeating: " ", count: offset) + "^"
    }
}
