/// What to do when the release goes wrong: the steps, who owns them in each stage, and what to do if they fail.
public struct RollbackPlan: Sendable, Codable, Hashable {
    public var steps: [RollbackStep]
    public var owners: [RollbackOwner]
    /// "If rollback fails: …" plans, as written.
    public var contingency: [String]

    public init(steps: [RollbackStep] = [], owners: [RollbackOwner] = [], contingency: [String] = []) {
        self.steps = steps
        self.owners = owners
        self.contingency = contingency
    }

    /// The owners for a stage: rows naming it, then rows for every stage.
    public func owners(of stage: String) -> [RollbackOwner] {
        owners.filter { $0.stages.contains(stage) } + owners.filter { $0.stages.isEmpty }
    }
}

/// One rollback step: what to do, and the command that does it when there is one.
public struct RollbackStep: Sendable, Codable, Hashable {
    public var text: String
    public var command: String?

    public init(_ text: String, command: String? = nil) {
        self.text = text
        self.command = command
    }
}

/// Who rolls back during some stages (all of them when `stages` is empty).
public struct RollbackOwner: Sendable, Codable, Hashable {
    public var stages: [String]
    public var primary: String
    public var backup: String?

    public init(stages: [String], primary: String, backup: String? = nil) {
        self.stages = stages
        self.primary = primary
        self.backup = backup
    }
}
