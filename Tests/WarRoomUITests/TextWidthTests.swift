import Testing
import WarRoomTestSupport
import WarRoomUI

/// Columns as the terminal counts them: wide and emoji two, marks and joiners nothing, clusters whole.
@Suite struct TextWidthTests {
    @Test(arguments: WideText.graphemes)
    func graphemeColumns(_ sample: (grapheme: String, columns: Int)) {
        #expect(sample.grapheme.count == 1, "\(sample.grapheme) is one grapheme cluster")
        #expect(TextWidth.columns(of: Character(sample.grapheme)) == sample.columns, "\(sample.grapheme)")
    }

    @Test func scalarColumns() {
        let expected: [(Unicode.Scalar, Int)] = [
            ("a", 1), ("é", 1), ("─", 1), ("▇", 1), ("␛", 1), ("…", 1), ("→", 1), ("✓", 1), ("✗", 1),
            ("☕", 2), ("✅", 2), ("❌", 2), ("中", 2), ("가", 2), ("ア", 2), ("！", 2), ("👍", 2), ("🏽", 2), ("🫠", 2),
            ("\u{301}", 0), ("\u{200D}", 0), ("\u{200B}", 0), ("\u{FE0F}", 0), ("\u{FE0E}", 0), ("\u{2060}", 0),
            ("\u{FEFF}", 0), ("\u{1161}", 0), ("\u{11A8}", 0), ("\u{E0067}", 0), ("\u{20E3}", 0),
            // Visible although they are format characters or soft: what wcwidth and tmux count.
            ("\u{AD}", 1), ("\u{600}", 1),
            ("🇩", 1), ("ｱ", 1), ("\u{E000}", 1), ("\u{20000}", 2), ("\u{3FFFD}", 2),
        ]
        for (scalar, columns) in expected {
            #expect(TextWidth.columns(of: scalar) == columns, "U+\(String(scalar.value, radix: 16, uppercase: true))")
        }
    }

    @Test func emojiSequences() {
        for sequence in ["👍🏽", "🇩🇪", "👨‍👩‍👧", "👨‍👩‍👧‍👦", "❤️", "#️⃣", "🏳️‍🌈", "☝🏽"] {
            #expect(TextWidth.isEmojiSequence(Character(sequence)), "\(sequence)")
            #expect(TextWidth.columns(of: Character(sequence)) == 2, "\(sequence)")
        }
        // A modifier after a letter, U+FE0F after a letter that has no emoji form, and plain text are not.
        for text in ["a🏽", "a\u{FE0F}", "e\u{301}", "中", "☕"] {
            #expect(!TextWidth.isEmojiSequence(Character(text)), "\(text)")
        }
        #expect(TextWidth.columns(of: Character("a\u{FE0F}")) == 1)
    }

    /// A cluster that is not an emoji takes what a terminal advances for each of its scalars.
    @Test func otherClustersAddUpTheirScalars() {
        #expect(TextWidth.columns(of: Character("ᄀ\u{1161}\u{11A8}")) == 2, "a Hangul syllable spelled in jamo")
        #expect(TextWidth.columns(of: Character("中\u{301}")) == 2)
        #expect(TextWidth.columns(of: Character("\u{301}")) == 0, "a lone mark has nothing to draw")
        #expect(TextWidth.columns(of: Character("\u{200B}")) == 0)
    }

    @Test func stringColumns() {
        #expect(TextWidth.columns(of: WideText.logLine) == WideText.logLineColumns)
        #expect(TextWidth.columns(of: "☕ ✅ ❌ 中文") == 13)
        #expect(TextWidth.columns(of: "a\u{200B}b") == 2)
        // Sanitised first: ESC shows as one control picture.
        #expect(TextWidth.columns(of: "\u{1B}[2J") == 4)
    }
}
