import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh directory per test, removed when the value goes away. Files are written with plain POSIX calls so
/// appends, renames and truncations keep the inode semantics a tailer relies on.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(_ label: String = "test") {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-\(label)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    public func write(_ text: String, to name: String) throws {
        try text.write(toFile: file(name), atomically: false, encoding: .utf8)
    }

    /// A script to run, written through a descriptor closed on exec: another test's child forked meanwhile would
    /// otherwise hold it open for writing, and running the script would fail with "Text file busy".
    public func writeExecutable(_ text: String, to name: String) throws {
        let descriptor = Foundation.open(file(name), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            offset += written
        }
        _ = fchmod(descriptor, 0o755)
    }

    public func append(_ text: String, to name: String) { append(Array(text.utf8), to: name) }

    public func append(_ bytes: [UInt8], to name: String) {
        guard let handle = fopen(file(name), "a") else { return }
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, handle) }
        fclose(handle)
    }

    public func rename(_ from: String, to: String) { _ = Foundation.rename(file(from), file(to)) }

    public func truncate(_ name: String) { _ = Foundation.truncate(file(name), 0) }

    public func remove(_ name: String) { _ = unlink(file(name)) }

    /// A byte-for-byte copy of `from` as a new file `to`, as logrotate's `copy` makes it (a new inode).
    public func copy(_ from: String, to: String) {
        let source = open(file(from), O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { return }
        defer { close(source) }
        let target = open(file(to), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard target >= 0 else { return }
        defer { close(target) }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            _ = buffer.withUnsafeBytes { Foundation.write(target, $0.baseAddress, count) }
        }
    }

    public func chmod(_ name: String, _ mode: mode_t) { _ = Foundation.chmod(file(name), mode) }

    public func makeDirectory(_ name: String) { _ = mkdir(file(name), 0o755) }

    public func removeDirectory(_ name: String) { _ = rmdir(file(name)) }
}
