import WarRoomUI

/// How one buffer cell reaches curses: the pieces to write at columns from the cell's own, each one curses cell
/// holding a spacing scalar and the zero-width scalars that ride on it.
///
/// curses counts a cell as wide as `wcwidth` of its first scalar and keeps its own cursor by that count, so the
/// pieces always add up to exactly the columns the buffer gave the grapheme; when they cannot, a stand-in of the
/// right width is written instead of a row that drifts:
/// - a cluster whose spacing scalars add up to its width is one piece per spacing scalar, all of them written:
///   ☕ and 中 (2), e + U+0301 (1), a flag's two regional indicators (1 + 1), a Hangul syllable in jamo;
/// - an emoji sequence that would be wider that way (👍🏽 counts 2 + 2, a ZWJ family 2 + 2 + 2) is one piece with
///   every scalar, as wide as its base; a base of one column (🏳️‍🌈) is followed by a blank;
/// - U+FE0E and U+FE0F are left out: terminals disagree on whether they change a glyph's width (tmux 3.3a and
///   xterm do not, kitty and newer tmux do), and without them every terminal draws the base the same;
/// - a piece holds at most `capacity` scalars (curses' CCHARW_MAX); an emoji sequence is cut before a joiner,
///   so a family of four loses its last member rather than leaving a dangling U+200D;
/// - a scalar this terminal's `wcwidth` does not know (newer than its Unicode), or a control that slipped past
///   sanitising, makes the whole cell U+FFFD and blanks.
struct CellGlyphs: Equatable {
    /// One curses cell: its column counted from the buffer cell's, and the scalars it holds.
    struct Piece: Equatable {
        var column: Int
        var scalars: [Unicode.Scalar]
    }

    let pieces: [Piece]

    /// - Parameter columns: the terminal's idea of a scalar's width (`wcwidth`), nil where it has none.
    init(_ cell: Cell, capacity: Int, columns: (Unicode.Scalar) -> Int?) {
        let width = max(1, cell.width)
        let text = String(cell.grapheme)
        let scalars = Array(text.unicodeScalars.filter { $0 != "\u{FE0E}" && $0 != "\u{FE0F}" })
        var pieces: [Piece]?
        if TextWidth.sanitize(text) == text {
            pieces = Self.perSpacingScalar(scalars, width: width, capacity: capacity, columns: columns)
            if pieces == nil, TextWidth.isEmojiSequence(cell.grapheme) {
                pieces = Self.oneGlyph(scalars, width: width, capacity: capacity, columns: columns)
            }
        }
        let written = pieces ?? [Piece(column: 0, scalars: ["\u{FFFD}"])]
        let used = written.last.map { $0.column + (columns($0.scalars[0]) ?? 1) } ?? 0
        self.pieces = written + (min(used, width)..<width).map { Piece(column: $0, scalars: [" "]) }
    }

    /// One piece per spacing scalar, each carrying the zero-width scalars after it; nil when they need more than
    /// `width` columns or the terminal does not know one of them.
    private static func perSpacingScalar(_ scalars: [Unicode.Scalar], width: Int, capacity: Int,
                                         columns: (Unicode.Scalar) -> Int?) -> [Piece]? {
        var pieces: [Piece] = []
        var used = 0
        for scalar in scalars {
            guard let columns = columns(scalar) else { return nil }
            if columns > 0 {
                pieces.append(Piece(column: used, scalars: [scalar]))
                used += columns
            } else if let last = pieces.indices.last, pieces[last].scalars.count < capacity {
                pieces[last].scalars.append(scalar)
            }
            // A mark with nothing before it to ride on, or beyond what a curses cell holds, is left out.
        }
        return used <= width ? pieces : nil
    }

    /// The whole emoji sequence in one curses cell as wide as its base; nil when the base is unknown or wider
    /// than the cell.
    private static func oneGlyph(_ scalars: [Unicode.Scalar], width: Int, capacity: Int,
                                 columns: (Unicode.Scalar) -> Int?) -> [Piece]? {
        guard let base = scalars.first, let baseColumns = columns(base), (1...width).contains(baseColumns),
              scalars.allSatisfy({ columns($0) != nil }) else { return nil }
        var kept = scalars
        if kept.count > capacity {
            // Cut before the last joiner that leaves whole emoji; with none, the base alone.
            let cut = (1...capacity).last { kept[$0] == "\u{200D}" } ?? 1
            kept = Array(kept.prefix(cut))
        }
        return [Piece(column: 0, scalars: kept)]
    }
}
