import Foundation
import WarRoomCore

/// A journal entry as the JSON and NDJSON exports write it: every stored field, the time both as
/// ISO 8601 text for people and as Unix seconds for programs (exact), and the payload as structured JSON
/// in the journal's own shape (docs/journal-schema.md). Written by ``append(_:type:to:)``; `Encodable` is the
/// reference that writer is tested against.
struct ExportedEvent: Codable, Hashable {
    /// `"event"` on an NDJSON line; absent inside the JSON document's `events` array.
    var type: String?
    var seq: Int64
    /// `2025-03-04T10:15:00.000Z`, milliseconds rounded down.
    var time: String
    /// Seconds since 1970 UTC, exactly as stored.
    var unix: Double
    var actor: String
    var session: String
    var kind: String
    var payload: JournalEvent

    init(_ entry: JournalEntry, type: String? = nil) {
        self.type = type
        seq = entry.seq
        time = UTCFormat.iso8601(entry.time)
        unix = entry.time.timeIntervalSince1970
        actor = entry.actor
        session = entry.session
        kind = entry.event.kind
        payload = entry.event
    }

    /// The journal entry back, exactly: the time is taken from `unix`, not the rounded text.
    var entry: JournalEntry {
        JournalEntry(seq: seq, time: Date(timeIntervalSince1970: unix), actor: actor, session: session, event: payload)
    }
}

extension ExportedEvent {
    /// Appends the event's JSON object, keys sorted, with the payload exactly as the journal stored it.
    static func append(_ stored: StoredEntry, type: String? = nil, to bytes: inout [UInt8]) {
        let entry = stored.entry
        JSONObjectText.append(to: &bytes) { object in
            object.add("actor", string: entry.actor)
            object.add("kind", string: entry.event.kind)
            object.add("payload", json: stored.payload)
            object.add("seq", integer: entry.seq)
            object.add("session", string: entry.session)
            object.add("time", string: UTCFormat.iso8601(entry.time))
            if let type { object.add("type", string: type) }
            object.add("unix", number: entry.time.timeIntervalSince1970)
        }
    }
}
