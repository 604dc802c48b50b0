/// A grid of cells that panes draw into; the terminal backend diffs two of them per frame.
///
/// A grapheme wider than one column is always followed by its continuation cells and a continuation always has
/// its grapheme to its left: writing over any column of a wide grapheme blanks the rest of it, so the terminal is
/// never asked to draw half a glyph and no row is ever wider than the buffer.
public struct Buffer: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at a column. Setting one places it whole: a wide grapheme takes its continuation cells with it, and
    /// whatever wide grapheme it overlaps is blanked.
    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { place(newValue, x: x, y: y) }
    }

    /// Fills a rectangle (clipped to the buffer) with one grapheme in one style.
    public mutating func fill(_ rect: Rect, style: Style = .plain, with grapheme: Character = " ") {
        let clip = rect.intersection(area)
        let cell = Cell(grapheme, style: style)
        for y in clip.y..<clip.maxY {
            var x = clip.x
            while x < clip.maxX {
                let fits = x + cell.width <= clip.maxX
                place(fits ? cell : Cell(" ", style: style), x: x, y: y)
                x += fits ? cell.width : 1
            }
        }
    }

    /// Writes sanitised text from (x, y), never past `clip` (defaults to the whole buffer), one grapheme cluster per
    /// cell. A wide grapheme that would straddle an edge of the clip is left out, and so is one with nothing to draw.
    /// Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let bounds = (clip ?? area).intersection(area)
        guard y >= bounds.y, y < bounds.maxY else { return 0 }
        var column = x
        for grapheme in TextWidth.sanitize(text) {
            let columns = TextWidth.columns(of: grapheme)
            guard columns > 0 else { continue }
            if column + columns > bounds.maxX { break }
            if column >= bounds.x { place(Cell(grapheme, style: style), x: column, y: y) }
            column += columns
        }
        return column - x
    }

    /// Puts `cell` at (x, y) with its continuation cells. Whatever wide grapheme it overlaps is blanked whole first;
    /// a grapheme too wide for the columns left in the row becomes a blank, and so does a continuation cell taken
    /// from elsewhere: half a glyph is never stored.
    private mutating func place(_ cell: Cell, x: Int, y: Int) {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "(\(x), \(y)) is outside a \(width)x\(height) buffer")
        let cell = cell.width >= 1 && x + cell.width <= width ? cell : Cell(" ", style: cell.style)
        release(x: x, y: y)
        if cell.width > 1 { release(x: x + cell.width - 1, y: y) }
        let start = y * width + x
        cells[start] = cell
        for offset in 1..<cell.width { cells[start + offset] = .continuation(style: cell.style) }
    }

    /// Changes the style of every cell in a rectangle, keeping its text.
    public mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        let clip = rect.intersection(area)
        for y in clip.y..<clip.maxY {
            for x in clip.x..<clip.maxX { change(&cells[y * width + x].style) }
        }
    }

    /// The text of each row, trailing blanks kept, continuation cells skipped: a row reads as wide as the buffer
    /// in a terminal or an editor that counts columns the way the screen does.
    public var lines: [String] {
        (0..<height).map { y in
            String((0..<width).compactMap { x in self[x, y].isContinuation ? nil : self[x, y].grapheme })
        }
    }

    /// Blanks every column of the grapheme covering (x, y) when it is wider than one column, keeping each column's
    /// style; a column outside the row, or a one-column grapheme, is left alone.
    private mutating func release(x: Int, y: Int) {
        guard x >= 0, x < width else { return }
        let row = y * width
        var lead = x
        while lead > 0 && cells[row + lead].isContinuation { lead -= 1 }
        let span = cells[row + lead].width
        guard span > 1 || lead != x else { return }
        for column in lead..<min(width, lead + max(span, x - lead + 1)) {
            cells[row + column] = Cell(" ", style: cells[row + column].style)
        }
    }
}
