import Foundation
import WarRoomCore

/// The OSC 52 sequence that asks the terminal to put text on the system clipboard: `ESC ] 52 ; c ; <base64> BEL`.
/// The text is made inert first (``InertText/lines(_:)``: line feeds and tabs stay, every other control becomes
/// visible), so what lands on the clipboard can never carry a sequence of its own into whatever it is pasted in.
public enum Clipboard {
    /// Terminals drop longer sequences (xterm's default limit is about 100 kB of base64); a status update is a few
    /// hundred bytes.
    public static let largestText = 64 * 1024

    /// The sequence for `text`, or nil when it is too long to send.
    public static func sequence(for text: String) -> String? {
        let inert = InertText.lines(text)
        guard inert.utf8.count <= largestText else { return nil }
        return "\u{1B}]52;c;" + Data(inert.utf8).base64EncodedString() + "\u{07}"
    }
}
