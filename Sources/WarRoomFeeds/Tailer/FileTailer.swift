#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Follows a file by name like `tail -F`, by polling: each ``poll()`` reads only the bytes added since the last one.
///
/// A class because it owns open file descriptors (closed in `deinit`); use it from one task at a time.
/// Rotation by rename (or delete and recreate) is followed by identity (device, inode): the old file stays open and
/// is read to its end before the new one is read from 0, and it is only let go once the new one holds something,
/// since a writer keeps writing the old file until it reopens the path.
/// A file truncated in place (`copytruncate`) is noticed even when the writer has already written it past our
/// offset again (the last bytes read are compared with what the file now holds there); what it held past our
/// offset is read from the copy beside it, and when no copy holds it the loss is reported.
public final class FileTailer {
    public let path: String
    /// Longest line kept, in bytes; longer lines are cut there and end in ``truncationMark``.
    public let maxLineBytes: Int
    /// Most bytes read in one poll, so a huge backlog is spread over several polls instead of one long stall.
    public let maxBytesPerPoll: Int
    /// Appended to a line cut at ``maxLineBytes``.
    public static let truncationMark = "…[truncated]"
    /// Most files held at once: past this, the oldest is taken as finished even if no newer one holds anything yet
    /// (a path rotated again and again while nothing writes to it).
    static let mostFilesHeld = 8

    /// Whether the path could be read at the last poll (a renamed file still being read to its end does not count).
    public private(set) var availability = FileAvailability.readable

    private var startAtEnd: Bool
    /// With `startAtEnd`, how many bytes before the end to start from anyway, for context (like `tail -F` showing
    /// the last lines first). The partial line this lands in is skipped.
    public let backlogBytes: Int
    /// Oldest first; only the first is read until it is finished. The last is the one the path named last, unless
    /// the path now names something that cannot be read.
    private var files: [TailedFile] = []
    /// Bytes of a line whose newline has not arrived yet, in the first file.
    private var pending: [UInt8] = []
    /// Inside an over-long line that was already cut: drop bytes until its newline.
    private var skippingRestOfLine = false

    /// - Parameter startAtEnd: skip what the file holds at the first poll but its last `backlogBytes`
    ///   (a file that appears later is read whole).
    public init(path: String, startAtEnd: Bool = false, backlogBytes: Int = 0, maxLineBytes: Int = 64 * 1024,
                maxBytesPerPoll: Int = 1 << 20) {
        self.path = path
        self.startAtEnd = startAtEnd
        self.backlogBytes = max(0, backlogBytes)
        self.maxLineBytes = max(maxLineBytes, 1)
        self.maxBytesPerPoll = max(maxBytesPerPoll, 1)
    }

    /// Bytes held for a line whose newline has not come yet; never more than ``maxLineBytes`` (for tests).
    var bufferedByteCount: Int { pending.count }

    /// How many files are open (for tests).
    var heldFileCount: Int { files.count }

    deinit {
        for file in files { close(file.descriptor) }
    }

    /// Reads what was appended since the last poll and notices the file going missing, appearing, becoming
    /// unreadable, shrinking or being replaced.
    public func poll() -> TailChunk {
        var chunk = TailChunk()
        let (pathState, openedBehindOthers) = follow()
        let readFailure = read(into: &chunk)
        let now: FileAvailability
        switch (pathState, readFailure) {
        case (.readable, let reason?): now = .unreadable(reason: reason)
        default: now = pathState
        }
        guard now != availability else { return chunk }
        switch now {
        case .missing: chunk.changes.append(.missing)
        case .unreadable(let reason): chunk.changes.append(.unreadable(reason: reason))
        // A new file behind an older one is announced as `.rotated` once the older one is finished.
        case .readable: if !openedBehindOthers { chunk.changes.append(.appeared) }
        }
        availability = now
        return chunk
    }

