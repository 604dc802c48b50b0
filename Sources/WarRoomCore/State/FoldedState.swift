import DequeModule
import Foundation

/// The journal folded up to ``journalSeq``: every value, status and transition a war room shows. It depends on the
/// entries alone, never on the clock or on which session folds them, so every war room on a journal, a restart, a
/// replay and an export hold the same one, and a checkpoint stores it as it is.
public struct FoldedState: Sendable, Hashable, Codable {
    /// The fold that wrote a checkpoint. Bump it whenever the fold or these fields change: a checkpoint written by
    /// another fold is ignored and the whole journal is folded again.
    public static let format = 10

    /// The plan as amended so far (`plan_amended`); the journal's own plan before the first amendment.
    public internal(set) var plan: Plan

    public internal(set) var t0: Date?
    public internal(set) var stageIndex = 0
    public internal(set) var stageEnteredAt: Date?
    public internal(set) var rollback: AppState.Rollback?
    public internal(set) var ticks: [String: AppState.Tick] = [:]
    public internal(set) var decisions: [String: AppState.Decision] = [:]
    /// Oldest first, at most ``AppState/noteCapacity``.
    public internal(set) var notes: Deque<AppState.Note> = []
    /// Commands run from the war room (rollback steps), oldest first; the newest ``AppState/commandRunCapacity``.
    public internal(set) var commandRuns: [CommandRun] = []
    /// Rollback steps started by a war room on this journal with no result journaled yet, by step index.
    public internal(set) var startedCommands: [Int: StartedCommand] = [:]
    /// Rollback steps marked done by hand, by step index: who marked each first, and when.
    public internal(set) var stepsDoneByHand: [Int: AppState.Tick] = [:]

    /// Every metric's journaled samples (and each health check's results as 1 and 0), newest last.
    public internal(set) var series: [String: Series] = [:]
    /// Each health check's newest results with what it saw, by check name, oldest first, at most
    /// ``AppState/healthResultCapacity``; empty for checks journaled before results were.
    public internal(set) var healthResults: [String: [HealthResult]] = [:]
    /// Each trigger's phase as the evaluator journaled it, with the time it entered it.
    public internal(set) var triggers: [String: TriggerState] = [:]
    /// Each trigger's firings, by trigger id.
    public internal(set) var triggerHistory: [String: TriggerHistory] = [:]
    /// Acknowledgements of firing triggers, by trigger id; cleared when the trigger resolves.
    public internal(set) var acks: [String: AppState.Tick] = [:]
    /// Each feed's health as the evaluator last journaled it.
    public internal(set) var sources: [String: SourceReport] = [:]
    /// Samples refused per metric for being dated too far ahead of the evaluator's clock.
    public internal(set) var futureSamples: [String: Int] = [:]

    /// The newest journaled log lines, oldest first, at most ``AppState/logCapacity``.
    public internal(set) var logs: Deque<LogLine> = []
    /// Lines ever added to ``logs``: `logs[i]` is line number `logsTaken - logs.count + i`, so a screen can hold on
    /// to a line while newer ones push older ones out.
    public internal(set) var logsTaken = 0
    /// Error lines per second over the minute before the newest log entry (and the tolerated future).
    public internal(set) var recentErrors = ErrorTally()
    public internal(set) var errorTotal = 0
    /// Lines the evaluator read and counted but did not journal (over a log's `journal_rate`).
    public internal(set) var logLinesOmitted = 0
    /// Each log's newest line read by an evaluator, by log name: where the next evaluator picks up.
    public internal(set) var logsReadThrough: [String: Date] = [:]

    /// Every war room attached and not gone, by session.
    public internal(set) var attendees: [String: Attendee] = [:]
    /// War rooms that left, by session, with how: so the header can say who went and why.
    public internal(set) var departures: [String: Departure] = [:]
    /// The war room holding the evaluator lease, as its last `evaluator_changed` said; nil when none, or once it left.
    public internal(set) var evaluator: EvaluatorInfo?
    /// The rollout controller as the evaluator read it, and the actions taken on it.
    public internal(set) var controller = ControllerState()
    /// Status updates posted, and the notifications queued and sent.
    public internal(set) var comms = CommsState()
    /// The canary judge's newest journaled judgement.
    public internal(set) var judge = JudgeRecord()
    /// Each objective's events, by objective and cohort.
    public internal(set) var slos: [String: [SLOCohort: BurnLedger]] = [:]
    /// Which objective ledgers each series feeds, by series name.
    public internal(set) var sloInputs: [String: [SLOInput]] = [:]
    /// The newest plan amendment, for the screens to announce.
    public internal(set) var lastAmendment: AmendmentNotice?

