import Foundation

/// Everything that can change the war room, fed to ``AppState/apply(_:)`` one at a time.
public enum Event: Sendable, Hashable {
    /// The injected clock moved.
    case tick(Date)
    case sample(MetricSample)
    /// A health check made: its 0/1 sample of `health.<name>`, with what the check saw.
    case health(HealthResult)
    /// One dated line, in event time (the simulator, a backtest).
    case log(LogLine)
    /// Everything one read of a log file brought (a live feed).
    case logs(LogBatch)
    case source(SourceReport)
    /// The evaluator's look at the rollout controller.
    case controller(ControllerReading)
    /// A person asked for something; nothing changes until the journal has it (``recorded(_:)``).
    case intent(Intent, actor: String)
    /// An entry is durably in the journal (ours, another process's, or read back on resume).
    case recorded(JournalEntry)
    /// A command a person asked for has ended (the runtime ran it, off the loop).
    case commandFinished(CommandResult)
    /// An action on the rollout controller has ended (the evaluator's runtime ran it, off the loop).
    case controllerActionFinished(ControllerActionResult)
    /// An attempt to send a notice has ended (the evaluator's runtime sent it, off the loop).
    case noticeFinished(NoticeRequest, SendResult)

    /// A feed's reading: the evaluator judges these on its next turn rather than the moment they arrive.
    public var isFeedReading: Bool {
        switch self {
        case .sample, .health, .log, .logs, .source, .controller: true
        case .tick, .intent, .recorded, .commandFinished, .controllerActionFinished, .noticeFinished: false
        }
    }
}

/// What a person can ask the war room to do.
public enum Intent: Sendable, Hashable {
    case start
    case toggleChecklist(item: String)
    /// Promote to the next stage. Past a gate that is not READY, only with the person's reason (`override`).
    case promote(override: String? = nil)
    case rollback(reason: String?)
    case decide(point: String, verdict: Verdict, note: String?)
    case acknowledge(trigger: String)
    case note(String)
    /// Run the command of the plan's rollback step at this index, once the rollback is recorded.
    case runRollbackStep(Int)
    /// Mark the rollback step at this index done by hand (`done`), or take that mark back.
    case markRollbackStep(Int, done: Bool)
    /// Ask the evaluator to run this action on the rollout controller, as the person confirmed it.
    case driveController(ControllerAction)
    /// Post a status update: journaled, and told to the plan's targets that want updates.
    case postUpdate(StatusUpdate)
}

/// A command a person asked the war room to run.
public struct CommandRequest: Sendable, Hashable {
    /// The rollback step it belongs to (its index in the plan).
    public var step: Int
    public var command: String
    public var actor: String

    public init(step: Int, command: String, actor: String) {
        self.step = step
        self.command = command
        self.actor = actor
    }
}

/// How a requested command ended.
public struct CommandResult: Sendable, Hashable {
    public var request: CommandRequest
    /// Nil when it did not exit by itself: killed, timed out, or never started (the output says which).
    public var exitStatus: Int32?
    /// Standard output then standard error, as the journal keeps it.
    public var output: String

    public init(request: CommandRequest, exitStatus: Int32?, output: String) {
        self.request = request
        self.exitStatus = exitStatus
        self.output = output
    }
}

/// What the reducer asks the runtime to do; it never does it itself.
public enum Effect: Sendable, Hashable {
    /// Append this entry durably, then feed it back as ``Event/recorded(_:)``.
    case record(JournalEntry)
    /// A trigger started firing: ring the terminal bell.
    case bell
    /// The intent was refused; tell the person why.
    case refuse(Refusal)
    /// Run this command off the loop, then feed its end back as ``Event/commandFinished(_:)``.
    case run(CommandRequest)
    /// Run this action on the rollout controller off the loop (only the evaluator is asked), then feed its end
    /// back as ``Event/controllerActionFinished(_:)``.
    case drive(ControllerRequest)
    /// Send this notice off the loop (only the evaluator is asked), then feed how it went back as
    /// ``Event/noticeFinished(_:_:)``.
    case deliver(NoticeRequest)
}
