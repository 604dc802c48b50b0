import Foundation

/// Strings an attacker or a broken exporter sends, and the check that none of their control characters left the
/// program raw.
public enum HostileText {
    /// One of each kind of control sequence, XSS payload, Markdown break-out and width trap.
    public static let corpus: [String] = [
        "\u{1B}[2J\u{1B}[H cleared",               // erase the screen
        "\u{1B}]52;c;ZWNobyBwd25lZA==\u{07}",      // OSC 52: write the clipboard
        "\u{1B}]0;owned title\u{07}",              // set the window title
        "\u{1B}P+q544e\u{1B}\\",                   // DCS request
        "\u{9B}31mC1 CSI red",                     // the one-byte CSI
        "\u{9D}0;c1 osc\u{9C}",
        "bell\u{07}\u{07}",
        "nul\u{0}byte",
        "del\u{7F}ete",
        "back\u{8}\u{8}space",
        "carriage\rreturn",
        "ab\u{202E}cdef\u{202C}",                  // right-to-left override
        "\u{2066}isolate\u{2069}",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "\"><svg onload=alert(1)>",
        "javascript:alert(1)",
        "]]></x><!--",
        "`code` *em* [link](javascript:alert(1)) | cell |",
        "```\nfence",
        "☕✅❌ wide 中文字",
        "👍🏽 🇩🇪 👨‍👩‍👧 e\u{301}",
    ]

    /// Every raw control left in `text`: C0 except line feed and tab, DEL, C1, and the bidi controls.
    public static func rawControls(in text: String, allowing allowed: Set<Unicode.Scalar> = ["\n", "\t"]) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { scalar in
            guard !allowed.contains(scalar) else { return false }
            switch scalar.value {
            case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
            default: return false
            }
        }
    }

    /// The raw controls in bytes that may not be UTF-8 (a raw C1 byte counts too).
    public static func rawControls(in bytes: [UInt8]) -> [Unicode.Scalar] {
        rawControls(in: String(decoding: bytes, as: UTF8.self))
    }
}
