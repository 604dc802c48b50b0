import WarRoomTerminal
import WarRoomUI

/// What a terminal shows after the cells of frame diffs are written to it, kept the way xterm, tmux and curses
/// keep a screen: a glyph takes the columns it is wide, and writing over any column of a wide glyph blanks the
/// rest of that glyph. Tests compare it with the buffer the diffs were made from.
struct ScreenModel {
    /// Each column's glyph; nil for the second (or later) column of a wide one.
    private var rows: [[String?]]
    let width: Int

    init(width: Int, height: Int) {
        self.width = width
        rows = Array(repeating: Array(repeating: " ", count: width), count: height)
    }

    /// The text of each row, as `Buffer.lines` writes it.
    var lines: [String] { rows.map { $0.compactMap { $0 }.joined() } }

    mutating func apply(_ diff: FrameDiff) {
        if diff.isFullRedraw { self = ScreenModel(width: width, height: rows.count) }
        for change in diff.changes { write(String(change.cell.grapheme), x: change.x, y: change.y) }
    }

    private mutating func write(_ glyph: String, x: Int, y: Int) {
        let columns = max(1, TextWidth.columns(of: glyph))
        guard x + columns <= width else { return }  // a terminal does not draw a wide glyph over the edge
        for column in x..<x + columns { blankGlyph(covering: column, y: y) }
        rows[y][x] = glyph
        for column in x + 1..<x + columns { rows[y][column] = nil }
    }

    private mutating func blankGlyph(covering x: Int, y: Int) {
        var lead = x
        while lead > 0 && rows[y][lead] == nil { lead -= 1 }
        var end = lead + 1
        while end < width && rows[y][end] == nil { end += 1 }
        for column in lead..<end { rows[y][column] = " " }
    }
}
