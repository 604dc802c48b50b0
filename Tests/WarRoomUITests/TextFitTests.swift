import Testing
import WarRoomTestSupport
import WarRoomUI

/// fit, fitKeepingEnd, pad, chunk and wrap on wide text: never past the width, never a cluster cut in two, nothing
/// lost but what an ellipsis stands for.
@Suite struct TextFitTests {
    private let line = WideText.logLine

    /// Every grapheme of `piece` is a whole grapheme of `text`, and they come in order.
    private func isWholeGraphemes(_ piece: String, of text: String) -> Bool {
        let graphemes = Array(text)
        var next = 0
        for grapheme in piece {
            guard let found = graphemes[next...].firstIndex(of: grapheme) else { return false }
            next = found + 1
        }
        return true
    }

    @Test func fitCutsBetweenClusters() {
        #expect(Text.fit("☕✅❌", 5) == "☕✅…", "two wide ones and the ellipsis are 5 columns")
        #expect(Text.fit("☕✅❌", 4) == "☕…", "a wide one that would straddle the edge goes")
        #expect(Text.fit("🇩🇪🇫🇷", 3) == "🇩🇪…", "a flag is never half a flag")
        #expect(Text.fit("👨‍👩‍👧👍🏽x", 4) == "👨‍👩‍👧…")
        #expect(Text.fit("cafe\u{301}s", 5) == "cafe\u{301}s", "e + U+0301 is one column")
        #expect(Text.fit("cafe\u{301}s", 4) == "caf…")
        #expect(Text.fit("中文", 4) == "中文")
        #expect(Text.fit("中文", 1) == "…")
    }

    @Test func fitKeepingEndCutsBetweenClusters() {
        #expect(Text.fitKeepingEnd("/srv/☕/中文.sqlite", 10) == "…文.sqlite")
        #expect(Text.fitKeepingEnd("x👍🏽👨‍👩‍👧", 5) == "x👍🏽👨‍👩‍👧")
        #expect(Text.fitKeepingEnd("xy👍🏽👨‍👩‍👧", 5) == "…👍🏽👨‍👩‍👧")
        #expect(Text.fitKeepingEnd("x👍🏽👨‍👩‍👧", 4) == "…👨‍👩‍👧")
        #expect(Text.fitKeepingEnd("ab✅❌", 4) == "…❌")
    }

    @Test func padFillsToTheColumn() {
        #expect(Text.pad("中文", 6) == "中文  ")
        #expect(Text.pad("☕✅❌", 5) == "☕✅…")
        #expect(Text.pad("☕✅❌", 4) == "☕…" + " ")
        #expect(Text.padLeft("✅", 4) == "  ✅")
        #expect(Text.pad("e\u{301}", 3) == "e\u{301}  ")
    }

    @Test func wrapCutsLongWordsByColumns() {
        #expect(Text.wrap("中文中文中文", 4) == ["中文", "中文", "中文"])
        #expect(Text.wrap("☕☕☕ ok", 5) == ["☕☕", "☕ ok"])
        #expect(Text.wrap("🇩🇪🇩🇪🇩🇪", 3) == ["🇩🇪", "🇩🇪", "🇩🇪"])
        #expect(Text.wrap("abc 中文字", 5) == ["abc", "中文", "字"])
    }

    @Test func chunkKeepsSpacesAndClusters() {
        #expect(Text.chunk("$ echo 中文 done", 6) == ["$ echo", " 中文 ", "done"])
        #expect(Text.chunk("👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧", 5) == ["👨‍👩‍👧👨‍👩‍👧", "👨‍👩‍👧"])
        #expect(Text.chunk("✅✅✅", 4) == ["✅✅", "✅"])
    }

    /// Random wide text at every width: the properties hold for all of it.
    @Test func randomWideTextNeverOverflowsOrSplits() {
        var random = SeededRandom(label: "TextFitTests")
        for _ in 0..<300 {
            let text = WideText.random(Int.random(in: 0...30, using: &random), using: &random)
            for width in 2...24 {
                let fitted = Text.fit(text, width)
                #expect(TextWidth.columns(of: fitted) <= width, "fit(\(text), \(width)) = \(fitted)")
                #expect(isWholeGraphemes(String(fitted.dropLast(fitted.hasSuffix("…") ? 1 : 0)), of: text))
                let kept = Text.fitKeepingEnd(text, width)
                #expect(TextWidth.columns(of: kept) <= width, "fitKeepingEnd(\(text), \(width)) = \(kept)")
                #expect(isWholeGraphemes(String(kept.dropFirst(kept.hasPrefix("…") ? 1 : 0)), of: text))
                #expect(TextWidth.columns(of: Text.pad(text, width)) == width)
                #expect(TextWidth.columns(of: Text.padLeft(text, width)) == width)

                let wrapped = Text.wrap(text, width)
                #expect(wrapped.allSatisfy { TextWidth.columns(of: $0) <= width }, "wrap(\(text), \(width)) = \(wrapped)")
                #expect(wrapped.joined().filter { $0 != " " } == text.filter { $0 != " " }, "wrap loses nothing but spaces")
                let chunks = Text.chunk(text, width)
                #expect(chunks.allSatisfy { TextWidth.columns(of: $0) <= width }, "chunk(\(text), \(width)) = \(chunks)")
                #expect(chunks.joined() == text, "chunk loses nothing")
            }
        }
    }

    @Test func theLogLineFitsEveryWidth() {
        for width in 1...40 {
            #expect(TextWidth.columns(of: Text.fit(line, width)) <= width)
            #expect(Text.wrap(line, width).allSatisfy { TextWidth.columns(of: $0) <= max(width, 2) })
        }
    }
}
