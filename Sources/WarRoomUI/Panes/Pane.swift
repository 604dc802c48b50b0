import WarRoomCore

/// A pane draws one part of the war room into the rectangle it is given, and nowhere else.
public protocol Pane {
    init(state: AppState, view: ViewState)
    func render(into buffer: inout Buffer, area: Rect)
}

extension Pane {
    /// Draws a line of styled runs starting at the left of `row`, clipped to it.
    /// Runs too long for the row are cut at a word boundary with `…` (`Text.fitWords`), never in mid-word.
    func line(_ runs: [(String, Style)], into buffer: inout Buffer, row: Rect, indent: Int = 1) {
        var x = row.x + indent
        // Padding past the edge is no text lost: the buffer clips it.
        let text = TextWidth.sanitize(runs.map(\.0).joined())
        let padding = text.reversed().prefix { $0 == " " }.count
        let fitted = TextWidth.columns(of: text) - padding > row.maxX - x ? Text.fitWords(runs, row.maxX - x) : runs
        for (text, style) in fitted { x += buffer.put(text, x: x, y: row.y, style: style, clip: row) }
    }

    /// Draws whole segments left to right while they fit, so a narrow terminal loses the least important
    /// segments entirely rather than showing half a name. The first segment is always drawn, clipped.
    func line(segments: [[(String, Style)]], into buffer: inout Buffer, row: Rect, indent: Int = 1) {
        var x = row.x + indent
        for (index, segment) in segments.enumerated() {
            let width = segment.reduce(0) { $0 + TextWidth.columns(of: TextWidth.sanitize($1.0)) }
            if index > 0, x + width > row.maxX { break }
            for (text, style) in segment { x += buffer.put(text, x: x, y: row.y, style: style, clip: row) }
        }
    }
}
