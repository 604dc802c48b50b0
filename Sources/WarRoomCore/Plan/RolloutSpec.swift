import Foundation

/// The plan's `rollout:` section: which controller the war room watches, how often, and whether it may drive it.
public struct RolloutSpec: Sendable, Codable, Hashable {
    /// How often the controller is asked for its state when the plan does not say.
    public static let defaultPoll: TimeInterval = 5
    /// Faster than a second only loads the API server; slower than five minutes misses a whole canary step.
    public static let pollRange: ClosedRange<TimeInterval> = 1...300

    public var controller: RolloutController
    /// True when the war room only watches: it never promotes or aborts through the controller.
    public var readOnly: Bool
    public var poll: TimeInterval

    public init(controller: RolloutController, readOnly: Bool = false, poll: TimeInterval = RolloutSpec.defaultPoll) {
        self.controller = controller
        self.readOnly = readOnly
        self.poll = poll
    }
}
