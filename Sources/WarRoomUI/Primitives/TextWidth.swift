import WarRoomCore

/// Terminal columns of scalars and grapheme clusters, counted as wcwidth and the terminal count them, and the
/// sanitiser that keeps control bytes off the screen.
///
/// A scalar takes 0 columns (combining marks, variation selectors, joiners and other format characters), 2 (East
/// Asian Wide and Fullwidth, which includes every emoji that defaults to emoji presentation) or 1, per the table
/// `scripts/gen-text-width` writes. A grapheme cluster is never split: it takes 2 columns when it is an emoji
/// sequence (a flag, a skin tone, a ZWJ family, a base with U+FE0F) and otherwise the sum of its scalars, which
/// is what a terminal advances for e + U+0301 (1), a Hangul syllable spelled in jamo (2) or an Indic conjunct.
public enum TextWidth {
    /// Columns a scalar takes on its own.
    public static func columns(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        // Latin, its punctuation and the control pictures InertText makes: the common case, without a search.
        if value < 0x0300 { return value < 0x20 || (0x7F...0x9F).contains(value) ? 0 : 1 }
        if contains(zeroWidthRanges, value) { return 0 }
        return contains(doubleWidthRanges, value) ? 2 : 1
    }

    /// Columns a grapheme cluster takes; 0 when it has nothing to draw (a lone mark or joiner, a zero-width space).
    public static func columns(of grapheme: Character) -> Int {
        if grapheme.isASCII, let scalar = grapheme.unicodeScalars.first { return columns(of: scalar) }
        if isEmojiSequence(grapheme) { return 2 }
        return grapheme.unicodeScalars.reduce(0) { $0 + columns(of: $1) }
    }

    /// Columns a string takes once sanitised.
    public static func columns(of text: String) -> Int {
        sanitize(text).reduce(0) { $0 + columns(of: $1) }
    }

    /// True for a cluster drawn as one emoji glyph of two columns whatever its scalars add up to: a pair of regional
    /// indicators (a flag), a base with a skin-tone modifier, emoji joined by U+200D, or an emoji-capable base with
    /// U+FE0F (emoji presentation).
    public static func isEmojiSequence(_ grapheme: Character) -> Bool {
        var previous: Unicode.Scalar?
        for scalar in grapheme.unicodeScalars {
            if let previous {
                switch scalar.value {
                case 0xFE0F where previous.properties.isEmoji: return true
                case 0x1F3FB...0x1F3FF where previous.properties.isEmojiModifierBase: return true
                case 0x1F1E6...0x1F1FF where (0x1F1E6...0x1F1FF).contains(previous.value): return true
                default: if previous == zeroWidthJoiner, scalar.properties.isEmoji { return true }
                }
            }
            previous = scalar
        }
        return false
    }

    /// Makes untrusted text inert for a cell (see `InertText`): no escape sequence from a log line, note or plan
    /// reaches the terminal.
    public static func sanitize(_ text: String) -> String { InertText.line(text) }

    private static let zeroWidthJoiner: Unicode.Scalar = "\u{200D}"

    /// Whether `value` falls in one of the sorted, disjoint ranges stored as first, last, first, last...
    private static func contains(_ ranges: [UInt32], _ value: UInt32) -> Bool {
        // The first range whose last scalar is not below `value`, by binary search over the pairs.
        var low = 0, high = ranges.count / 2
        while low < high {
            let middle = (low + high) / 2
            if ranges[2 * middle + 1] < value { low = middle + 1 } else { high = middle }
        }
        return low < ranges.count / 2 && ranges[2 * low] <= value
    }
}
