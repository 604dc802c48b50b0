import Foundation

extension AppState {
    /// The evaluator's turn: what the feeds brought since its last turn, and what the clock says now, as the
    /// entries to journal, in order: a scheduled start, the samples accepted, each log's lines, the feed reports
    /// that changed, then every trigger transition, dated when it happened.
    ///
    /// The rules run here on a copy of this state that takes each sample exactly as the fold will, so folding the
    /// entries gives the state they were judged on, in this war room and every other. Pure: only the holder of the
    /// evaluator lease calls it, and journals the result once. `period` is how many seconds of feed events these
    /// are, for each log's journal rate.
    public func evaluation(of events: [Event], at time: Date, period: TimeInterval = 1) -> [JournalEntry] {
        var pass = EvaluationPass(state: self, now: max(now, time))
        pass.startIfScheduled()
        for event in events { pass.take(event) }
        pass.judge()
        pass.finish()
        pass.judgeController()
        pass.tellNotices()
        return pass.entries(period: period)
    }
}

/// One evaluator turn in progress: the scratch state the rules read, and the entries it has produced so far.
private struct EvaluationPass {
    var state: AppState
    private var start: [JournalEntry] = []
    private var batch = SampleBatch()
    /// Each log's reads, in the order the logs first appeared.
    private var logs: [(source: String, batches: [LogBatch])] = []
    private var reports: [JournalEntry] = []
    private var transitions: [JournalEntry] = []
    /// Notices queued, attempts started and attempts given up on, after everything they may tell of.
    private var notices: [JournalEntry] = []
    /// The newest look at the rollout controller in this turn: only the newest is judged.
    private var controllerReading: ControllerReading?

    init(state: AppState, now: Date) {
        self.state = state
        self.state.now = now
    }

    func entries(period: TimeInterval) -> [JournalEntry] {
        let samples = batch.isEmpty ? [] : [entry(.samplesRecorded(batch), at: state.now)]
        let logLines = logs.map { source, batches in
            let rate = state.plan.logs.first { $0.name == source }?.linesJournaledPerSecond ?? LogRecord.defaultRate
            return entry(.logLines(LogRecord(source: source, batches: batches, rate: rate, period: period)), at: state.now)
        }
        return start + samples + logLines + reports + transitions + notices
    }

    /// A plan with a scheduled start begins by itself at T0, journaled by the evaluator like a key press.
    mutating func startIfScheduled() {
        guard state.t0 == nil, let start = state.plan.release.start, state.now >= start else { return }
        let started = entry(.releaseStarted(t0: start), at: state.now)
        state.folded.fold(started)
        self.start.append(started)
    }

    mutating func take(_ event: Event) {
        switch event {
        case .sample(let sample):
            take(sample)
        case .health(let result):
            // The detail goes with its sample or not at all, so a row never shows a result the rules did not read.
            guard take(result.sample) else { return }
            state.folded.take(result)
            batch.checks.append(result)
        case .log(let line):
            take(LogBatch(line), from: line.source)
        case .logs(let batch):
            take(batch, from: batch.lines.first?.source ?? "log")
        case .source(let report):
            guard state.sources[report.source] != report else { return }
            let reported = entry(.sourceReported(report), at: state.now)
            state.folded.fold(reported)
            reports.append(reported)
        case .controller(let reading):
            controllerReading = reading
        case .tick, .intent, .recorded, .commandFinished, .controllerActionFinished, .noticeFinished:
            break
        }
    }

    /// Returns whether the sample was accepted (journaled and read by the rules).
    @discardableResult
    private mutating func take(_ sample: MetricSample) -> Bool {
        guard state.series[sample.name] != nil else { return false }
        guard sample.time.timeIntervalSince(state.now) <= AppState.futureTolerance else {
            batch.refusedFromFuture[sample.name, default: 0] += 1
            return false
        }
        guard state.folded.take(sample) else { return false }
        batch.samples.append(sample)
        for rule in state.plan.triggers where rule.kind.sampleSeries == sample.name {
            guard let reading = rule.kind.reading(of: rule, in: state, at: sample.time) else { continue }
            step(rule, reading, at: sample.time)
        }
        return true
    }

    private mutating func take(_ batch: LogBatch, from source: String) {
        if let index = logs.firstIndex(where: { $0.source == source }) {
            logs[index].batches.append(batch)
        } else {
            logs.append((source, [batch]))
        }
    }

    /// The controller's reading is journaled when it says something new, or when the last one is due a refresh; and
    /// an action run on the controller is journaled as seen once a reading shows the change it asked for.
    mutating func judgeController() {
        guard let reading = controllerReading else { return }
        let known = state.controller
        let isNew = switch reading {
        case .status(let status): known.status != status || known.failure != nil
        case .unreadable(let reason): known.failure != reason
        }
        let isDue = known.readAt.map { state.now.timeIntervalSince($0) >= AppState.controllerRefresh } ?? true
        if isNew || isDue {
            let read = entry(.controllerRead(reading), at: state.now)
            state.folded.fold(read)
            reports.append(read)
        }
        guard case .status(let status) = reading else { return }
        for action in known.actions where action.isAwaitingChange && action.isOpen(at: state.now) {
            guard let change = action.action.change(observedIn: status) else { continue }
            let seen = entry(.controllerChangeObserved(request: action.request, change: change), at: state.now)
            state.folded.fold(seen)
            reports.append(seen)
        }
    }

