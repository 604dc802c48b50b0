import Foundation
import WarRoomCore

/// The only way the commands write to standard output and error. Plans, journals, Markdown and metric files all
/// end up quoted in messages, summaries and reports, so everything passes the one policy for outside text
/// (`InertText`) on its way out: an escape sequence in a release name prints as `␛]52;…`, it never runs.
enum Console {
    /// Text for people on standard output.
    static func out(_ text: String) { write(InertText.lines(text), to: .standardOutput) }

    /// Text for people on standard error.
    static func error(_ text: String) { write(InertText.lines(text), to: .standardError) }

    /// JSON on standard output: the same values, with C1 and bidi controls escaped inside their strings.
    static func json(_ text: String) { write(InertText.json(text), to: .standardOutput) }

    private static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
