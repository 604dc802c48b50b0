/// What one ``FileTailer/poll()`` found: the complete new lines, and what happened to the file meanwhile.
public struct TailChunk: Sendable, Hashable {
    /// Something that happened to the followed file, in the order it was noticed.
    public enum Change: Sendable, Hashable {
        /// The path does not exist (reported once, until it exists again).
        case missing
        /// The path exists again, or for the first time after being missing.
        case appeared
        /// The file shrank below what was already read, or was rewritten in place past it (`copytruncate` while
        /// the writer goes on): reading restarted at 0.
        case truncated
        /// The path now names a different file: the old one was read to its end, the new one is read from 0.
        case rotated
    }

    public var lines: [String]
    public var changes: [Change]

    public init(lines: [String] = [], changes: [Change] = []) {
        self.lines = lines
        self.changes = changes
    }
}
