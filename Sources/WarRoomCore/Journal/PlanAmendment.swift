import Foundation

/// A plan for the same release, changed while it runs, as the journal keeps it: the whole new plan, so every war
/// room and a replay fold to it, and the changes in words for the screen and the post-mortem.
public struct PlanAmendment: Sendable, Hashable, Codable {
    public var plan: Plan
    /// One line per change, e.g. `error_rate alert > 2 → > 2.5`.
    public var changes: [String]

    public init(plan: Plan, changes: [String]) {
        self.plan = plan
        self.changes = changes
    }
}
