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

    /// An entry as read: the stored text when it is on one line (it always is when warroom wrote it), otherwise
    /// the decoded event written again, so an edited journal cannot break a line-per-event export.
    init(_ entry: JournalEntry, stored: Data, encoder: JSONEncoder) throws {
        self.entry = entry
        let breaksLine = stored.withUnsafeBytes { bytes in
            bytes.contains { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        }
        if breaksLine {
            payload = try JournalJSON.encode(entry.event, using: encoder)
        } else {
            payload = String(decoding: stored, as: UTF8.self)
        }
    }
}