    /// The newest entry folded in; 0 before the first. Older ones are ignored, so folding is idempotent.
    public internal(set) var journalSeq: Int64 = 0
    /// How many entries were folded, so a resumed screen still says how many it resumed.
    public internal(set) var entryCount = 0
    /// The newest entry time.
    public internal(set) var newestEntryTime: Date?

    /// Nothing folded yet: the start of every journal kept with `plan`.
    public init(plan: Plan) {
        self.plan = plan
        prepare(for: plan)
    }

    /// This state with `entries` folded in, in order; entries at or below ``journalSeq`` are skipped.
    public func folding(_ entries: [JournalEntry]) -> FoldedState {
        var state = self
        for entry in entries { state.fold(entry) }
        return state
    }

    /// Series, trigger states and objective ledgers for everything `plan` names, keeping what is already there.
    private mutating func prepare(for plan: Plan) {
        for trigger in plan.triggers where triggers[trigger.id] == nil { triggers[trigger.id] = TriggerState() }
        for name in plan.triggers.compactMap(\.kind.sampleSeries) + plan.metrics.map(\.name) + plan.healthChecks.map(\.metricName)
            + plan.slos.flatMap(\.series)
        where series[name] == nil {
            series[name] = Series()
        }
        // A cohort's series holds the judge's whole window, at up to four samples a second.
        let capacity = min(40_000, max(Series().capacity, Int(plan.judge.window * 4) + 120))
        for metric in plan.metrics {
            guard let cohorts = metric.cohorts else { continue }
            for name in [cohorts.canary.series, cohorts.baseline.series] where (series[name]?.capacity ?? 0) < capacity {
                var wider = Series(capacity: capacity)
                for point in series[name]?.points ?? [] { wider.append(point.value, at: point.time) }
                series[name] = wider
            }
        }
        sloInputs = [:]
        let retention = plan.triggers.reduce(0.0) { longest, rule in
            switch rule.condition {
            case .burnRate(let kind): max(longest, kind.longWindow)
            case .threshold, .failureStreak, .judgeScore, .judgeStreak: longest
            }
        }
        for slo in plan.slos {
            for (cohort, events) in slo.ledgers {
                // An amendment that reads other series, or counts the other way, starts the ledger afresh (its buckets
                // hold another count); one that reads further back keeps what it has and keeps more from now on.
                if let kept = slos[slo.name]?[cohort], kept.countsBad == events.countsBad, kept.series == events.series {
                    slos[slo.name]?[cohort]?.retain(retention)
                    continue
                }
                slos[slo.name, default: [:]][cohort] = BurnLedger(retention: retention, countsBad: events.countsBad,
                                                                  series: events.series)
            }
            for (cohort, events) in slo.ledgers {
                sloInputs[events.good, default: []].append(SLOInput(slo: slo.name, cohort: cohort, role: .counted))
                sloInputs[events.total, default: []].append(SLOInput(slo: slo.name, cohort: cohort, role: .total))
            }
        }
    }
}

extension FoldedState {
    /// An attached war room: who runs it and where.
    public struct Attendee: Sendable, Hashable, Codable {
        public var actor: String
        public var process: SessionProcess
        /// The machine's name, as people know it.
        public var hostName: String?
        public var since: Date
    }

    /// How a war room left the journal.
    public struct Departure: Sendable, Hashable, Codable {
        public enum Reason: String, Sendable, Hashable, Codable {
            /// It quit and said so.
            case detached
            /// Its process was seen gone on its host (killed, crashed).
            case vanished
            /// It stopped sending heartbeats.
            case silent
        }

        public var actor: String
        public var reason: Reason
        /// When the journal learnt of it.
        public var at: Date
        /// The last heartbeat, for a silent one.
        public var silentSince: Date?
    }

    /// The war room that evaluates: runs the feeds and the rules.
    public struct EvaluatorInfo: Sendable, Hashable, Codable {
        public var session: String
        public var actor: String
        public var host: String?
        public var since: Date
    }

