import Foundation
import WarRoomCore

/// The JSON export's document, as read back; `JSONExport` writes it field by field so `format` comes first.
struct ExportDocument: Codable, Hashable {
    var format: String
    var version: Int
    /// Which warroom wrote it; absent in exports from before it was written.
    var generator: String?
    var release: ReleaseInfo
    var plan: Plan
    /// How far the rollback procedure got; absent when there was no rollback.
    var rollback: ExportedRollback?
    /// The status updates and notifications; absent when there were none (and in exports from before it was written).
    var communication: ExportedCommunication?
    /// The canary judge's judgements and the objectives' burn; absent for a release with neither (and in exports from
    /// before it was written).
    var canary: ExportedCanary?
    var events: [ExportedEvent]
    var samples: [ExportedSample]
}
