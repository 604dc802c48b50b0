/// A small multi-line text editor as a value: lines of text, a cursor between grapheme clusters, and how far the view
/// is scrolled. Keys in, text out; a dialog draws it through ``view(width:rows:)``.
///
/// The cursor moves by grapheme cluster, so a flag, a skin tone or an accent typed as a combining mark is one step
/// and one Backspace; a mark typed after a letter joins it. Long lines wrap at a space where one fits (else between
/// graphemes), and Up and Down move by the rows drawn. What is drawn is sanitised (`TextWidth.sanitize`) grapheme by
/// grapheme, so a pasted control shows as its picture and never reaches the terminal; the text keeps what was typed.
public struct TextArea: Sendable, Hashable {
    /// The text, line by line; never empty.
    public private(set) var lines: [String]
    /// The cursor: its line, and the graphemes before it on that line.
    public private(set) var line = 0
    public private(set) var column = 0
    /// The first drawn row shown, kept by ``scrollToCursor(width:rows:)``.
    public private(set) var top = 0
    /// The column Up and Down aim for, kept while they are pressed in a row, so a short line on the way does not
    /// pull the cursor left for good.
    private var goal: Int?

    /// Graphemes the text may hold: enough for any update, little enough to lay out on every key.
    public static let capacity = 8_000

    /// The text with the cursor at its start, so its first lines show.
    public init(_ text: String = "") {
        lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
    }

    public var text: String { lines.joined(separator: "\n") }

    /// Graphemes in the text, line breaks counted as one each.
    public var count: Int { lines.reduce(lines.count - 1) { $0 + $1.count } }

    // MARK: Editing

    /// Handles an editing key; false for a key it has no use for. `width` and `rows` are the view's, for the keys
    /// that move by drawn rows.
    @discardableResult
    public mutating func handle(_ key: Key, width: Int, rows: Int) -> Bool {
        switch key {
        case .character(let character): return insert(character)
        case .enter: return insertLineBreak()
        case .backspace: backspace()
        case .delete: delete()
        case .left: moveLeft()
        case .right: moveRight()
        case .up: moveVertically(by: -1, width: width)
        case .down: moveVertically(by: 1, width: width)
        case .pageUp: moveVertically(by: -max(1, rows - 1), width: width)
        case .pageDown: moveVertically(by: max(1, rows - 1), width: width)
        case .home: column = 0
        case .end: column = lines[line].count
        case .tab, .backTab, .escape, .resize, .pasteStart, .pasteEnd: return false
        }
        if !Self.isVertical(key) { goal = nil }
        return true
    }

    private static func isVertical(_ key: Key) -> Bool {
        switch key {
        case .up, .down, .pageUp, .pageDown: true
        default: false
        }
    }

    /// Types `character` at the cursor; false when the text is full. A line break splits the line. A combining mark
    /// or a joiner joins the grapheme before it, and the cursor stays after that grapheme.
    @discardableResult
    public mutating func insert(_ character: Character) -> Bool {
        if character.isNewline { return insertLineBreak() }
        guard count < Self.capacity else { return false }
        let text = lines[line]
        let split = text.index(text.startIndex, offsetBy: column)
        let before = String(text[..<split]) + String(character)
        let joined = before + text[split...]
        lines[line] = joined
        // Counted in the joined line: the new character may have merged with its neighbour.
        column = min(joined.count, before.count)
        goal = nil
        return true
    }

    @discardableResult
    public mutating func insertLineBreak() -> Bool {
        guard count < Self.capacity else { return false }
        let text = lines[line]
        let split = text.index(text.startIndex, offsetBy: column)
        lines[line] = String(text[..<split])
        lines.insert(String(text[split...]), at: line + 1)
        line += 1
        column = 0
        goal = nil
        return true
    }

    /// Deletes the grapheme before the cursor, or joins the line to the one above at its start.
    public mutating func backspace() {
        if column > 0 {
            var text = lines[line]
            text.remove(at: text.index(text.startIndex, offsetBy: column - 1))
            lines[line] = text
            column -= 1
        } else if line > 0 {
            let rest = lines.remove(at: line)
            line -= 1
            column = lines[line].count
            lines[line] += rest
        }
    }

    /// Deletes the grapheme under the cursor, or joins the next line to this one at its end.
    public mutating func delete() {
        if column < lines[line].count {
            var text = lines[line]
            text.remove(at: text.index(text.startIndex, offsetBy: column))
            lines[line] = text
        } else if line + 1 < lines.count {
            lines[line] += lines.remove(at: line + 1)
        }
    }

    public mutating func moveLeft() {
        if column > 0 { column -= 1 } else if line > 0 { line -= 1; column = lines[line].count }
    }

    public mutating func moveRight() {
        if column < lines[line].count { column += 1 } else if line + 1 < lines.count { line += 1; column = 0 }
    }

    /// Moves the cursor `rows` drawn rows up (negative) or down, to the column it aimed for; past the first row to the
    /// start, past the last to the end.
    public mutating func moveVertically(by rows: Int, width: Int) {
        let layout = Self.layout(lines, width: width)
        let (current, x) = Self.position(of: (line, column), in: layout)
        let aim = goal ?? x
        let target = current + rows
        if target < 0 {
            (line, column) = (0, 0)
        } else if target >= layout.count {
            (line, column) = (lines.count - 1, lines[lines.count - 1].count)
        } else {
            let row = layout[target]
            line = row.line
            column = row.offset(atColumn: aim, isLastOfLine: target + 1 == layout.count || layout[target + 1].line != row.line)
        }
        goal = aim
    }