    /// What the path names now, opening it when it names a file not held yet. `openedBehindOthers` is true when
    /// that file was put behind others still being read.
    private func follow() -> (FileAvailability, openedBehindOthers: Bool) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            switch code {
            case ENOENT, ENOTDIR:
                // A file that appears later is new: read it whole.
                if files.isEmpty { startAtEnd = false }
                return (.missing, false)
            default:
                return (.unreadable(reason: Self.describe(code)), false)
            }
        }
        if files.contains(where: { $0.role == .followed && $0.identity == FileIdentity(info) }) { return (.readable, false) }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return (.unreadable(reason: Self.describe(errno)), false) }
        var opened = stat()
        guard fstat(fd, &opened) == 0 else {
            let code = errno
            close(fd)
            return (.unreadable(reason: Self.describe(code)), false)
        }
        // Read by offset, so only a regular file will do; and a FIFO would make every poll wait for its writer.
        guard opened.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            return (.unreadable(reason: opened.st_mode & S_IFMT == S_IFDIR ? "is a directory" : "is not a regular file"), false)
        }
        let identity = FileIdentity(opened)
        // Renamed back, or swapped between our stat and open: the file is already held.
        guard !files.contains(where: { $0.role == .followed && $0.identity == identity }) else {
            close(fd)
            return (.readable, false)
        }
        let behind = !files.isEmpty
        let offset = startAtEnd && !behind ? max(0, Int64(opened.st_size) - Int64(backlogBytes)) : 0
        let file = TailedFile(descriptor: fd, identity: identity, role: .followed, offset: offset)
        if !behind {
            // Starting inside the file: the bytes up to the first newline are the end of a line we did not see.
            skippingRestOfLine = offset > 0 && !file.byte(before: offset, is: UInt8(ascii: "\n"))
        }
        startAtEnd = false
        files.append(file)
        return (.readable, behind)
    }

    /// Reads the files in order, each finished one to its end and then let go, within the poll's budget. Returns
    /// why the file being read cannot be read, if it cannot.
    private func read(into chunk: inout TailChunk) -> String? {
        var budget = maxBytesPerPoll
        while !files.isEmpty {
            let finished: Bool
            switch files[0].role {
            case .rotatedCopy:
                finished = true
            case .followed where files.count > 1:
                // Checked before the last read: once a newer file holds anything, the writer has left this one, so
                // what it holds now is all it ever will.
                finished = files.count > Self.mostFilesHeld || files.dropFirst().contains { ($0.size() ?? 0) > 0 }
            case .followed:
                let size = files[0].size()
                if let size, files[0].wasRewritten(size: size) {
                    guard restartAfterTruncation(into: &chunk) else { return nil }
                    continue
                }
                if let size {
                    files[0].saw(size: size)
                    if size > files[0].offset { chunk.reserve(bytes: Int(min(size - files[0].offset, Int64(budget)))) }
                }
                finished = false
            }
            switch readFirst(budget: &budget, into: &chunk) {
            case .end: break
            case .budgetSpent:
                chunk.isPartial = true
                return nil
            case .failed(let reason): return reason
            }
            guard finished else { return nil }
            flushPending(into: &chunk)
            let done = files.removeFirst()
            close(done.descriptor)
            switch done.role {
            case .rotatedCopy:
                // A poll stops at a truncation: the lines so far are the old content, the next poll the new start.
                chunk.changes.append(.truncated)
                chunk.isPartial = true
                return nil
            case .followed:
                chunk.changes.append(.rotated)
            }
        }
        return nil
    }

    /// The followed file (the only one held) was emptied in place: it is read again from 0, after what it held past
    /// our offset is read from its rotated copy. Returns false when there is no copy: the poll ends there, and the
    /// loss is reported.
    private func restartAfterTruncation(into chunk: inout TailChunk) -> Bool {
        let truncated = files[0]
        files[0].restart()
        guard let copy = RotatedCopy.find(besides: path, of: truncated) else {
            chunk.changes.append(.truncated)
            chunk.changes.append(.lost(bytes: max(0, truncated.sizeSeen - truncated.offset)))
            // The rest of a partial line went with the lost bytes.
            pending.removeAll()
            skippingRestOfLine = false
            return false
        }
        // The copy continues the byte stream where we stopped, partial line included.
        files.insert(TailedFile(descriptor: copy.descriptor, identity: copy.identity, role: .rotatedCopy,
                                offset: truncated.offset), at: 0)
        return true
    }

    private enum ReadEnd {
        case end
        case budgetSpent
        case failed(reason: String)
    }

    /// Reads the first file from its offset, splitting complete lines into `chunk`, until its end or until `budget`
    /// bytes were read.
    private func readFirst(budget: inout Int, into chunk: inout TailChunk) -> ReadEnd {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while budget > 0 {
            let wanted = min(buffer.count, budget)
            let count = buffer.withUnsafeMutableBytes { files[0].read(into: $0, count: wanted) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return .failed(reason: Self.describe(errno)) }
            guard count > 0 else { return .end }
            budget -= count
            buffer.withUnsafeBufferPointer { split(UnsafeBufferPointer(rebasing: $0[0..<count]), into: &chunk) }
        }
        return .budgetSpent
    }

    /// `strerror`'s words in lower case, to sit inside a sentence: "permission denied".
    static func describe(_ code: Int32) -> String {
        let words = String(cString: strerror(code))
        return words.prefix(1).lowercased() + words.dropFirst()
    }

    private func split(_ bytes: UnsafeBufferPointer<UInt8>, into chunk: inout TailChunk) {
        var start = 0
        while start < bytes.count {
            let newline = bytes.firstIndex(of: UInt8(ascii: "\n"), from: start)
            let piece = UnsafeBufferPointer(rebasing: bytes[start..<(newline ?? bytes.count)])
            if let newline, pending.isEmpty, !skippingRestOfLine, piece.count <= maxLineBytes {
                // A whole line in this read, the usual case: taken straight from the buffer, not via `pending`.
                chunk.append(line: Self.withoutCR(piece))
                start = newline + 1
                continue
            }
            if !skippingRestOfLine {
                pending.append(contentsOf: piece)
                if pending.count > maxLineBytes {
                    pending.withUnsafeBufferPointer { chunk.append(line: Self.cut($0, at: maxLineBytes)) }
                    chunk.extendLastLine(with: Self.truncationMark.utf8)
                    pending.removeAll()
                    skippingRestOfLine = true
                }
            }
            guard let newline else { return }
            if !skippingRestOfLine { pending.withUnsafeBufferPointer { chunk.append(line: Self.withoutCR($0)) } }
            pending.removeAll(keepingCapacity: true)
            skippingRestOfLine = false
            start = newline + 1
        }
    }

    /// The old file will not get its missing newline: its last partial line is still a line.
    private func flushPending(into chunk: inout TailChunk) {
        if !pending.isEmpty && !skippingRestOfLine { pending.withUnsafeBufferPointer { chunk.append(line: Self.withoutCR($0)) } }
        pending.removeAll()
        skippingRestOfLine = false
    }

    /// A line without the CR of a CRLF ending.
    static func withoutCR(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        bytes.last == UInt8(ascii: "\r") ? UnsafeBufferPointer(rebasing: bytes.dropLast()) : bytes
    }

    /// The first `limit` bytes, backed off to a character boundary so a cut never makes a replacement character.
    static func cut(_ bytes: UnsafeBufferPointer<UInt8>, at limit: Int) -> UnsafeBufferPointer<UInt8> {
        var end = min(limit, bytes.count)
        while end > 0, end < bytes.count, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[..<end])
    }
}
