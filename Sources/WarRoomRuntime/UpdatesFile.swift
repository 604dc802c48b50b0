import Foundation
import WarRoomCore

/// The file a war room appends posted status updates to, when the person asks: Markdown, one section an update, so
/// it can be pasted into a channel or a doc as it is.
enum UpdatesFile {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Appends `text` under a heading with the time and who posted it; creates the file (mode 0644) when missing.
    static func append(_ text: String, by actor: String, at time: Date, to path: String) throws {
        let heading = "## \(UTCParts.clock(time) ?? "?") UTC · \(InertText.line(actor))"
        let section = "\(heading)\n\n\(InertText.lines(text).trimmingCharacters(in: .newlines))\n\n"
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(description: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var bytes = Array(section.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw Failure(description: String(cString: strerror(errno))) }
            bytes = bytes.dropFirst(written)
        }
    }
}
