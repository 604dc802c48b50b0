/// A grid of cells that panes draw into; the terminal backend diffs two of them per frame.
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

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Fills a rectangle (clipped to the buffer) with blanks of one style.
    public mutating func fill(_ rect: Rect, style: Style = .plain, with grapheme: Character = " ") {
        let clip = rect.intersection(area)
        for y in clip.y..<clip.maxY {
            for x in clip.x..<clip.maxX { self[x, y] = Cell(grapheme, style: style) }
        }
    }

    /// Writes sanitised text from (x, y), never past `clip` (defaults to the whole buffer);
    /// a wide grapheme that would straddle the edge is left out. Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let bounds = (clip ?? area).intersection(area)
        guard y >= bounds.y, y < bounds.maxY else { return 0 }
        var column = x
        for grapheme in TextWidth.sanitize(text) {
            let columns = TextWidth.columns(of: grapheme)
            if column + columns > bounds.maxX { break }
            if column >= bounds.x {
                self[column, y] = Cell(grapheme, style: style)
                if columns == 2 { self[column + 1, y] = Cell(" ", style: style, isContinuation: true) }
            }
            column += columns
        }
        return column - x
    }

    /// Changes the style of every cell in a rectangle, keeping its text.
    public mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        let clip = rect.intersection(area)
        for y in clip.y..<clip.maxY {
            for x in clip.x..<clip.maxX { change(&cells[y * width + x].style) }
        }
    }

    /// The text of each row, trailing blanks kept, continuation cells skipped.
    public var lines: [String] {
        (0..<height).map { y in
            String((0..<width).compactMap { x in self[x, y].isContinuation ? nil : self[x, y].grapheme })
        }
    }
}
