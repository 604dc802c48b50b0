import WarRoomCore

/// Terminal column widths of graphemes, and the sanitiser that keeps control bytes off the screen.
public enum TextWidth {
    /// Columns a grapheme takes: 2 for East Asian wide and emoji, 1 otherwise.
    public static func columns(of grapheme: Character) -> Int {
        guard let scalar = grapheme.unicodeScalars.first else { return 0 }
        return isWide(scalar.value) ? 2 : 1
    }

    /// Columns a string takes once sanitised.
    public static func columns(of text: String) -> Int {
        sanitize(text).reduce(0) { $0 + columns(of: $1) }
    }

    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Makes untrusted text inert for a cell (see `InertText`): no escape sequence from a log line, note or plan
    /// reaches the terminal.
    public static func sanitize(_ text: String) -> String { InertText.line(text) }
}
