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

    public let plan: Plan
    /// This process's session id, stamped on every entry it records.
    public let session: String
    public internal(set) var now: Date

    public internal(set) var t0: Date?
    public internal(set) var stageIndex = 0
    public internal(set) var stageEnteredAt: Date?
    public internal(set) var rollback: Rollback?
    public internal(set) var ticks: [String: Tick] = [:]
    public internal(set) var decisions: [String: Decision] = [:]
    public internal(set) var notes: Deque<Note> = []
    /// Commands run from the war room (rollback steps), oldest first; the newest ``commandRunCapacity``.
    public internal(set) var commandRuns: [CommandRun] = []
    /// Rollback steps started by a war room on this journal with no result journaled yet, by step index.
    public internal(set) var startedCommands: [Int: StartedCommand] = [:]

    public internal(set) var series: [String: Series] = [:]
    public internal(set) var triggers: [String: TriggerState] = [:]
    /// Each trigger's firings as journaled by every session, by trigger id; survives a restart.
    public internal(set) var triggerHistory: [String: TriggerHistory] = [:]
    /// Acknowledgements of firing triggers, by trigger id; cleared when the trigger resolves.
    public internal(set) var acks: [String: Tick] = [:]
    public internal(set) var sources: [String: SourceReport] = [:]
    /// Samples refused per metric because their time lay more than ``futureTolerance`` ahead of the clock.
    public internal(set) var futureSamples: [String: Int] = [:]
    /// How far ahead of our clock a sample may be dated (the sender's clock may run a little fast).
    public static let futureTolerance: TimeInterval = 60

    public internal(set) var logs: Deque<LogLine> = []
    /// Error lines per second over the last minute (and the tolerated future), for the logs pane's per-minute rate.
    public internal(set) var recentErrors = ErrorTally()
    public internal(set) var errorTotal = 0

    /// The newest journal entry folded in; older ones are ignored, so folding is idempotent.
    public internal(set) var journalSeq: Int64 = 0
    /// Entries folded from before this process started: the screen says it resumed.
    public internal(set) var resumedEntries = 0
    /// Other sessions currently attached to the same journal.
    public internal(set) var otherSessions: Set<String> = []
    /// The process of each other attached session, as its attach entry gave it: a war room on the same host checks
    /// these to notice one that died without detaching.
    public internal(set) var sessionProcesses: [String: SessionProcess] = [:]

    public static let logCapacity = LogBatch.lineCapacity
    public static let noteCapacity = 50
    public static let commandRunCapacity = 50

    public init(plan: Plan, session: String, now: Date) {
        self.plan = plan
        self.session = session
        self.now = now
        for trigger in plan.triggers { triggers[trigger.id] = TriggerState(); series[trigger.metric] = Series() }
        for metric in plan.metrics { series[metric.name] = Series() }
        for check in plan.healthChecks { series[check.metricName] = Series() }
    }

    public var stage: Stage? { plan.stages.indices.contains(stageIndex) ? plan.stages[stageIndex] : nil }
    public var isStarted: Bool { t0 != nil }
    /// Seconds since T0 (negative before a scheduled start), nil when there is no T0 at all.
    public var elapsed: TimeInterval? { (t0 ?? plan.release.start).map { now.timeIntervalSince($0) } }
    public var timeInStage: TimeInterval? { stageEnteredAt.map { max(0, now.timeIntervalSince($0)) } }
}
