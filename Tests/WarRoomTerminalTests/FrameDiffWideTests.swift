import Testing
import WarRoomTestSupport
import WarRoomUI
import WarRoomTerminal

/// Frame diffs with wide graphemes changing: what changed on screen is always rewritten whole, and a screen kept
/// only by the diffs' writes shows exactly the buffer.
@Suite struct FrameDiffWideTests {
    private func positions(_ diff: FrameDiff) -> [[Int]] { diff.changes.map { [$0.x, $0.y] } }

    @Test func aBorderOverTheSecondHalfOfAWideGraphemeRewritesTheFirst() {
        var old = Buffer(width: 4, height: 1)
        old.put("中文", x: 0, y: 0)
        var new = old
        new[1, 0] = Cell("│")
        let diff = FrameDiff(from: old, to: new)
        #expect(positions(diff) == [[0, 0], [1, 0]], "the half of 中 left of the border must not stay on screen")
        #expect(diff.changes.map(\.cell.grapheme) == [" ", "│"])
    }

    @Test func textOverTheFirstHalfRewritesTheSecond() {
        var old = Buffer(width: 4, height: 1)
        old.put("中文", x: 0, y: 0)
        var new = old
        new.put("x", x: 2, y: 0)
        #expect(positions(FrameDiff(from: old, to: new)) == [[2, 0], [3, 0]])
    }

    @Test func aWideGraphemeMovingOneColumnRight() {
        var old = Buffer(width: 4, height: 1)
        old.put("中ab", x: 0, y: 0)
        var new = Buffer(width: 4, height: 1)
        new.put("a中b", x: 0, y: 0)
        let diff = FrameDiff(from: old, to: new)
        #expect(positions(diff) == [[0, 0], [1, 0]], "the continuation at 2 is covered by 中 at 1")
        #expect(diff.changes.map(\.cell.grapheme) == ["a", "中"])
    }

    @Test func aChangedClusterIsOneChangeWithAllItsScalars() {
        var old = Buffer(width: 6, height: 1)
        old.put("🇩🇪👍🏻e\u{301}", x: 0, y: 0)
        var new = Buffer(width: 6, height: 1)
        new.put("🇫🇷👍🏽e\u{300}", x: 0, y: 0)
        let diff = FrameDiff(from: old, to: new)
        #expect(positions(diff) == [[0, 0], [2, 0], [4, 0]])
        #expect(diff.changes.map { String($0.cell.grapheme) } == ["🇫🇷", "👍🏽", "e\u{300}"])
    }

    @Test func aStyleChangeOnAWideGraphemeRewritesIt() {
        var old = Buffer(width: 3, height: 1)
        old.put("✅x", x: 0, y: 0)
        var new = old
        new.restyle(Rect(x: 0, y: 0, width: 3, height: 1)) { $0.bold = true }
        #expect(positions(FrameDiff(from: old, to: new)) == [[0, 0], [2, 0]])
    }

    @Test func aFullRedrawWritesEachGraphemeOnce() {
        var buffer = Buffer(width: 8, height: 1)
        buffer.put("☕✅❌中", x: 0, y: 0)
        #expect(positions(FrameDiff(from: nil, to: buffer)) == [[0, 0], [2, 0], [4, 0], [6, 0]])
    }

    /// Random frames of wide text, fills and dialog borders, each diffed against the one before and written to a
    /// model terminal: the screen always reads exactly as the buffer does.
    @Test func theScreenFollowsTheBufferThroughRandomFrames() {
        var random = SeededRandom(label: "FrameDiffWideTests")
        for _ in 0..<100 {
            let width = Int.random(in: 2...16, using: &random), height = 3
            var screen = ScreenModel(width: width, height: height)
            var shown: Buffer?
            var frame = Buffer(width: width, height: height)
            for _ in 0..<10 {
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let x = Int.random(in: 0..<width, using: &random), y = Int.random(in: 0..<height, using: &random)
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: frame.put(WideText.random(Int.random(in: 0...8, using: &random), using: &random), x: x, y: y)
                    case 1: frame.fill(Rect(x: x, y: y, width: Int.random(in: 1...5, using: &random), height: 2), with: " ")
                    default: frame[x, y] = Cell("│")
                    }
                }
                screen.apply(FrameDiff(from: shown, to: frame))
                shown = frame
                #expect(screen.lines == frame.lines, "screen\n\(screen.lines.joined(separator: "\n"))\nbuffer\n\(frame.lines.joined(separator: "\n"))")
            }
        }
    }
}