    /// Queues a notice of every entry a target wants to hear of (this turn's transitions included), then moves each
    /// target's outbox on: the evaluator alone journals these, fenced like everything its turn writes, so two war
    /// rooms never both queue or start one.
    mutating func tellNotices() {
        // A backtest's pass has no evaluator and tells nobody.
        guard state.isEvaluator else { return }
        for event in state.noticesToQueue() { note(event) }
        guard state.startsSends else { return }
        for event in state.noticeAttemptsDue() { note(event) }
    }

    private mutating func note(_ event: JournalEvent) {
        let told = entry(event, at: state.now)
        state.folded.fold(told)
        notices.append(told)
    }

    /// The canary judge's judgement at the newest instant of its grid, from the fold this turn leaves: journaled when
    /// it says something the last one journaled did not, or after a decision or a promotion that came since.
    mutating func judge() {
        state.judgeCanary()
        guard let judgement = state.canary else { return }
        let record = state.folded.judge
        let occasion: JudgementOccasion?
        if record.latest.map(judgement.differs) ?? true {
            occasion = .changed
        } else if record.decisionSeq > record.journaledSeq {
            occasion = .decision
        } else if record.promotionSeq > record.journaledSeq {
            occasion = .promotion
        } else {
            occasion = nil
        }
        guard let occasion else { return }
        let judged = entry(.judged(judgement, occasion: occasion), at: state.now)
        state.folded.fold(judged)
        reports.append(judged)
    }

    /// The clock's part: `within` windows that have passed close; rules read once a turn (the judge's, burn rates)
    /// are read; and pending triggers whose window has elapsed fire, but only on fresh data: a metric that went
    /// quiet cannot prove its condition still holds.
    mutating func finish() {
        for rule in state.plan.triggers {
            if state.isWindowClosed(rule) { close(rule) }
            let kind = rule.kind
            if kind.sampleSeries == nil {
                guard let reading = kind.reading(of: rule, in: state, at: state.now) else { continue }
                step(rule, reading, at: reading.at ?? state.now)
                continue
            }
            guard state.triggers[rule.id]?.isPending == true, state.hasFreshData(for: rule),
                  let reading = kind.reading(of: rule, in: state, at: state.latestTime(of: rule) ?? state.now) else { continue }
            step(rule, reading, at: state.now)
        }
    }

    /// A `within` rule past its window: a pending trigger is dropped when the window closes, since it can no longer
    /// fire inside it; a firing one stays firing until its condition clears, so a live alarm never vanishes just
    /// because the clock passed.
    private mutating func close(_ rule: TriggerRule) {
        guard let trigger = state.triggers[rule.id], trigger.isPending, let closesAt = state.closesAt(rule) else { return }
        record(.triggerResolved(trigger: rule.id, value: trigger.value ?? 0), at: closesAt)
    }

    private mutating func step(_ rule: TriggerRule, _ reading: TriggerReading, at time: Date) {
        if rule.armedFor != nil {
            // Armed only from T0 to T0 + D; a sample from before T0 or a closed window proves nothing.
            guard let t0 = state.t0, time >= t0 else { return }
            if state.isWindowClosed(rule, at: time) {
                close(rule)
                guard state.triggers[rule.id]?.isFiring == true else { return }
            }
        }
        let phase = state.triggers[rule.id]?.phase ?? .inactive
        let value = reading.value
        let holds = reading.holds
        let window = rule.window
        // A counted rule is pending from its first failure and fires at the one that completes the count.
        if let needed = rule.kind.requiredCount, let consecutive = reading.consecutive, consecutive < needed, holds {
            if case .inactive = phase { record(.triggerPending(trigger: rule.id, value: value), at: time) }
            return
        }
        switch (phase, holds) {
        case (.inactive, true):
            let event: JournalEvent = window <= 0 ? .triggerFiring(trigger: rule.id, value: value)
                                                  : .triggerPending(trigger: rule.id, value: value)
            record(event, at: time)
        case (.pending(let since), true):
            guard time.timeIntervalSince(since) >= window else { return }
            // Only counted rules are pending with a zero window: they fire at the reading that completes the count.
            record(.triggerFiring(trigger: rule.id, value: value), at: window > 0 ? since.addingTimeInterval(window) : time)
        case (.pending, false), (.firing, false):
            record(.triggerResolved(trigger: rule.id, value: value), at: time)
        case (.firing, true), (.inactive, false):
            return
        }
    }

    /// A transition is dated when it happened (a sample's time, the end of a window), so every war room, a restart
    /// and a replay show the same since-times whenever the entry was written.
    private mutating func record(_ event: JournalEvent, at time: Date) {
        let transition = entry(event, at: time)
        state.folded.fold(transition)
        transitions.append(transition)
    }

    private func entry(_ event: JournalEvent, at time: Date) -> JournalEntry {
        JournalEntry(time: time, actor: "warroom", session: state.session, event: event)
    }
}
