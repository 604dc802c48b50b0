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
