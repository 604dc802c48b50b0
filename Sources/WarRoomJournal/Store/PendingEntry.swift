import Foundation
import WarRoomCore

/// An entry on its way into a shared journal, with the id that makes writing it again harmless: a retry after a lost
/// answer, or a spool replayed after a crash, stores it once.
public struct PendingEntry: Sendable, Hashable {
    public var id: UUID
    public var entry: JournalEntry

    public init(id: UUID = UUID(), entry: JournalEntry) {
        self.id = id
        self.entry = entry
    }
}
