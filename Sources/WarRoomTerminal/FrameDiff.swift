import WarRoomUI

/// The cells to write to go from one frame to the next: only those that changed, or every cell
/// when there is no previous frame or the size changed (the screen must then be cleared first).
///
/// Continuation cells are never listed: writing the wide grapheme before them fills all its columns. That is
/// enough because `Buffer` never keeps half a wide grapheme: a column whose glyph changed either is listed itself
/// or is a continuation of a grapheme that is, and writing over any half of a wide grapheme on screen blanks the
/// rest of it there just as the buffer did.
public struct FrameDiff: Sendable, Equatable {
    /// One cell to write at column `x`, row `y`.
    public struct Change: Sendable, Hashable {
        public var x: Int
        public var y: Int
        public var cell: Cell

        public init(x: Int, y: Int, cell: Cell) {
            self.x = x
            self.y = y
            self.cell = cell
        }
    }

    /// True when the screen must be cleared and every cell written (first frame, or a resize).
    public let isFullRedraw: Bool
    /// The cells to write, row by row, left to right.
    public let changes: [Change]

    /// True when nothing needs writing, so the frame can skip the refresh as well.
    public var isEmpty: Bool { !isFullRedraw && changes.isEmpty }

    public init(from previous: Buffer?, to next: Buffer) {
        let comparable = previous.map { $0.width == next.width && $0.height == next.height } ?? false
        isFullRedraw = !comparable
        var changes: [Change] = []
        for y in 0..<next.height {
            for x in 0..<next.width {
                let cell = next[x, y]
                // Its grapheme, to the left, is listed whenever any of its columns changed on screen.
                guard !cell.isContinuation else { continue }
                if comparable, let previous, previous[x, y] == cell { continue }
                changes.append(Change(x: x, y: y, cell: cell))
            }
        }
        self.changes = changes
    }
}
