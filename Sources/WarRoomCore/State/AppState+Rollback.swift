import Foundation

/// A command run from the war room, as the journal has it.
public struct CommandRun: Sendable, Hashable, Codable {
    /// The rollback step it ran; nil in entries from before steps were journaled with their run.
    public var step: Int?
    public var command: String
    /// Nil when it did not exit by itself (killed, timed out, never started).
    public var exitStatus: Int32?
    public var output: String
    public var by: String
    public var at: Date

    public var succeeded: Bool { exitStatus == 0 }
}

/// A rollback step's command that a war room on this journal started and has not yet reported the end of.
public struct StartedCommand: Sendable, Hashable, Codable {
    public var step: Int
    public var command: String
    public var by: String
    public var at: Date
    /// The session running it: only that session's result ends it.
    public var session: String
    /// The `command_started` entry; the runtime runs a start of its own only when it is this one.
    public var seq: Int64
}

extension AppState {
    /// How long a rollback step's command may run before it is killed: long enough for a deployment to roll
    /// back and report, short enough that a hung command does not sit there all night.
    public static let rollbackCommandTimeout: TimeInterval = 600

    /// How long a started step with no result holds the step for everyone: its war room kills it at
    /// ``rollbackCommandTimeout`` and journals that, so silence after this means that war room died with it.
    public static let abandonedCommandAfter: TimeInterval = rollbackCommandTimeout + 2 * lateStartLimit

    /// The longest a step's start may take to reach the journal and still run.
    public static let lateStartLimit: TimeInterval = 30

    /// The step's command if a war room on this journal is running it now (this one or another).
    public func running(step: Int) -> StartedCommand? {
        self.startedCommands[step].flatMap { Self.isAbandoned($0, at: now) ? nil : $0 }
    }

    static func isAbandoned(_ started: StartedCommand, at time: Date) -> Bool {
        time.timeIntervalSince(started.at) >= abandonedCommandAfter
    }

    /// The first rollback step with a command to run; nil when every step is done by hand.
    public var firstStepWithCommand: Int? { plan.rollback.steps.firstIndex { $0.command != nil } }

    /// Who marked a rollback step done by hand, and when; nil when nobody has (or the mark was taken back).
    public func doneByHand(step: Int) -> Tick? { self.stepsDoneByHand[step] }

    /// A rollback step is done when it is marked done by hand or its command's latest run exited 0.
    public func isDone(step: Int) -> Bool { doneByHand(step: step) != nil || lastRun(ofStep: step)?.succeeded == true }

    /// How far the rollback procedure got: the plan's steps done, of all of them.
    public var rollbackProgress: (done: Int, total: Int) {
        (plan.rollback.steps.indices.filter(isDone(step:)).count, plan.rollback.steps.count)
    }

    /// Every run of a rollback step's command, oldest first, as ``lastRun(ofStep:)`` counts them.
    public func runs(ofStep step: Int) -> [CommandRun] {
        guard plan.rollback.steps.indices.contains(step), let command = plan.rollback.steps[step].command else { return [] }
        return self.commandRuns.filter { $0.step.map { $0 == step } ?? ($0.command == command) }
    }

    /// The latest run of a rollback step's command, by anyone on this journal. A run journaled without its step
    /// (an older journal) counts for the step with that command.
    public func lastRun(ofStep step: Int) -> CommandRun? {
        runs(ofStep: step).last
    }
}
