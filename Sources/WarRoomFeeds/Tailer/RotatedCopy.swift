#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the copy that logrotate's `copytruncate` made of a file just before emptying it, so the lines written
/// between our last read and the truncation can still be read.
///
/// The copy sits beside the file under the file's name and a suffix (`app.log.1`, `app.log.0`,
/// `app.log-20261122`, …). It is recognised by content, not by name: it begins with the bytes we saw at the
/// file's start, and where we stopped reading it holds the bytes we read last. Compressed copies cannot be read
/// as text and are not looked at.
enum RotatedCopy {
    /// Endings of copies that logrotate (or a person) compressed.
    static let compressedExtensions: Set<String> = ["gz", "bz2", "xz", "zst", "lz4", "lzma", "z", "br", "zip"]

    /// An open descriptor on the copy of `file` (followed at `path`), or nil when no sibling holds its content.
    static func find(besides path: String, of file: TailedFile) -> (descriptor: Int32, identity: FileIdentity)? {
        let (directory, name) = split(path)
        var candidates: [(path: String, modified: Int)] = []
        for entry in entries(of: directory) where isCandidate(entry, of: name) {
            let sibling = directory + "/" + entry
            var info = stat()
            guard stat(sibling, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int64(info.st_size) >= file.offset,
                  FileIdentity(info) != file.identity else { continue }
            #if canImport(Glibc)
            let modified = info.st_mtim
            #else
            let modified = info.st_mtimespec
            #endif
            candidates.append((sibling, Int(modified.tv_sec) * 1_000_000_000 + Int(modified.tv_nsec)))
        }
        // Newest first: in a log that repeats itself an older copy could hold the same bytes at the same places.
        for candidate in candidates.sorted(by: { $0.modified > $1.modified }) {
            let fd = open(candidate.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            guard fd >= 0 else { continue }
            if file.matches(fd), let identity = FileIdentity(descriptor: fd) { return (fd, identity) }
            close(fd)
        }
        return nil
    }

    /// `app.log.1`, `app.log-20261122`, `app.log_old` for `app.log`; not `app.log` itself, nor `app.log.1.gz`.
    static func isCandidate(_ entry: String, of name: String) -> Bool {
        guard entry.count > name.count + 1, entry.hasPrefix(name) else { return false }
        let suffix = entry.dropFirst(name.count)
        guard let separator = suffix.first, ".-_".contains(separator) else { return false }
        let ending = suffix.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return !(suffix.contains(".") && compressedExtensions.contains(ending))
    }

    private static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    private static func entries(of directory: String) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            names.append(name)
        }
        return names
    }
}
