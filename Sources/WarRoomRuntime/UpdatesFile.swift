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
        // O_APPEND: two war rooms on one machine appending at once each land whole.
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(description: String(cString: strerror(errno))) }
        try FileHandle(fileDescriptor: descriptor, closeOnDealloc: true).write(contentsOf: Data(section.utf8))
    }
}
