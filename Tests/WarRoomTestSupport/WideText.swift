/// Text whose graphemes are not one column each (East Asian wide characters, emoji, flags, skin tones, ZWJ
/// sequences, combining marks, zero-width characters), with the columns a terminal gives each, for the tests of
/// widths, fitting, buffers, frame diffs and the real screen.
public enum WideText {
    /// One grapheme cluster each, with its columns.
    public static let graphemes: [(grapheme: String, columns: Int)] = [
        ("a", 1), ("☕", 2), ("✅", 2), ("❌", 2), ("中", 2), ("文", 2), ("👍🏽", 2), ("🇩🇪", 2), ("👨‍👩‍👧", 2),
        ("e\u{301}", 1), ("ｱ", 1), ("＄", 2), ("ᄀ\u{1161}", 2), ("❤️", 2), ("🏳️‍🌈", 2), ("#️⃣", 2), ("é", 1),
        ("─", 1), ("…", 1),
    ]

    /// A log line with one of each kind, 32 columns wide.
    public static let logLine = "☕ ✅ ❌ 中文 👍🏽 🇩🇪 👨‍👩‍👧 cafe\u{301} done"
    public static let logLineColumns = 32

    /// Random text of `count` graphemes from `graphemes` and spaces, reproducible from `random`.
    public static func random(_ count: Int, using random: inout some RandomNumberGenerator) -> String {
        (0..<count).map { _ in
            Bool.random(using: &random) && Bool.random(using: &random) ? " " : graphemes.randomElement(using: &random)!.grapheme
        }.joined()
    }
}