    /// Scrolls as little as it takes for the cursor's row to show in a view of `rows` rows.
    public mutating func scrollToCursor(width: Int, rows: Int) {
        top = Self.top(keeping: top, lines: lines, cursor: (line, column), width: width, rows: rows)
    }

    // MARK: Drawing

    /// The rows a view of `width` columns and `rows` rows shows: their sanitised text, where the cursor is (its row
    /// among those shown, its column, and the columns it covers), and how many rows are out of sight above and below.
    public func view(width: Int, rows: Int) -> TextAreaView {
        let layout = Self.layout(lines, width: width)
        let top = Self.top(keeping: self.top, lines: lines, cursor: (line, column), width: width, rows: rows)
        let shown = layout.dropFirst(top).prefix(max(0, rows))
        let (row, x) = Self.position(of: (line, column), in: layout)
        let under = layout[row].cells.first { $0.offset == column }?.columns ?? 1
        return TextAreaView(rows: shown.map { $0.cells.map(\.shown).joined() },
                            cursor: (row: row - top, column: x, width: max(1, under)),
                            above: top, below: max(0, layout.count - top - shown.count))
    }

    /// Drawn rows of the text at `width` columns.
    public func rowCount(width: Int) -> Int { Self.layout(lines, width: width).count }

    /// One drawn row: a piece of one line, from its grapheme `start`.
    struct Row {
        struct Cell {
            /// The grapheme's place in its line, and how it is drawn.
            var offset: Int
            var shown: String
            var columns: Int
        }

        var line: Int
        var start: Int
        var cells: [Cell]

        var end: Int { start + cells.count }

        /// The grapheme offset nearest to `column` without passing it. On a row that wraps, the offset after its last
        /// grapheme is the next row's start, so the cursor goes before that grapheme instead.
        func offset(atColumn column: Int, isLastOfLine: Bool) -> Int {
            var x = 0
            for cell in cells {
                if x + cell.columns > column { return cell.offset }
                x += cell.columns
            }
            return isLastOfLine || cells.isEmpty ? end : end - 1
        }
    }

    /// Lays each line out in rows of `width` columns, one column kept for the cursor at a line's end. A row breaks
    /// after the last space that fits; a word longer than a row breaks between graphemes. A space that would overflow
    /// stays at the row's end, where it is not needed to be seen.
    static func layout(_ lines: [String], width: Int) -> [Row] {
        let room = max(1, width - 1)
        var rows: [Row] = []
        for (index, text) in lines.enumerated() {
            let cells = text.enumerated().map { offset, grapheme in
                let shown = TextWidth.sanitize(String(grapheme))
                return Row.Cell(offset: offset, shown: shown, columns: TextWidth.columns(of: shown))
            }
            var start = 0, used = 0, space: Int?
            var position = 0
            while position < cells.count {
                let cell = cells[position]
                if used + cell.columns > room, position > start {
                    let end: Int
                    if cell.shown == " " {
                        end = position + 1
                    } else if let space, space + 1 < position {
                        end = space + 1
                    } else {
                        end = position
                    }
                    rows.append(Row(line: index, start: start, cells: Array(cells[start..<end])))
                    start = end
                    used = cells[start..<max(start, position)].reduce(0) { $0 + $1.columns }
                    space = nil
                    position = max(position, start)
                    continue
                }
                if cell.shown == " " { space = position }
                used += cell.columns
                position += 1
            }
            rows.append(Row(line: index, start: start, cells: Array(cells[start...])))
        }
        return rows
    }

    /// The drawn row the cursor is on, and its column in it.
    static func position(of cursor: (line: Int, column: Int), in layout: [Row]) -> (row: Int, x: Int) {
        for (index, row) in layout.enumerated() where row.line == cursor.line {
            let isLast = index + 1 == layout.count || layout[index + 1].line != row.line
            guard cursor.column < row.end || (isLast && cursor.column == row.end) else { continue }
            let x = row.cells.prefix(cursor.column - row.start).reduce(0) { $0 + $1.columns }
            return (index, x)
        }
        return (max(0, layout.count - 1), 0)
    }

    /// The first row to show so the cursor's row shows, moving `top` as little as it takes.
    static func top(keeping top: Int, lines: [String], cursor: (line: Int, column: Int), width: Int, rows: Int) -> Int {
        let layout = layout(lines, width: width)
        let row = position(of: cursor, in: layout).row
        let rows = max(1, rows)
        var top = min(top, max(0, layout.count - rows))
        if row < top { top = row }
        if row >= top + rows { top = row - rows + 1 }
        return max(0, top)
    }
}

/// What a ``TextArea`` shows in a view: its rows, where the cursor is drawn, and the rows out of sight.
public struct TextAreaView: Sendable {
    public var rows: [String]
    /// The cursor's row among `rows`, its column, and the columns it covers (the grapheme under it, or one at a line's
    /// end).
    public var cursor: (row: Int, column: Int, width: Int)
    public var above: Int
    public var below: Int
}
