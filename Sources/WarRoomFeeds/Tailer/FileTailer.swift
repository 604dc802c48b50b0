#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Follows a file by name like `tail -F`, by polling: each ``poll()`` reads only the bytes added since the last one.
///
/// A class because it owns an open file descriptor (closed in `deinit`); use it from one task at a time.
/// Rotation by rename is followed by identity (device, inode): the old descriptor is read to its end before the
/// new file is opened from 0, so lines written to the old file after the rename are not lost.
/// A file truncated in place (`copytruncate`) is read again from 0, even when the writer has already written it past
/// our offset again: the last bytes read are remembered and compared with what the file now holds there.
public final class FileTailer {
    public let path: String
    /// Longest line kept, in bytes; longer lines are cut there and end in ``truncationMark``.
    public let maxLineBytes: Int
    /// Most bytes read in one poll, so a huge backlog is spread over several polls instead of one long stall.
    public let maxBytesPerPoll: Int
    /// Appended to a line cut at ``maxLineBytes``.
    public static let truncationMark = "…[truncated]"

    /// True while the path does not exist (even if an already-open, renamed file is still being drained).
    public private(set) var isMissing = false

    private var startAtEnd: Bool
    /// With `startAtEnd`, how many bytes before the end to start from anyway, for context (like `tail -F` showing
    /// the last lines first). The partial line this lands in is skipped.
    public let backlogBytes: Int
    private var descriptor: Int32 = -1
    private var identity: FileIdentity?
    private var offset: Int64 = 0
    /// Bytes of a line whose newline has not arrived yet.
    private var pending: [UInt8] = []
    /// Inside an over-long line that was already cut: drop bytes until its newline.
    private var skippingRestOfLine = false
    /// The last bytes before `offset` as we read them: if the file no longer holds them there, it was rewritten.
    private var lastBytesRead: [UInt8] = []
    private static let fingerprintLength = 64

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

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Reads what was appended since the last poll and notices the file going missing, appearing, shrinking or
    /// being replaced.
    public func poll() -> TailChunk {
        var chunk = TailChunk()
        if descriptor < 0 {
            guard openFile(into: &chunk) else { return chunk }
        }
        let size = FileIdentity.size(of: descriptor)
        if let size, wasTruncated(size: size) {
            chunk.changes.append(.truncated)
            offset = 0
            _ = lseek(descriptor, 0, SEEK_SET)
            pending.removeAll()
            skippingRestOfLine = false
            lastBytesRead.removeAll()
        }
        if let size, size > offset {
            chunk.reserve(bytes: Int(min(size - offset, Int64(maxBytesPerPoll))))
        }
        let drained = readAvailable(budget: maxBytesPerPoll, into: &chunk)
        // Only look for a replacement once the current file is read to its end, or its tail would be lost.
        guard drained else { return chunk }
        let current = FileIdentity(path: path)
        if current == nil {
            if !isMissing { chunk.changes.append(.missing) }
            isMissing = true
        } else if current != identity {
            _ = readAvailable(budget: .max, into: &chunk)  // what was written between our read and the rename
            flushPending(into: &chunk)
            close(descriptor)
            descriptor = -1
            isMissing = false
            chunk.changes.append(.rotated)
            if openFile(into: &chunk) { _ = readAvailable(budget: maxBytesPerPoll, into: &chunk) }
        } else if isMissing {
            isMissing = false
            chunk.changes.append(.appeared)
        }
        return chunk
    }

    /// True when the file is shorter than what was read, or no longer holds the bytes read last where they were
    /// (truncated, then written past our offset again before this poll).
    private func wasTruncated(size: Int64) -> Bool {
        if size < offset { return true }
        guard !lastBytesRead.isEmpty, let now = Self.bytes(count: lastBytesRead.count, before: offset, in: descriptor) else {
            return false
        }
        return now != lastBytesRead
    }

    /// Up to `count` bytes ending at `offset`; nil when they cannot be read (then nothing is concluded from them).
    private static func bytes(count: Int, before offset: Int64, in fd: Int32) -> [UInt8]? {
        let start = max(0, offset - Int64(count))
        var bytes = [UInt8](repeating: 0, count: Int(offset - start))
        let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
        return got == bytes.count ? bytes : nil
    }

    /// Opens the path; records `.missing` (once) or `.appeared`. Returns false when there is no file.
    private func openFile(into chunk: inout TailChunk) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0, let opened = FileIdentity(descriptor: fd) else {
            if fd >= 0 { close(fd) }
            if !isMissing { chunk.changes.append(.missing) }
            isMissing = true
            startAtEnd = false
            return false
        }
        if isMissing { chunk.changes.append(.appeared) }
        isMissing = false
        descriptor = fd
        identity = opened
        offset = startAtEnd ? max(0, (FileIdentity.size(of: fd) ?? 0) - Int64(backlogBytes)) : 0
        // Starting inside the file: the bytes up to the first newline are the end of a line we did not see.
        skippingRestOfLine = offset > 0 && !Self.byte(before: offset, in: fd, is: UInt8(ascii: "\n"))
        startAtEnd = false
        _ = lseek(fd, off_t(offset), SEEK_SET)
        lastBytesRead = Self.bytes(count: Self.fingerprintLength, before: offset, in: fd) ?? []
        return true
    }

    private static func byte(before offset: Int64, in fd: Int32, is expected: UInt8) -> Bool {
        var byte: UInt8 = 0
        return pread(fd, &byte, 1, off_t(offset - 1)) == 1 && byte == expected
    }

    /// Reads up to `budget` bytes, splitting complete lines into `chunk`. True when the end of the file was reached.
    private func readAvailable(budget: Int, into chunk: inout TailChunk) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var left = budget
        while left > 0 {
            let wanted = min(buffer.count, left)
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, wanted) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return true }
            offset += Int64(count)
            left -= count
            lastBytesRead = count >= Self.fingerprintLength ? Array(buffer[(count - Self.fingerprintLength)..<count])
                                                            : Array((lastBytesRead + buffer[0..<count]).suffix(Self.fingerprintLength))
            buffer.withUnsafeBufferPointer { split(UnsafeBufferPointer(rebasing: $0[0..<count]), into: &chunk) }
        }
        return false
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
