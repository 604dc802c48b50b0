import Testing
@testable import WarRoomUI

/// The composer's editor: keys in, text and cursor out, by grapheme cluster, wrapped and scrolled by drawn rows.
@Suite struct TextAreaTests {
    func typed(_ text: String, into area: inout TextArea, width: Int = 40, rows: Int = 5) {
        for character in text { area.handle(character == "\n" ? .enter : .character(character), width: width, rows: rows) }
    }

    func press(_ keys: Key..., on area: inout TextArea, width: Int = 40, rows: Int = 5) {
        for key in keys { area.handle(key, width: width, rows: rows) }
    }

    @Test func typingBackspaceDeleteAndTheArrows() {
        var area = TextArea()
        typed("hello\nworld", into: &area)
        #expect(area.text == "hello\nworld")
        #expect((area.line, area.column) == (1, 5))
        press(.home, .backspace, on: &area)
        #expect(area.text == "helloworld", "Backspace at a line's start joins it to the line above")
        #expect((area.line, area.column) == (0, 5))
        press(.enter, .up, .end, .delete, on: &area)
        #expect(area.text == "helloworld", "Delete at a line's end joins the next line")
        press(.left, .left, .delete, .right, .backspace, on: &area)
        #expect(area.text == "helworld")
        press(.home, .left, on: &area)
        #expect((area.line, area.column) == (0, 0), "nothing before the start")
        press(.end, .right, on: &area)
        #expect((area.line, area.column) == (0, 8))
    }

    @Test func theDraftOpensWithTheCursorAtItsStart() {
        let area = TextArea("one\r\ntwo\n")
        #expect(area.lines == ["one", "two", ""])
        #expect((area.line, area.column) == (0, 0))
        #expect(area.text == "one\ntwo\n")
    }

    @Test func wideCharactersAndCombiningMarksMoveByGrapheme() {
        var area = TextArea()
        // Typed scalar by scalar, as keys arrive: the accent joins its letter, the second regional indicator the first.
        for scalar in "e\u{301}\u{1F1EF}\u{1F1F5}日".unicodeScalars { area.insert(Character(scalar)) }
        #expect(area.text == "é🇯🇵日")
        #expect(area.column == 3)
        press(.backspace, on: &area)
        #expect(area.text == "é🇯🇵")
        press(.left, .backspace, on: &area)
        #expect(area.text == "🇯🇵", "one Backspace takes the accented letter whole")
        let view = area.view(width: 20, rows: 3)
        #expect(view.rows[0] == "🇯🇵")
        #expect(view.cursor.row == 0 && view.cursor.column == 0 && view.cursor.width == 2, "the cursor covers the wide flag")
    }

    @Test func controlsAreDrawnAsTheirPicturesAndKeptAsTyped() {
        var area = TextArea()
        typed("a\u{1B}[2J\u{202E}b", into: &area)
        #expect(area.text == "a\u{1B}[2J\u{202E}b")
        #expect(area.view(width: 40, rows: 2).rows[0] == "a␛[2J⟨U+202E⟩b")
    }

    @Test func longLinesWrapAtASpaceAndUpAndDownMoveByRows() {
        var area = TextArea("the quick brown fox jumps over the lazy dog")
        // 12 columns: 11 for text, one kept for the cursor at a line's end.
        #expect(area.view(width: 12, rows: 5).rows == ["the quick ", "brown fox ", "jumps over ", "the lazy ", "dog"])
        press(.right, .right, .down, on: &area, width: 12)
        #expect(area.column == 12, "two columns in on the second row: br|own")
        press(.down, .down, on: &area, width: 12)
        #expect(area.column == 33, "th|e lazy")
        press(.down, on: &area, width: 12)
        #expect(area.column == 42, "do|g")
        press(.down, on: &area, width: 12)
        #expect(area.column == area.lines[0].count, "past the last row: the end")
        press(.up, on: &area, width: 12)
        #expect(area.column == 33, "the column aimed for is kept through a short row")
        // A word longer than a row breaks inside it.
        #expect(TextArea("abcdefghij").view(width: 5, rows: 4).rows == ["abcd", "efgh", "ij"])
    }

    @Test func longTextScrollsToKeepTheCursorInView() {
        var area = TextArea((1...20).map { "line \($0)" }.joined(separator: "\n"))
        area.scrollToCursor(width: 40, rows: 5)
        var view = area.view(width: 40, rows: 5)
        #expect(view.rows.first == "line 1" && view.above == 0 && view.below == 15)
        for _ in 0..<7 { press(.down, on: &area) }
        area.scrollToCursor(width: 40, rows: 5)
        view = area.view(width: 40, rows: 5)
        #expect(view.rows.first == "line 4" && view.cursor.row == 4, "scrolled just enough: line 8 is the last row shown")
        press(.pageDown, .pageDown, .pageDown, .pageDown, .pageDown, on: &area)
        area.scrollToCursor(width: 40, rows: 5)
        view = area.view(width: 40, rows: 5)
        #expect(view.rows.last == "line 20" && view.below == 0)
        press(.pageUp, on: &area)
        area.scrollToCursor(width: 40, rows: 5)
        #expect(area.line == 15 && area.view(width: 40, rows: 5).rows.last == "line 20", "a page up inside the view does not scroll")
    }

    @Test func theTextHasALimit() {
        var area = TextArea(String(repeating: "x", count: TextArea.capacity))
        let typed = area.insert("y"), broken = area.insertLineBreak()
        #expect(!typed && !broken)
        #expect(area.count == TextArea.capacity)
    }
}
