import Foundation

/// One look at the rollout controller by the evaluator: what the controller said, or why it could not be read.
public enum ControllerReading: Sendable, Hashable, Codable {
    case status(ControllerStatus)
    /// kubectl (or the plan's status command) gave no status; `reason` says what failed and what to check.
    case unreadable(reason: String)

    /// Whether this reading says something a person would notice against `previous`: another position or phase, or
    /// another failure. Measured values ticking along do not count.
    public func differs(from previous: ControllerReading?) -> Bool {
        switch (self, previous) {
        case (.status(let now), .status(let before)?):
            now.summary != before.summary || now.rawPhase != before.rawPhase || now.analysis?.phase != before.analysis?.phase
        case (.unreadable(let now), .unreadable(let before)?): now != before
        default: true
        }
    }
}

/// What a person can ask the rollout controller to do from the war room.
public enum ControllerVerb: String, Sendable, Hashable, Codable, CaseIterable {
    /// Go on past the current pause or step.
    case promote
    /// Stop the canary and send all traffic back to the stable version.
    case abort
}

/// One action on the controller as it was confirmed: the exact command shown to the person, the server-side dry run
/// that goes first where kubectl has one, and the controller as it stood, which the change observed afterwards is
/// judged against.
public struct ControllerAction: Sendable, Hashable, Codable {
    /// Names the request in the journal, so its result and the change observed point at it wherever the journal is
    /// copied (`session-milliseconds`, set when the request is recorded; empty before).
    public var id: String = ""
    public var verb: ControllerVerb
    public var command: String
    public var dryRun: String?
    public var before: ControllerStatus?

    public init(id: String = "", verb: ControllerVerb, command: String, dryRun: String? = nil, before: ControllerStatus? = nil) {
        self.id = id
        self.verb = verb
        self.command = command
        self.dryRun = dryRun
        self.before = before
    }

    /// The change this action is waiting for, in words, once `status` shows it (`aborted · weight 0%`); nil until
    /// then. Promote waits for the controller to move on (a later step, the pause cleared, done); abort for the abort.
    public func change(observedIn status: ControllerStatus) -> String? {
        switch verb {
        case .abort:
            switch status.kind {
            case .argoRollout, .flaggerCanary:
                guard status.phase == .aborted else { return nil }
            case .deployment:
                // An undo is a new rollout of the previous template: a new generation, once the controller acts on it.
                guard let now = status.generation, let then = before?.generation, now > then, status.generationLag ?? 0 == 0
                else { return nil }
            }
        case .promote:
            guard let before else { return status.phase == .paused ? nil : status.summary }
            let movedOn = (status.step?.index ?? 0) > (before.step?.index ?? 0)
            let unpaused = before.phase == .paused && status.phase != .paused
            guard movedOn || unpaused || (status.phase == .healthy && before.phase != .healthy) else { return nil }
        }
        return status.summary
    }
}

/// How an action on the controller went: its dry run, then the command itself (not run when the dry run failed, or
/// when the war room that had to run it runs read-only).
public struct ControllerActionResult: Sendable, Hashable, Codable {
    /// The ``ControllerAction/id`` of the request this answers.
    public var request: String
    public var verb: ControllerVerb
    /// The dry run's exit status and output; nil when there was none.
    public var dryRun: Outcome?
    /// The command's; nil when it did not run (the output of the dry run, or `notRun`, says why).
    public var run: Outcome?
    /// Why the command did not run, when it did not.
    public var notRun: String?
    /// Why how it ended is not known: the evaluator that started it went away first. The controller may or may not
    /// have taken it; a later answer from that evaluator, if it comes, replaces this one.
    public var lost: String?

    public struct Outcome: Sendable, Hashable, Codable {
        /// Nil when it did not exit by itself (killed, timed out).
        public var exitStatus: Int32?
        public var output: String

        public init(exitStatus: Int32?, output: String) {
            self.exitStatus = exitStatus
            self.output = output
        }

        public var succeeded: Bool { exitStatus == 0 }
    }

    public init(request: String, verb: ControllerVerb, dryRun: Outcome? = nil, run: Outcome? = nil, notRun: String? = nil,
                lost: String? = nil) {
        self.lost = lost
        self.request = request
        self.verb = verb
        self.dryRun = dryRun
        self.run = run
        self.notRun = notRun
    }

    /// True when the command ran and exited 0: the controller should now show its change.
    public var succeeded: Bool { run?.succeeded == true }

    /// `exit 0`, `dry run refused (exit 1)`, `not run: …`.
    public var outcomeWords: String {
        if let run { return run.exitStatus.map { "exit \($0)" } ?? "did not finish" }
        if let lost { return "unknown: " + lost }
        if let dryRun, !dryRun.succeeded { return "dry run refused (\(dryRun.exitStatus.map { "exit \($0)" } ?? "did not finish"))" }
        return "not run" + (notRun.map { ": " + $0 } ?? "")
    }
}

extension ControllerStatus {
    /// Where the controller stands, as an action worked out from it depends on: its phase, step, pause and set
    /// weight, and its spec's generation. The traffic router's actual weight moving within a step does not count.
    public func standsWhere(_ other: ControllerStatus) -> Bool {
        phase == other.phase && step == other.step && pause?.reason == other.pause?.reason
            && weight?.set == other.weight?.set && generation == other.generation
    }
}
