/// A key press, decoded by the terminal backend; panes and dialogs only ever see these.
public enum Key: Sendable, Hashable {
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case tab, backTab
    case enter, escape, backspace
    /// The Delete key (forward delete).
    case delete
    /// The terminal changed size.
    case resize
    /// A paste begins or ends (bracketed paste): what comes between is text, never a command.
    case pasteStart, pasteEnd
}
