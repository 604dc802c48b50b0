/// What one ``FileTailer/poll()`` found: the complete new lines, and what happened to the file meanwhile.
///
/// The lines are kept as their bytes, one after another, not as one String each: a log feed reads every line in
/// place and makes text only of the few the screen can show.
public struct TailChunk: Sendable {
    /// Something that happened to the followed file, in the order it was noticed.
    public enum Change: Sendable, Hashable {
        /// The path does not exist (reported once, until it exists again).
        case missing
        /// Something is at the path but cannot be read, and why (reported once per reason, until it can be read).
        case unreadable(reason: String)
        /// The path can be read again, after being missing or unreadable with no older file still being read.
        case appeared
        /// The file shrank below what was already read, or was rewritten in place past it (`copytruncate` while
        /// the writer goes on). The lines before this change are what it held before, read from its rotated copy
        /// when one is found beside it; a poll stops here, and the next one reads the file from its new start.
        case truncated
        /// After a truncation, no rotated copy beside the file held what it had past our offset: at least `bytes`
        /// bytes (what we knew it held and had not read yet), and whatever was written since our last read, are lost.
        case lost(bytes: Int64)
        /// The path names a different file and the old one was read to its end: a writer opens the new file only
        /// once it is done with the old one, so the old one is finished once the new one holds anything.
        case rotated
    }

    public var changes: [Change]
    /// True when the poll stopped before the end of what there is to read (its byte budget spent, or a truncation
    /// reached): a follower should poll again at once rather than wait, or a fast log leaves it ever further behind.
    public internal(set) var isPartial = false
    /// Every line's bytes, without its newline (nor the CR of a CRLF); possibly invalid UTF-8.
    private var bytes: [UInt8] = []
    /// Where each line ends in `bytes`; line `i` starts where line `i - 1` ends.
    private var lineEnds: [Int] = []

    public init(lines: [String] = [], changes: [Change] = []) {
        self.changes = changes
        for line in lines { Array(line.utf8).withUnsafeBufferPointer { append(line: $0) } }
    }

    public var lineCount: Int { lineEnds.count }

    /// The lines as text, invalid UTF-8 replaced by U+FFFD.
    public var lines: [String] { (0..<lineCount).map { index in withLine(index) { String(decoding: $0, as: UTF8.self) } } }

    /// Lends line `index`'s bytes to `body`, without copying them.
    public func withLine<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let start = index == 0 ? 0 : lineEnds[index - 1]
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<lineEnds[index]])) }
    }

    /// Room for about `count` more bytes of lines, so a big read does not grow the storage step by step.
    mutating func reserve(bytes count: Int) {
        bytes.reserveCapacity(bytes.count + count)
        lineEnds.reserveCapacity(lineEnds.count + count / 64)
    }

    mutating func append(line: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: line)
        lineEnds.append(bytes.count)
    }

    /// Appends `suffix` to the line appended last (the mark of a line cut short).
    mutating func extendLastLine(with suffix: some Sequence<UInt8>) {
        bytes.append(contentsOf: suffix)
        lineEnds[lineEnds.count - 1] = bytes.count
    }
}

extension TailChunk: Hashable {
    public static func == (lhs: TailChunk, rhs: TailChunk) -> Bool {
        lhs.changes == rhs.changes && lhs.lineEnds == rhs.lineEnds && lhs.bytes == rhs.bytes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(changes)
        hasher.combine(lineEnds)
        hasher.combine(bytes)
    }
}
