import Testing
import WarRoomTestSupport
import WarRoomUI
@testable import WarRoomTerminal

/// What curses is given for one cell: every scalar of the cluster, in curses cells whose widths (as the C library
/// counts them) add up to the cell's width, so curses and the buffer agree on every column after it.
@Suite struct CellGlyphsTests {
    /// glibc's wcwidth for what these tests use: the table's widths, nothing for controls and for U+1FAE8 (an emoji
    /// newer than the library).
    private static func wcwidth(_ scalar: Unicode.Scalar) -> Int? {
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x1FAE8 { return nil }
        return TextWidth.columns(of: scalar)
    }

    private func pieces(_ grapheme: String, capacity: Int = 5) -> [[String]] {
        CellGlyphs(Cell(Character(grapheme)), capacity: capacity, columns: Self.wcwidth).pieces.map { piece in
            [String(piece.column), String(String.UnicodeScalarView(piece.scalars))]
        }
    }

    @Test func aClusterWhoseScalarsAddUpIsOnePiecePerSpacingScalar() {
        #expect(pieces("a") == [["0", "a"]])
        #expect(pieces("中") == [["0", "中"]])
        #expect(pieces("e\u{301}") == [["0", "e\u{301}"]], "the accent rides on its letter")
        #expect(pieces("🇩🇪") == [["0", "🇩"], ["1", "🇪"]], "each regional indicator is one column to wcwidth")
        #expect(pieces("ᄀ\u{1161}") == [["0", "ᄀ\u{1161}"]])
    }

    @Test func anEmojiSequenceIsOneGlyphAsWideAsItsBase() {
        #expect(pieces("👍🏽") == [["0", "👍🏽"]], "the skin tone is not lost")
        #expect(pieces("👨‍👩‍👧") == [["0", "👨‍👩‍👧"]], "nor any of the family")
        // Without U+FE0F, whose effect on width terminals disagree about; a one-column base is followed by a blank.
        #expect(pieces("❤️") == [["0", "❤"], ["1", " "]])
        #expect(pieces("🏳️‍🌈") == [["0", "🏳\u{200D}🌈"], ["1", " "]])
        #expect(pieces("#️⃣") == [["0", "#\u{20E3}"], ["1", " "]])
        #expect(pieces("☕\u{FE0E}") == [["0", "☕"]])
    }

    @Test func aCursesCellHoldsAtMostItsCapacity() {
        #expect(pieces("👨‍👩‍👧‍👦") == [["0", "👨‍👩‍👧"]], "cut before a joiner: no dangling U+200D")
        #expect(pieces("👨‍👩‍👧‍👦", capacity: 2) == [["0", "👨"]])
        #expect(pieces("a\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}") == [["0", "a\u{301}\u{302}\u{303}\u{304}"]])
    }

    @Test func whatTheTerminalCannotShowBecomesAReplacementOfTheSameWidth() {
        #expect(pieces("\u{1FAE8}") == [["0", "\u{FFFD}"]], "an emoji newer than the C library")
        #expect(pieces("\u{1B}") == [["0", "\u{FFFD}"]], "a control that slipped past sanitising")
        #expect(pieces("\u{301}") == [["0", " "]], "a mark with nothing to ride on")
        #expect(pieces("\u{202E}") == [["0", "\u{FFFD}"]], "a bidi override is never sent")
    }

    /// For every sample: the columns curses counts equal the buffer's, and every scalar but the presentation
    /// selectors is sent.
    @Test(arguments: WideText.graphemes)
    func cursesAndBufferAgree(_ sample: (grapheme: String, columns: Int)) {
        let cell = Cell(Character(sample.grapheme))
        let glyphs = CellGlyphs(cell, capacity: 5, columns: Self.wcwidth)
        var column = 0
        for piece in glyphs.pieces {
            #expect(piece.column == column, "\(sample.grapheme): pieces are written side by side")
            #expect(!piece.scalars.isEmpty && piece.scalars.count <= 5)
            column += Self.wcwidth(piece.scalars[0]) ?? 0
        }
        #expect(column == sample.columns, "\(sample.grapheme)")
        let sent = glyphs.pieces.flatMap(\.scalars).filter { $0 != " " }
        #expect(sent == Array(sample.grapheme.unicodeScalars.filter { $0 != "\u{FE0F}" && $0 != " " }), "\(sample.grapheme)")
    }
}
