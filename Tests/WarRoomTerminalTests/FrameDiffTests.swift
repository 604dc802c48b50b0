import Testing
import WarRoomUI
import WarRoomTerminal

@Suite struct FrameDiffTests {
    private func positions(_ diff: FrameDiff) -> [[Int]] { diff.changes.map { [$0.x, $0.y] } }

    @Test func firstFrameWritesEveryCell() {
        let buffer = Buffer(width: 3, height: 2)
        let diff = FrameDiff(from: nil, to: buffer)
        #expect(diff.isFullRedraw)
        #expect(positions(diff) == [[0, 0], [1, 0], [2, 0], [0, 1], [1, 1], [2, 1]])
    }

    @Test func identicalFrameWritesNothing() {
        var buffer = Buffer(width: 4, height: 2)
        buffer.put("ab", x: 0, y: 0)
        let diff = FrameDiff(from: buffer, to: buffer)
        #expect(!diff.isFullRedraw)
        #expect(diff.changes.isEmpty)
        #expect(diff.isEmpty)
    }

    @Test func onlyChangedCellsAreWritten() {
        var old = Buffer(width: 5, height: 2)
        old.put("hello", x: 0, y: 0)
        var new = old
        new.put("j", x: 0, y: 0)
        new.put("!", x: 4, y: 1)
        let diff = FrameDiff(from: old, to: new)
        #expect(!diff.isFullRedraw)
        #expect(diff.changes == [
            FrameDiff.Change(x: 0, y: 0, cell: Cell("j")),
            FrameDiff.Change(x: 4, y: 1, cell: Cell("!")),
        ])
    }

    @Test func styleChangeAloneIsAChange() {
        var old = Buffer(width: 2, height: 1)
        old.put("ok", x: 0, y: 0)
        var new = old
        new.restyle(Rect(x: 1, y: 0, width: 1, height: 1)) { $0.bold = true }
        #expect(positions(FrameDiff(from: old, to: new)) == [[1, 0]])
    }

    @Test func continuationCellsAreNeverWritten() {
        let old = Buffer(width: 4, height: 1)
        var new = old
        new.put("日a", x: 0, y: 0)  // 日 covers columns 0 and 1
        let diff = FrameDiff(from: old, to: new)
        #expect(diff.changes.map(\.cell.grapheme) == ["日", "a"])
        #expect(positions(diff) == [[0, 0], [2, 0]])
        #expect(positions(FrameDiff(from: nil, to: new)) == [[0, 0], [2, 0], [3, 0]])
    }

    @Test func narrowTextReplacingAWideGraphemeWritesBothColumns() {
        var old = Buffer(width: 2, height: 1)
        old.put("日", x: 0, y: 0)
        var new = Buffer(width: 2, height: 1)
        new.put("ab", x: 0, y: 0)
        #expect(positions(FrameDiff(from: old, to: new)) == [[0, 0], [1, 0]])
    }

    @Test func sizeChangeRedrawsEverything() {
        var old = Buffer(width: 3, height: 1)
        old.put("abc", x: 0, y: 0)
        var new = Buffer(width: 2, height: 1)
        new.put("ab", x: 0, y: 0)  // same text as before where it overlaps: still written
        let diff = FrameDiff(from: old, to: new)
        #expect(diff.isFullRedraw)
        #expect(!diff.isEmpty)
        #expect(positions(diff) == [[0, 0], [1, 0]])
        #expect(FrameDiff(from: Buffer(width: 2, height: 2), to: Buffer(width: 2, height: 1)).isFullRedraw)
    }
}
