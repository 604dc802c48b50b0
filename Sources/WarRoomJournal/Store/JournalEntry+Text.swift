import Foundation
import WarRoomCore

extension JournalEntry {
    /// The entry as one tab-separated line (UTC time, actor, session, kind, payload JSON as stored), for
    /// printing entries that could not be recorded: a person can read it and a script can split it.
    public var tabSeparated: String {
        let payload = (try? JournalJSON.encode(event)) ?? "\(event)"
        let fields = [time.formatted(.iso8601), actor, session, event.kind, payload]
        return fields.map { $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
            .joined(separator: "\t")
    }
}
