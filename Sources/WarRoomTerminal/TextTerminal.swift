import WarRoomUI

/// A terminal without a terminal: fixed size, keeps the last frame, plays back scripted keys.
/// For headless runs and tests; it never touches curses.
public final class TextTerminal: TerminalBackend {
    public var size: (width: Int, height: Int)
    /// Set by a test to make the run loop behave as if that signal had arrived.
    public var pendingSignal: Int32?
    /// The last frame drawn, nil before the first.
    public private(set) var lastFrame: Buffer?
    /// How many frames were drawn.
    public private(set) var frameCount = 0
    /// How many times the bell rang.
    public private(set) var bellCount = 0
    /// True once `restore()` has been called.
    public private(set) var isRestored = false
    /// Keys still to be returned by `readKey`, first first.
    public var scriptedKeys: [Key]

    public init(width: Int = 80, height: Int = 24, keys: [Key] = []) {
        size = (width, height)
        scriptedKeys = keys
    }

    /// The last frame's text, one string per row (continuation cells skipped); empty before the first frame.
    public var lines: [String] { lastFrame?.lines ?? [] }

    public func draw(_ buffer: Buffer) {
        lastFrame = buffer
        frameCount += 1
    }

    /// The next scripted key, or nil at once (no waiting) when the script is used up.
    public func readKey(timeoutMilliseconds: Int, wake: Int32?) -> Key? {
        scriptedKeys.isEmpty ? nil : scriptedKeys.removeFirst()
    }

    public func bell() { bellCount += 1 }

    /// Each sequence a copy would have written, oldest first.
    public private(set) var clipboardWrites: [String] = []

    public func copyToClipboard(_ text: String) -> Bool {
        guard let sequence = Clipboard.sequence(for: text) else { return false }
        clipboardWrites.append(sequence)
        return true
    }

    public func restore() { isRestored = true }
}
