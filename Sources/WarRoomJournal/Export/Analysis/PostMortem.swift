import Foundation
import WarRoomCore

/// A finished session as the exporters see it: the plan, the entries and samples, their fold, and the
/// analysis every format shares (stage periods, trigger episodes, per-period metric figures).
struct PostMortem {
    let plan: Plan
    let entries: [JournalEntry]
    /// The entries a timeline lists: everything but the samples and log lines the evaluator recorded.
    let events: [JournalEntry]
    let samples: [SampleBucket]
    /// Core's own fold of the entries, so the export agrees with what the screen showed.
    let state: AppState
    /// The newest entry's time (entries from several processes need not be in time order).
    let lastTime: Date?
    /// The last moment the journal knows of: its newest entry or the end of its newest sample window.
    let end: Date
    let stages: StagePeriods
    let triggers: TriggerPeriods
    /// One series per charted metric, in the order the exports show them.
    let series: [SampleSeries]
    /// The periods per-period metric figures are given for.
    let periods: [ReportPeriod]
    /// Status updates posted and notifications queued, with their delivery.
    let comms: CommsReport
    /// What the canary judge said, when, and how each objective's budget burned.
    let canary: CanaryReport

    init(plan: Plan, entries: [JournalEntry], samples: [SampleBucket] = []) {
        self.entries = entries
        events = Self.timeline(entries)
        self.samples = samples
        var state = AppState(plan: plan, session: "export", now: entries.first?.time ?? Date(timeIntervalSince1970: 0))
        state.resume(from: entries)
        self.state = state
        // The plan as amended by the end of the session: what the last screen showed.
        self.plan = state.plan
        lastTime = entries.lazy.map(\.time).max()
        var end = lastTime ?? Date(timeIntervalSince1970: 0)
        for bucket in samples where bucket.end > end { end = bucket.end }
        self.end = end
        stages = StagePeriods(plan: plan, entries: entries, end: end)
        triggers = TriggerPeriods(entries: entries)
        series = SampleSeries.grouped(samples, plan: plan)
        periods = ReportPeriod.periods(stages: stages, t0: state.t0)
        comms = CommsReport(state: state, entries: entries)
        canary = CanaryReport(state: state, entries: entries, end: end)
    }

    var t0: Date? { state.t0 }

    /// The entries a timeline lists: not the feeds' data, a controller reading only when it says something the
    /// one before did not (an unchanged controller is journaled again every half minute to show it is still read),
    /// and of a notice its queueing and each answer, not the start of each attempt (the answer names the attempt,
    /// and the communication section lists every one).
    private static func timeline(_ entries: [JournalEntry]) -> [JournalEntry] {
        var lastReading: ControllerReading?
        return entries.filter { entry in
            switch entry.event {
            case .controllerRead(let reading):
                defer { lastReading = reading }
                return reading.differs(from: lastReading)
            case .noticeSending:
                return false
            default:
                return !entry.event.isFeedData
            }
        }
    }

    /// `T+15m00s`, or `—` before anyone set T0.
    func offset(_ date: Date) -> String {
        t0.map { DurationText.formatOffset(date.timeIntervalSince($0)) } ?? "—"
    }

    /// `T+15m00s (10:15:00 UTC)`, or the full UTC time when there is no T0 to count from.
    func when(_ date: Date) -> String {
        t0 == nil ? "\(UTCFormat.dateTime(date)) UTC" : "\(offset(date)) (\(UTCFormat.time(date)) UTC)"
    }

    /// A checklist item's text from the plan; the raw id when the plan no longer has it.
    func itemText(_ id: String) -> String {
        plan.checklist.first { $0.id == id }?.text ?? id
    }

    /// Formats a trigger's value in the unit of the metric it reads.
    func triggerValue(_ trigger: String, _ value: Double) -> String {
        let metric = plan.triggers.first { $0.id == trigger }?.metric
        let unit = metric.flatMap(plan.metric(named:))?.unit ?? .count
        return ValueText.format(value, unit)
    }

    /// Rollback steps started with no result in the journal: still running, or their war room stopped (crashed,
    /// killed) while they ran, so nobody knows how they ended. Oldest first.
    var unfinishedCommands: [StartedCommand] { state.startedCommands.values.sorted { ($0.at, $0.step) < ($1.at, $1.step) } }

    /// Why a started step has no result: still running when the journal was read, or its war room stopped.
    func whyNoResult(_ start: StartedCommand) -> String {
        state.otherSessions.contains(start.session) && state.running(step: start.step) == start
            ? "still running at the end of the journal" : "its war room stopped while it ran"
    }

    /// The commands run from the war room, in journal order.
    var commands: [(entry: JournalEntry, command: String, exitStatus: Int32?, output: String)] {
        entries.compactMap { entry in
            guard case .commandRun(let command, let status, let output, _) = entry.event else { return nil }
            return (entry, command, status, output)
        }
    }

    /// How the release ended, in plain words (each format adds its own emphasis).
    var outcome: Outcome {
        if let rollback = state.rollback { return .rolledBack(rollback) }
        guard state.isStarted else { return .notStarted }
        return .reached(stage: state.stageIndex, final: state.stageIndex + 1 >= plan.stages.count)
    }

    enum Outcome {
        case notStarted
        case reached(stage: Int, final: Bool)
        case rolledBack(AppState.Rollback)
    }
}
