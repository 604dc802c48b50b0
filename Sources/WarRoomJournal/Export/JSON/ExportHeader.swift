import Foundation
import WarRoomCore

/// The first line of an NDJSON export: what follows, and the release and plan it belongs to.
struct ExportHeader: Codable, Hashable {
    var type = "header"
    var format = ExportJSON.format
    var version = ExportJSON.version
    var generator = ExportJSON.generator
    var release: ReleaseInfo
    var plan: Plan
    /// How far the rollback procedure got; absent when the release was not rolled back.
    var rollback: ExportedRollback?
    /// The status updates and notifications; absent when there were none.
    var communication: ExportedCommunication?
    /// The canary judge's judgements and the objectives' burn; absent for a release with neither (and in exports from
    /// before it was written).
    var canary: ExportedCanary?
    /// How many event lines follow, then how many sample lines: a reader can tell a cut-off stream.
    var events: Int
    var samples: Int
}
