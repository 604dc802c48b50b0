import CNCursesw
import WarRoomUI

/// Turns raw curses input into the `Key`s panes understand; pure, so the mapping is tested without a tty.
public enum KeyDecoder {
    /// The codes curses gives the bracketed-paste markers `ESC [ 200 ~` and `ESC [ 201 ~` (``CursesTerminal`` defines
    /// them): past every code curses uses itself.
    public static let pasteStartCode: Int32 = KEY_MAX + 1
    public static let pasteEndCode: Int32 = KEY_MAX + 2

    /// The key for one input, or nil for input the UI has no use for (other control bytes,
    /// unmapped function keys, invalid code points).
    public static func decode(_ input: RawInput) -> Key? {
        switch input {
        case .functionKey(let code): return functionKey(code)
        case .character(let code): return character(code)
        }
    }

    private static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_BTAB: .backTab
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_RESIZE: .resize
        case pasteStartCode: .pasteStart
        case pasteEndCode: .pasteEnd
        default: nil
        }
    }

    private static func character(_ code: UInt32) -> Key? {
        switch code {
        case 0x09: return .tab
        case 0x0A, 0x0D: return .enter  // nonl gives '\r'; '\n' still arrives from pipes and some terminals
        case 0x1B: return .escape
        case 0x08, 0x7F: return .backspace  // terminals disagree on which byte Backspace sends
        case 0x00...0x1F, 0x80...0x9F: return nil  // controls must never reach a text field
        default: return Unicode.Scalar(code).map { .character(Character($0)) }
        }
    }
}
