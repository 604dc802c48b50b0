import Foundation

/// A command run from the war room, as the journal has it.
public struct CommandRun: Sendable, Hashable, Codable {
    public var command: String
    /// Nil when it did not exit by itself (killed, timed out, never started).
    public var exitStatus: Int32?
    public var output: String
    public var by: String
    public var at: Date

    public var succeeded: Bool { exitStatus == 0 }
}

extension AppState {
    /// How long a rollback step's command may run before it is killed: long enough for a deployment to roll
    /// back and report, short enough that a hung command does not sit there all night.
    public static let rollbackCommandTimeout: TimeInterval = 600

    /// The first rollback step with a command to run; nil when every step is done by hand.
    public var firstStepWithCommand: Int? { plan.rollback.steps.firstIndex { $0.command != nil } }

    /// The latest run of a rollback step's command, by anyone on this journal.
    public func lastRun(ofStep step: Int) -> CommandRun? {
        guard plan.rollback.steps.indices.contains(step), let command = plan.rollback.steps[step].command else { return nil }
        return commandRuns.last { $0.command == command }
    }
}
