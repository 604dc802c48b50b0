import DequeModule
import Foundation

/// The whole war room as a value. Only ``apply(_:)`` changes it; panes read it.
public struct AppState: Sendable {
    /// Who ticked a checklist item, and when.
    public struct Tick: Sendable, Hashable, Codable {
        public var by: String
        public var at: Date
    }

    /// A decision with who made it and when.
    public struct Decision: Sendable, Hashable, Codable {
        public var record: DecisionRecord
        public var by: String
        public var at: Date
    }

    /// A rollback that was carried out.
    public struct Rollback: Sendable, Hashable, Codable {
        public var fromStage: Int
        public var by: String
        public var at: Date
        public var reason: String?
    }

    /// A free-text note from the journal.
    public struct Note: Sendable, Hashable, Codable {
        public var text: String
        public var by: String
        public var at: Date
    }

    /// This process's session id, stamped on every entry it records.
    public let session: String
    /// The injected clock's last reading, never behind the newest entry folded.
    public internal(set) var now: Date
    /// Everything the journal says: the same in every war room on it. Its fields read as the state's own
    /// (`state.series`, `state.t0`: `AppState+Folded.swift`).
    public internal(set) var folded: FoldedState
    /// Whether the notices this war room queues as the evaluator are sent.
    public var notifyPolicy: NotifyPolicy = .asPlanSays
    /// False for a war room's last turn as it quits: it queues what is due but starts no send it could not see
    /// through, leaving it to the next evaluator rather than open.
    public var startsSends = true
    /// The canary judge's judgement at the newest instant of its grid, worked out from the fold by every war room alike
    /// (``judgeCanary()``); nil when no metric has cohorts.
    public internal(set) var canary: Judgement?
    /// What ``canary`` was worked out from.
    var canaryJudgedOn: CanaryReading?
    /// Entries folded from before this process started: the screen says it resumed.
    public internal(set) var resumedEntries = 0

    /// Samples dated further ahead of the evaluator's clock than this are refused (the sender's clock may run a
    /// little fast, but a sample from the future would pin a metric and hide every real one after it).
    public static let futureTolerance: TimeInterval = 60

    public static let logCapacity = LogBatch.lineCapacity
    public static let noteCapacity = 50
    /// A check's results kept with what they saw: enough for its explanation's recent history.
    public static let healthResultCapacity = 8
    public static let commandRunCapacity = 50

    public init(plan: Plan, session: String, now: Date) {
        self.session = session
        self.now = now
        self.folded = FoldedState(plan: plan)
    }

    public var plan: Plan { folded.plan }
    /// Other war rooms attached to the same journal.
    public var otherSessions: Set<String> { Set(folded.attendees.keys).subtracting([session]) }
    /// True when this war room holds the evaluator lease, as the journal last said.
    public var isEvaluator: Bool { folded.evaluator?.session == session }

    public var stage: Stage? { plan.stages.indices.contains(self.stageIndex) ? plan.stages[self.stageIndex] : nil }
    public var isStarted: Bool { self.t0 != nil }
    /// Seconds since T0 (negative before a scheduled start), nil when there is no T0 at all.
    public var elapsed: TimeInterval? { (self.t0 ?? plan.release.start).map { now.timeIntervalSince($0) } }
    public var timeInStage: TimeInterval? { self.stageEnteredAt.map { max(0, now.timeIntervalSince($0)) } }
}
