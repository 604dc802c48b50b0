import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File-system checks made before SQLite sees a path, so failures read as sentences, not error codes.
enum JournalFile {
    /// Fails unless the journal's directory exists; SQLite would only say "unable to open".
    static func requireDirectory(of path: String) throws(JournalError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .directoryMissing(path: path, directory: directory)
        }
    }

    /// True when something exists at the path; fails when that something is a directory.
    static func exists(_ path: String) throws(JournalError) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return false }
        if isDirectory.boolValue { throw .notAFile(path: path) }
        return true
    }

    /// Fails when this process may not write the existing file (its mode, an immutable attribute, a read-only
    /// mount). SQLite would quietly open it read-only and fail only at the first entry, with the screen open.
    /// `AT_EACCESS` checks as the effective (file-system) user, as the writes themselves would be.
    static func requireWritable(_ path: String) throws(JournalError) {
        guard faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0 else { return }
        if [EACCES, EPERM, EROFS].contains(errno) { throw .readOnly(path: path) }
    }

    /// True for a zero-length file: SQLite would take it for an empty database and write a header into it.
    static func isEmpty(_ path: String) -> Bool {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue == 0
    }

    /// Creates an empty file readable by its owner only. SQLite gives the `-wal` and `-shm` files the
    /// database's own mode, so creating the main file first keeps every journal file private
    /// without touching the process-wide umask.
    static func createPrivate(_ path: String) throws(JournalError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
            return
        }
        let code = errno
        if code == EEXIST { return }  // another process created it first: theirs is just as good
        throw .cannotCreate(path: path, reason: String(cString: strerror(code)))
    }
}
