import Foundation
import WarRoomCore

/// One rollout stage as it was lived: when it was entered, by whom, and how it ended.
struct StagePeriod: Sendable, Hashable {
    /// How a stage's time came to an end.
    enum Ending: Sendable, Hashable {
        case promoted(by: String)
        case rolledBack(by: String, reason: String?)
        /// Still the current stage when the journal ends.
        case current
    }

    /// The stage's index in the plan.
    var index: Int
    var name: String
    var start: Date
    var enteredBy: String
    /// The reason given for promoting into this stage past a gate that was not READY.
    var override: PromotionOverride?
    /// When the stage ended; for the current stage, the end of the report.
    var end: Date
    var ending: Ending

    var duration: TimeInterval { max(0, end.timeIntervalSince(start)) }
}
