/// One terminal cell: a grapheme cluster, whole, and its style. A grapheme wider than one column fills its cell and
/// marks the cells to its right as its continuation, which are never drawn on their own.
public struct Cell: Sendable, Hashable {
    public private(set) var grapheme: Character
    public var style: Style
    /// Columns the grapheme takes, at least 1; 0 for a continuation cell.
    public private(set) var width: Int

    /// A cell for `grapheme`; one with nothing to draw (a lone combining mark) still takes a column, as a blank.
    public init(_ grapheme: Character = " ", style: Style = .plain) {
        self.grapheme = grapheme
        self.style = style
        width = max(1, TextWidth.columns(of: grapheme))
    }

    private init(continuationWith style: Style) {
        grapheme = " "
        self.style = style
        width = 0
    }

    /// True for the second (and any further) column of a wide grapheme.
    public var isContinuation: Bool { width == 0 }

    /// The column after the first of a wide grapheme; only `Buffer` makes them, so the pair always stays together.
    static func continuation(style: Style) -> Cell { Cell(continuationWith: style) }

    public static let blank = Cell()
}
