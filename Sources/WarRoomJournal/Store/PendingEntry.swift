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

extension PendingEntry {
    /// The id of an entry journaled before entries had ids (SQLite before v5), made from what names it for good: its
    /// journal's identity (`journal`: its stored plan hash and creation time) and its `seq`. Copying the same old
    /// journal twice thus gives its entries the same ids, and the second copy stores nothing.
    ///
    /// FNV-1a 128 of `warroom-entry/<journal>/<seq>`, with the UUID's version 8 ("custom") and RFC 9562 variant bits
    /// set. The function is fixed by its constants and reads only those bytes (never `Hasher`, which is seeded per
    /// process), so every warroom on every platform derives the same id; changing it would make a copy made by an
    /// older warroom look new. Not a cryptographic hash: the ids need only be distinct within one journal.
    static func derivedID(journal: String, seq: Int64) -> UUID {
        var hash: UInt128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d
        for byte in "warroom-entry/\(journal)/\(seq)".utf8 {
            hash ^= UInt128(byte)
            hash = hash &* 0x0000_0000_0100_0000_0000_0000_0000_013b
        }
        var bytes = (0..<16).map { UInt8(truncatingIfNeeded: hash >> (8 * (15 - $0))) }
        bytes[6] = bytes[6] & 0x0f | 0x80
        bytes[8] = bytes[8] & 0x3f | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