    /// The canary judge as the evaluator journaled it.
    public struct JudgeRecord: Sendable, Hashable, Codable {
        /// The newest judgement journaled.
        public var latest: Judgement?
        /// When it was journaled (its own `at` is the grid instant it judged).
        public var journaledAt: Date?
        /// The fold's newest entry when it was journaled, and the newest decision's and promotion's entries: compared by
        /// their place in the journal, never by the clocks of the war rooms that wrote them.
        public var journaledSeq: Int64 = 0
        public var decisionSeq: Int64 = 0
        public var promotionSeq: Int64 = 0
    }

    /// Who amended the plan, when, and what changed.
    public struct AmendmentNotice: Sendable, Hashable, Codable {
        public var by: String
        public var at: Date
        public var changes: [String]
    }
}

extension FoldedState {
    /// Folds one entry; returns false for an entry already folded.
    @discardableResult
    public mutating func fold(_ entry: JournalEntry) -> Bool {
        guard entry.seq == 0 || entry.seq > journalSeq else { return false }
        journalSeq = max(journalSeq, entry.seq)
        entryCount += 1
        newestEntryTime = max(newestEntryTime ?? entry.time, entry.time)
        // A second start is no news: only the first sets T0, and only the first is told.
        if case .releaseStarted = entry.event, t0 != nil {} else { comms.fold(entry, plan: plan) }
        switch entry.event {
        case .sessionAttached(let pid, let host, let hostName):
            attendees[entry.session] = Attendee(actor: entry.actor, process: SessionProcess(pid: pid, host: host),
                                                hostName: hostName, since: entry.time)
            departures[entry.session] = nil
        case .sessionDetached:
            end(session: entry.session, Departure.Reason.detached, at: entry.time, silentSince: nil)
        case .sessionGone(let gone, _, let silentSince):
            end(session: gone, silentSince == nil ? .vanished : .silent, at: entry.time, silentSince: silentSince)
        case .evaluatorChanged(let host, _, _):
            evaluator = EvaluatorInfo(session: entry.session, actor: entry.actor, host: host, since: entry.time)
        case .samplesRecorded(let batch):
            for sample in batch.samples { take(sample) }
            for result in batch.checks { take(result) }
            for (metric, count) in batch.refusedFromFuture { futureSamples[metric, default: 0] += count }
        case .logLines(let record):
            take(record, at: entry.time)
        case .sourceReported(let report):
            sources[report.source] = report
        case .sourceFailed(let source, let message):
            // Journals from before feed reports were journaled whole.
            sources[source] = SourceReport(source: source, failure: message)
        case .sourceRecovered(let source):
            sources[source] = SourceReport(source: source)
        case .planAmended(let amendment):
            plan = amendment.plan
            prepare(for: plan)
            comms.forgetUnwanted(by: plan)
            stageIndex = min(stageIndex, max(0, plan.stages.count - 1))
            lastAmendment = AmendmentNotice(by: entry.actor, at: entry.time, changes: amendment.changes)
        case .releaseStarted(let start):
            guard t0 == nil else { break }
            t0 = start
            stageIndex = 0
            stageEnteredAt = start
        case .stagePromoted(_, let to, _, _):
            stageIndex = min(to, plan.stages.count - 1)
            stageEnteredAt = entry.time
            judge.promotionSeq = journalSeq
        case .rolledBack(let from, let reason):
            rollback = AppState.Rollback(fromStage: from, by: entry.actor, at: entry.time, reason: reason)
        case .checklistTicked(let item):
            ticks[item] = AppState.Tick(by: entry.actor, at: entry.time)
        case .checklistUnticked(let item):
            ticks[item] = nil
        case .decisionRecorded(let record):
            decisions[record.point] = AppState.Decision(record: record, by: entry.actor, at: entry.time)
            judge.decisionSeq = journalSeq
        case .triggerAcknowledged(let trigger):
            acks[trigger] = AppState.Tick(by: entry.actor, at: entry.time)
        case .triggerPending(let trigger, let value):
            triggers[trigger, default: TriggerState()].enter(.pending(since: entry.time), value: value)
        case .triggerFiring(let trigger, let value):
            triggers[trigger, default: TriggerState()].enter(.firing(since: entry.time), value: value)
            triggerHistory[trigger, default: TriggerHistory()].fired(at: entry.time)
        case .triggerResolved(let trigger, let value):
            triggers[trigger, default: TriggerState()].enter(.inactive, value: value)
            triggerHistory[trigger, default: TriggerHistory()].resolved(at: entry.time)
            if let ack = acks[trigger], ack.at <= entry.time { acks[trigger] = nil }
        case .note(let text):
            if notes.count == AppState.noteCapacity { notes.removeFirst() }
            notes.append(AppState.Note(text: text, by: entry.actor, at: entry.time))
        case .commandStarted(let step, let command):
            if let open = startedCommands[step], !AppState.isAbandoned(open, at: entry.time) { break }
            startedCommands[step] = StartedCommand(step: step, command: command, by: entry.actor, at: entry.time,
                                                   session: entry.session, seq: entry.seq)
        case .commandRun(let command, let exitStatus, let output, let step):
            if commandRuns.count == AppState.commandRunCapacity { commandRuns.removeFirst() }
            commandRuns.append(CommandRun(step: step, command: command, exitStatus: exitStatus, output: output,
                                          by: entry.actor, at: entry.time))
            if let step, startedCommands[step]?.session == entry.session { startedCommands[step] = nil }
        case .rollbackStepMarked(let step, let done):
            // The first mark stands (two war rooms marking at once did the same thing); an unmark clears it.
            if !done { stepsDoneByHand[step] = nil } else if stepsDoneByHand[step] == nil {
                stepsDoneByHand[step] = AppState.Tick(by: entry.actor, at: entry.time)
            }
        case .exportMade:
            break
        case .controllerRead, .controllerActionRequested, .controllerActionStarted, .controllerActionRun, .controllerChangeObserved:
            controller.fold(entry)
        case .updatePosted, .noticeQueued, .noticeSending, .noticeDelivered:
            break
        case .judged(let judgement, _):
            judge.latest = judgement
            judge.journaledAt = entry.time
            judge.journaledSeq = journalSeq
        }
        return true
    }

