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

    /// A one-line bar on standard error while a large recording is read, redrawn in place and cleared at the end.
    /// Only on a terminal (a pipe or a log file would keep every redraw) and only past `threshold` bytes (a small
    /// file is read before a bar could be seen). It is our own text, so it is written as is, carriage return included.
    final class Progress {
        static let threshold = 50 << 20
        private static let width = 30
        private let total: Int
        private let shown: Bool
        private var done = 0
        /// The percentage last drawn: redrawn only when it changes, about a hundred writes in all.
        private var drawn: Int?

        init(total: Int, quiet: Bool) {
            self.total = total
            self.shown = !quiet && total > Self.threshold && isatty(2) == 1
        }

        func advance(by bytes: Int) {
            guard shown else { return }
            done += bytes
            let percent = min(100, done * 100 / max(total, 1))
            guard percent != drawn else { return }
            drawn = percent
            let filled = Self.width * percent / 100
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: Self.width - filled)
            Console.write("\rreading [\(bar)] \(percent)% of \(total >> 20) MB", to: .standardError)
        }

        func finish() {
            guard shown, drawn != nil else { return }
            Console.write("\r\u{1B}[K", to: .standardError)
        }
    }

    private static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
