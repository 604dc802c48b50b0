import Foundation

/// Who and what is being released.
public struct ReleaseInfo: Sendable, Codable, Hashable {
    public var name: String
    public var version: String
    public var type: String
    public var risk: String?
    public var owner: String
    public var onCall: String
    /// Scheduled T0; nil means the release starts when someone presses `s`.
    public var start: Date?

    public init(name: String, version: String, type: String = "standard", risk: String? = nil,
                owner: String, onCall: String, start: Date? = nil) {
        self.name = name
        self.version = version
        self.type = type
        self.risk = risk
        self.owner = owner
        self.onCall = onCall
        self.start = start
    }
}

/// A release plan: everything the war room watches and every action it offers.
public struct Plan: Sendable, Codable, Hashable {
    public var release: ReleaseInfo
    public var strategy: Strategy
    public var stages: [Stage]
    public var metrics: [MetricSpec]
    public var triggers: [TriggerRule]
    public var rollbackSteps: [String]
    public var checklist: [ChecklistItem]
    public var decisionPoints: [DecisionPoint]
    public var sources: [SourceSpec]

    public init(release: ReleaseInfo, strategy: Strategy, stages: [Stage], metrics: [MetricSpec],
                triggers: [TriggerRule], rollbackSteps: [String], checklist: [ChecklistItem],
                decisionPoints: [DecisionPoint] = DecisionPoint.standard, sources: [SourceSpec] = []) {
        self.release = release
        self.strategy = strategy
        self.stages = stages
        self.metrics = metrics
        self.triggers = triggers
        self.rollbackSteps = rollbackSteps
        self.checklist = checklist
        self.decisionPoints = decisionPoints
        self.sources = sources
    }

    public func metric(named name: String) -> MetricSpec? { metrics.first { $0.name == name } }
}
