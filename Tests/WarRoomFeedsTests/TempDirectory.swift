import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh directory per test, removed when the value goes away; files are written with plain POSIX calls so
/// appends, renames and truncations keep the inode semantics the tailer relies on.
final class TempDirectory {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-feeds-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func append(_ text: String, to name: String) { append(Array(text.utf8), to: name) }

    func append(_ bytes: [UInt8], to name: String) {
        let file = fopen(path(name), "a")!
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, file) }
        fclose(file)
    }

    func rename(_ from: String, to: String) { _ = Foundation.rename(path(from), path(to)) }

    func truncate(_ name: String) { _ = Foundation.truncate(path(name), 0) }

    func remove(_ name: String) { _ = unlink(path(name)) }
}
