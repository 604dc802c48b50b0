/// One terminal cell: a grapheme and its style. A wide grapheme fills its cell and marks the
/// next one as its continuation, which is never drawn on its own.
public struct Cell: Sendable, Hashable {
    public var grapheme: Character
    public var style: Style
    public var isContinuation: Bool

    public init(_ grapheme: Character = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.grapheme = grapheme
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}
