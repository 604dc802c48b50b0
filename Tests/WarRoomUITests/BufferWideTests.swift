import Testing
import WarRoomTestSupport
@testable import WarRoomUI

/// A wide grapheme and its continuation cells stay together in the buffer, whatever is drawn over them.
@Suite struct BufferWideTests {
    /// Every row's graphemes add up to the buffer's width, and each wide grapheme is followed by exactly its
    /// continuation cells.
    private func checkInvariant(_ buffer: Buffer, sourceLocation: SourceLocation = #_sourceLocation) {
        for y in 0..<buffer.height {
            var x = 0
            while x < buffer.width {
                let cell = buffer[x, y]
                let columns = max(1, TextWidth.columns(of: cell.grapheme))
                #expect(!cell.isContinuation, "row \(y) column \(x) is a continuation without its grapheme", sourceLocation: sourceLocation)
                for offset in 1..<columns {
                    #expect(x + offset < buffer.width && buffer[x + offset, y].isContinuation,
                            "row \(y): \(cell.grapheme) at \(x) lacks continuation \(x + offset)", sourceLocation: sourceLocation)
                }
                x += columns
            }
            #expect(TextWidth.columns(of: buffer.lines[y]) == buffer.width, "row \(y): \(buffer.lines[y])", sourceLocation: sourceLocation)
        }
    }

    @Test func putTakesOneCellPerClusterAndMarksContinuations() {
        var buffer = Buffer(width: 12, height: 1)
        let used = buffer.put("👍🏽e\u{301}🇩🇪中", x: 0, y: 0)
        #expect(used == 7)
        #expect(buffer[0, 0].grapheme == "👍🏽" && buffer[1, 0].isContinuation)
        #expect(buffer[2, 0].grapheme == "e\u{301}")
        #expect(buffer[3, 0].grapheme == "🇩🇪" && buffer[4, 0].isContinuation)
        #expect(buffer[5, 0].grapheme == "中" && buffer[6, 0].isContinuation)
        #expect(buffer.lines == ["👍🏽e\u{301}🇩🇪中     "])
        checkInvariant(buffer)
    }

    @Test func zeroWidthClustersAreNotDrawn() {
        var buffer = Buffer(width: 4, height: 1)
        #expect(buffer.put("\u{301}a\u{200B}b", x: 0, y: 0) == 2)
        #expect(buffer.lines == ["ab  "])
    }

    @Test func aWideGraphemeNeverStraddlesTheClip() {
        var buffer = Buffer(width: 6, height: 1)
        #expect(buffer.put("ab✅", x: 0, y: 0, clip: Rect(x: 0, y: 0, width: 3, height: 1)) == 2)
        #expect(buffer.lines == ["ab    "])
        #expect(buffer.put("中x", x: 2, y: 0, clip: Rect(x: 3, y: 0, width: 3, height: 1)) == 3, "the left edge too")
        #expect(buffer.lines == ["ab  x "])
        checkInvariant(buffer)
    }

    @Test func writingOverHalfAWideGraphemeBlanksTheOtherHalf() {
        var buffer = Buffer(width: 6, height: 1)
        buffer.put("中文中", x: 0, y: 0)
        buffer.put("x", x: 1, y: 0)  // the second half of 中
        #expect(buffer.lines == [" x文中"])
        buffer.put("y", x: 2, y: 0)  // the first half of 文
        #expect(buffer.lines == [" xy 中"])
        buffer.put("☕", x: 3, y: 0)  // the blank and the first half of the last 中
        #expect(buffer.lines == [" xy☕ "])
        checkInvariant(buffer)
    }

    @Test func aDialogBorderOverWideTextLeavesNoHalfGlyph() {
        var buffer = Buffer(width: 8, height: 2)
        buffer.put("中文中文", x: 0, y: 0)
        buffer.put("👨‍👩‍👧👍🏽🇩🇪👍🏽", x: 0, y: 1)
        buffer.fill(Rect(x: 3, y: 0, width: 4, height: 2), with: " ")
        buffer[3, 0] = Cell("│")
        buffer[6, 1] = Cell("│")
        #expect(buffer.lines == ["中 │    ", "👨‍👩‍👧    │ "])
        checkInvariant(buffer)
    }

    @Test func aWideCellSetAtTheLastColumnIsABlank() {
        var buffer = Buffer(width: 3, height: 1)
        buffer[2, 0] = Cell("中")
        #expect(buffer.lines == ["   "])
        buffer[1, 0] = Cell("中")
        #expect(buffer.lines == [" 中"])
        buffer[0, 0] = buffer[2, 0]  // a continuation copied elsewhere is a blank
        #expect(buffer.lines == [" 中"])
        checkInvariant(buffer)
    }

    /// Random writes of wide text at random places, with fills and single cells among them: the invariant holds
    /// after every one.
    @Test func randomDrawingKeepsGraphemesWhole() {
        var random = SeededRandom(label: "BufferWideTests")
        for _ in 0..<200 {
            var buffer = Buffer(width: Int.random(in: 1...20, using: &random), height: 2)
            for _ in 0..<12 {
                let x = Int.random(in: 0..<buffer.width, using: &random), y = Int.random(in: 0..<2, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0:
                    let clip = Rect(x: Int.random(in: 0...x, using: &random), y: 0, width: Int.random(in: 0...buffer.width, using: &random), height: 2)
                    buffer.put(WideText.random(Int.random(in: 0...10, using: &random), using: &random), x: x, y: y, clip: clip)
                case 1:
                    buffer.fill(Rect(x: x, y: y, width: Int.random(in: 0...4, using: &random), height: 1), with: "─")
                default:
                    buffer[x, y] = Cell(Character(WideText.graphemes.randomElement(using: &random)!.grapheme))
                }
                checkInvariant(buffer)
            }
        }
    }
}
