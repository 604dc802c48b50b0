#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One file a ``FileTailer`` holds open and reads by offset: the one its path names, one renamed or deleted away
/// that is still being read to its end, or the rotated copy that holds what a truncated file lost.
///
/// The descriptor is closed by the tailer that holds it.
struct TailedFile {
    /// Why the file is held.
    enum Role: Equatable {
        /// Opened through the path: more may be written to it until a newer file at the path holds something.
        case followed
        /// The copy `copytruncate` left beside a followed file: finished once read to its end.
        case rotatedCopy
    }

    /// How many of the first bytes and of the last bytes read are kept to recognise a file's content.
    static let fingerprintLength = 64

    let descriptor: Int32
    let identity: FileIdentity
    let role: Role
    /// Where the next read starts.
    var offset: Int64
    /// The file's first bytes as last seen (up to ``fingerprintLength``), so its copy can be told from other siblings,
    /// and a rewrite noticed even before we read anything.
    private(set) var head: [UInt8] = []
    /// The last bytes before `offset` as we read them: if the file no longer holds them there, it was rewritten.
    private(set) var lastBytesRead: [UInt8] = []
    /// The largest size seen: bytes past `offset` that we know were there, should they be lost.
    private(set) var sizeSeen: Int64 = 0

    init(descriptor: Int32, identity: FileIdentity, role: Role, offset: Int64) {
        self.descriptor = descriptor
        self.identity = identity
        self.role = role
        self.offset = offset
        lastBytesRead = bytes(count: Self.fingerprintLength, before: offset) ?? []
        head = firstBytes() ?? []
    }

    /// The current size, or nil when it cannot be had.
    func size() -> Int64? { FileIdentity.size(of: descriptor) }

    /// True when the file is shorter than what was read, or no longer holds the bytes read last where they were
    /// (truncated, then written past our offset again before this poll), or no longer begins as it did (truncated
    /// and written again before we read any of it). Otherwise notes more of its first bytes, if it has them now.
    mutating func wasRewritten(size: Int64) -> Bool {
        // Read before the other checks: a truncation in between then shows in them, and cannot slip another
        // content's start in as this one's.
        let first = firstBytes()
        if size < offset { return true }
        if !lastBytesRead.isEmpty, let now = bytes(count: lastBytesRead.count, before: offset), now != lastBytesRead {
            return true
        }
        guard let first else { return false }
        if !first.starts(with: head) { return true }
        head = first
        return false
    }

    mutating func saw(size: Int64) { sizeSeen = max(sizeSeen, size) }

    /// Reads up to `count` bytes at `offset` into `buffer`; the bytes' count, 0 at the end, -1 with `errno` set.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer, count: Int) -> Int {
        let got = pread(descriptor, buffer.baseAddress, count, off_t(offset))
        guard got > 0 else { return got }
        offset += Int64(got)
        let read = UnsafeRawBufferPointer(rebasing: buffer[..<got])
        lastBytesRead = got >= Self.fingerprintLength ? Array(read.suffix(Self.fingerprintLength))
                                                      : Array((lastBytesRead + read).suffix(Self.fingerprintLength))
        return got
    }

    /// This file emptied in place: read again from its new start, of which only the first bytes are known.
    mutating func restart() {
        offset = 0
        lastBytesRead = []
        sizeSeen = 0
        // What it begins with now, so a second truncation before our next read is still noticed.
        head = firstBytes() ?? []
    }

    /// The same content, as `copy` holds it: its first bytes are `head`, and at `offset` it holds `lastBytesRead`.
    func matches(_ copy: Int32) -> Bool {
        return Self.bytes(count: head.count, before: Int64(head.count), in: copy) == head
            && Self.bytes(count: lastBytesRead.count, before: offset, in: copy) == lastBytesRead
    }

    /// The byte before `offset` is `expected`.
    func byte(before offset: Int64, is expected: UInt8) -> Bool {
        var byte: UInt8 = 0
        return pread(descriptor, &byte, 1, off_t(offset - 1)) == 1 && byte == expected
    }

    /// The file's first bytes, up to ``fingerprintLength``; nil when they cannot be read.
    private func firstBytes() -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: Self.fingerprintLength)
        let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        return got >= 0 ? Array(bytes[..<got]) : nil
    }

    /// Up to `count` bytes ending at `offset`; nil when they cannot be read (then nothing is concluded from them).
    private func bytes(count: Int, before offset: Int64) -> [UInt8]? { Self.bytes(count: count, before: offset, in: descriptor) }

    private static func bytes(count: Int, before offset: Int64, in fd: Int32) -> [UInt8]? {
        let start = max(0, offset - Int64(count))
        var bytes = [UInt8](repeating: 0, count: Int(offset - start))
        let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
        return got == bytes.count ? bytes : nil
    }
}
