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

    public func append(_ text: String, to name: String) { append(Array(text.utf8), to: name) }

    public func append(_ bytes: [UInt8], to name: String) {
        guard let handle = fopen(file(name), "a") else { return }
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, handle) }
        fclose(handle)
    }

    public func rename(_ from: String, to: String) { _ = Foundation.rename(file(from), file(to)) }

    public func truncate(_ name: String) { _ = Foundation.truncate(file(name), 0) }

    public func remove(_ name: String) { _ = unlink(file(name)) }
}
