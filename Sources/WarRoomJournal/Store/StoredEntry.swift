import Foundation
import WarRoomCore

/// A journal entry with its payload text exactly as the journal holds it. The JSON exports write that text
/// instead of encoding the decoded event again, which was most of their time on a large journal.
public struct StoredEntry: Sendable, Hashable {
    public var entry: JournalEntry
    /// The `events.payload` JSON, always on one line (the NDJSON export relies on it).
    public var payload: String

    /// An entry not read from a journal, with the payload the journal would store for it.
    public init(_ entry: JournalEntry) throws {
        self.entry = entry
        payload = try JournalJSON.encode(entry.event)
    }

    /// An entry as read: the stored text when it is one plain UTF-8 object on one line (always, when warroom wrote
    /// it), otherwise the decoded event written again, so an edited journal (a byte-order mark, UTF-16, a line
    /// break between tokens) cannot break the export's JSON or its line per event.
    init(_ entry: JournalEntry, stored: Data, encoder: JSONEncoder) throws {
        self.entry = entry
        let plain = stored.withUnsafeBytes { bytes in
            bytes.first == UInt8(ascii: "{") && bytes.last == UInt8(ascii: "}")
                && !bytes.contains { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        }
        payload = plain ? String(decoding: stored, as: UTF8.self) : try JournalJSON.encode(entry.event, using: encoder)
    }
}