    /// A sample in event-time order joins its metric's series; an older one than the newest is dropped. Returns
    /// whether it was taken. The evaluator takes samples through here too, so its rules see what the fold will.
    @discardableResult
    mutating func take(_ sample: MetricSample) -> Bool {
        guard series[sample.name] != nil, series[sample.name]!.append(sample.value, at: sample.time) else { return false }
        for input in sloInputs[sample.name] ?? [] {
            slos[input.slo]?[input.cohort]?.add(sample.value, role: input.role, at: sample.time, t0: t0)
        }
        return true
    }

    /// A check's result joins its newest ones; the evaluator journals one only with its accepted sample, so the
    /// results and the series agree.
    mutating func take(_ result: HealthResult) {
        var results = healthResults[result.check, default: []]
        guard series[result.sample.name] != nil, results.last.map({ $0.time < result.time }) ?? true else { return }
        results.append(result)
        healthResults[result.check] = Array(results.suffix(AppState.healthResultCapacity))
    }

    private mutating func take(_ record: LogRecord, at time: Date) {
        logs.append(contentsOf: record.lines.suffix(AppState.logCapacity))
        logsTaken += record.lines.count
        if logs.count > AppState.logCapacity { logs.removeFirst(logs.count - AppState.logCapacity) }
        errorTotal += record.errorCount
        logLinesOmitted += record.omitted
        if let newest = record.newest { logsReadThrough[record.source] = max(logsReadThrough[record.source] ?? newest, newest) }
        // Pruned against the entry's time, never a clock, so every fold keeps the same seconds: the last minute and
        // the tolerated future, at most two minutes of them.
        recentErrors.add(record.errorSeconds)
        recentErrors.keep(after: time.addingTimeInterval(-60), through: time.addingTimeInterval(AppState.futureTolerance))
    }

    /// A session that left is no longer attached. One that quit journaled how its commands ended, and one whose
    /// process is gone is not running them any more, so their starts lapse at once; one that only went silent may
    /// still be running one (stopped, cut off from the journal), so its starts lapse on their own time and a step is
    /// never run twice. An evaluator that left evaluates no more.
    private mutating func end(session ended: String, _ reason: Departure.Reason, at time: Date, silentSince: Date?) {
        let actor = attendees[ended]?.actor ?? departures[ended]?.actor ?? ended
        attendees[ended] = nil
        departures[ended] = Departure(actor: actor, reason: reason, at: time, silentSince: silentSince)
        switch reason {
        case .detached, .vanished: startedCommands = startedCommands.filter { $0.value.session != ended }
        case .silent: break
        }
        if evaluator?.session == ended { evaluator = nil }
    }
}
