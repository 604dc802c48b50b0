import WarRoomUI

/// What the run loop needs from a screen: draw a frame, read a key, ring, and give the terminal back.
///
/// The run loop owns one backend and drives it from a single thread:
/// ```
/// let terminal = try CursesTerminal()
/// defer { terminal.restore() }
/// while true {
///     if let signal = terminal.pendingSignal { terminal.restore(); exit(128 + signal) }
///     terminal.draw(render(size: terminal.size))
///     if let key = terminal.readKey(timeoutMilliseconds: 100) { ... }
/// }
/// ```
public protocol TerminalBackend: AnyObject {
    /// Columns and rows of the screen right now; follows resizes.
    var size: (width: Int, height: Int) { get }

    /// A terminating signal (SIGINT, SIGTERM or SIGHUP) that arrived and has not been acted on;
    /// the run loop polls it every iteration, restores the terminal and exits with 128 + signal.
    var pendingSignal: Int32? { get }

    /// Shows `buffer`, writing only what changed since the last frame.
    func draw(_ buffer: Buffer)

    /// The next key, or nil when none arrived within the timeout, `wake` (a descriptor) became readable, or a signal
    /// interrupted the wait. Returns at least once per timeout so the caller can tick and poll `pendingSignal`.
    /// Waiting costs nothing: the process sleeps until one of those happens.
    func readKey(timeoutMilliseconds: Int, wake: Int32?) -> Key?

    /// Rings the terminal bell.
    func bell()

    /// Asks the terminal to put `text` on the clipboard (``Clipboard``); false when the text was too long to send.
    func copyToClipboard(_ text: String) -> Bool

    /// Gives the terminal back to the shell. Idempotent: safe to call from `defer` and again on exit.
    func restore()
}

extension TerminalBackend {
    public func readKey(timeoutMilliseconds: Int) -> Key? { readKey(timeoutMilliseconds: timeoutMilliseconds, wake: nil) }
}
