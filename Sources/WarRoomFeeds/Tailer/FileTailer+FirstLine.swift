#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FileTailer {
    /// The first complete line of the file at `path` (without its CR), reading at most `maxBytes`; nil when the
    /// file is missing or holds no newline that early. For a CSV file followed from its end, whose header is at
    /// the top.
    public static func firstLine(of path: String, maxBytes: Int = 64 * 1024) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: max(maxBytes, 1))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
            if bytes[(filled - count)..<filled].contains(UInt8(ascii: "\n")) { break }
        }
        guard let newline = bytes[..<filled].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        return bytes.withUnsafeBufferPointer { String(decoding: withoutCR(UnsafeBufferPointer(rebasing: $0[..<newline])), as: UTF8.self) }
    }
}
