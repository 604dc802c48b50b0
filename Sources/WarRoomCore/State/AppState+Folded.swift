import DequeModule
import Foundation

/// The fold's fields, read as the state's own (`state.series`, `state.t0`), each one directly. They were read
/// through a key-path member lookup, which copied the whole `FoldedState` (a retain and a release of each of its
/// fields) to read one: hot loops such as a backtest's turns and an export's fold paid that on every read.
extension AppState {
    public var t0: Date? { folded.t0 }
    public var stageIndex: Int { folded.stageIndex }
    public var stageEnteredAt: Date? { folded.stageEnteredAt }
    public var rollback: Rollback? { folded.rollback }
    public var ticks: [String: Tick] { folded.ticks }
    public var decisions: [String: Decision] { folded.decisions }
    public var notes: Deque<Note> { folded.notes }
    public var commandRuns: [CommandRun] { folded.commandRuns }
    public var startedCommands: [Int: StartedCommand] { folded.startedCommands }
    public var stepsDoneByHand: [Int: Tick] { folded.stepsDoneByHand }

    public var series: [String: Series] { folded.series }
    public var healthResults: [String: [HealthResult]] { folded.healthResults }
    public var triggers: [String: TriggerState] { folded.triggers }
    public var triggerHistory: [String: TriggerHistory] { folded.triggerHistory }
    public var acks: [String: Tick] { folded.acks }
    public var sources: [String: SourceReport] { folded.sources }
    public var futureSamples: [String: Int] { folded.futureSamples }
    public var slos: [String: [SLOCohort: BurnLedger]] { folded.slos }

    public var logs: Deque<LogLine> { folded.logs }
    public var logsTaken: Int { folded.logsTaken }
    /// The number of the oldest log line kept: `logs[i]` is line `firstLogNumber + i` (``FoldedState/logsTaken``).
    public var firstLogNumber: Int { folded.logsTaken - folded.logs.count }
    /// A kept log line by its number.
    public func logLine(numbered number: Int) -> LogLine { folded.logs[number - firstLogNumber] }
    public var recentErrors: ErrorTally { folded.recentErrors }
    public var errorTotal: Int { folded.errorTotal }
    public var logLinesOmitted: Int { folded.logLinesOmitted }
    public var logsReadThrough: [String: Date] { folded.logsReadThrough }

    public var attendees: [String: FoldedState.Attendee] { folded.attendees }
    public var departures: [String: FoldedState.Departure] { folded.departures }
    public var evaluator: FoldedState.EvaluatorInfo? { folded.evaluator }
    public var lastAmendment: FoldedState.AmendmentNotice? { folded.lastAmendment }
    public var controller: ControllerState { folded.controller }
    public var comms: CommsState { folded.comms }

    public var journalSeq: Int64 { folded.journalSeq }
    public var entryCount: Int { folded.entryCount }
    public var newestEntryTime: Date? { folded.newestEntryTime }
}
