import Foundation

/// The three checklist groups of the seed release plans.
public enum ChecklistPhase: String, Sendable, Codable, Hashable, CaseIterable {
    case preLaunch = "pre_launch"
    case launchDay = "launch_day"
    case postLaunch = "post_launch"

    /// Pre-launch work is due before T0 and post-launch work after it; launch-day work at any time.
    public func admits(due offset: TimeInterval) -> Bool {
        switch self {
        case .preLaunch: offset <= 0
        case .launchDay: true
        case .postLaunch: offset >= 0
        }
    }

    public var title: String {
        switch self {
        case .preLaunch: "Pre-launch"
        case .launchDay: "Launch day"
        case .postLaunch: "Post-launch"
        }
    }
}

/// One checklist line of the plan.
public struct ChecklistItem: Sendable, Codable, Hashable, Identifiable {
    /// Stable id (`pre_launch.3`) so journal entries survive edits to the text.
    public var id: String
    public var phase: ChecklistPhase
    public var text: String
    public var owner: String?
    /// Promotion is blocked while this item is open.
    public var blocksPromotion: Bool
    /// When it should be done, in seconds from T0 (`T-30m` is -1800).
    public var due: TimeInterval?

    public init(id: String, phase: ChecklistPhase, text: String, owner: String? = nil, blocksPromotion: Bool = false,
                due: TimeInterval? = nil) {
        self.id = id
        self.phase = phase
        self.text = text
        self.owner = owner
        self.blocksPromotion = blocksPromotion
        self.due = due
    }
}
