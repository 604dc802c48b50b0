import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes an export to a file the way the journal it copies is kept: readable by its owner only (0600), since a
/// post-mortem holds everything the journal does. Atomic: the text goes into a private temporary file beside
/// `path`, which is then renamed over it, so an existing export (whatever its mode) is replaced by a 0600 file
/// and a reader never sees half of one.
public enum ExportFile {
    public static func write(_ text: String, to path: String) throws(ExportFileError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).warroom-\(UUID().uuidString.prefix(8))").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ExportFileError(path: path, reason: String(cString: strerror(errno))) }
        let file = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var failure: String?
        do {
            // The umask only takes bits away from 0600; fchmod makes it exactly 0600 whatever it is.
            if fchmod(descriptor, 0o600) != 0 { failure = String(cString: strerror(errno)) }
            try file.write(contentsOf: Data(text.utf8))
            try file.synchronize()
        } catch {
            failure = failure ?? "\(error.localizedDescription)"
        }
        try? file.close()
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw ExportFileError(path: path, reason: failure)
        }
    }
}

/// An export that could not be written, with the file and the system's reason.
public struct ExportFileError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String

    public var description: String { "cannot write the export to \(path): \(reason)" }
}
