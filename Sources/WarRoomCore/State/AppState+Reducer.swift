import Foundation

extension AppState {
    /// The reducer: folds one event into the state and returns what the runtime must do.
    public mutating func apply(_ event: Event) -> [Effect] {
        switch event {
        case .tick(let time):
            now = max(now, time)
            return startIfScheduled() + reevaluateTriggers()
        case .sample(let sample):
            return ingest(sample)
        case .log(let line):
            ingest(LogBatch(line))
            return []
        case .logs(let batch):
            ingest(batch)
            return []
        case .source(let report):
            return ingest(report)
        case .intent(let intent, let actor):
            return handle(intent, actor: actor)
        case .recorded(let entry):
            guard fold(entry) else { return [] }
            return startIfOurs(entry)
        case .commandFinished(let result):
            let request = result.request
            let event = JournalEvent.commandRun(command: request.command, exitStatus: result.exitStatus, output: result.output,
                                                step: request.step)
            return [.record(entry(event, actor: request.actor))]
        }
    }

    func entry(_ event: JournalEvent, actor: String = "warroom") -> JournalEntry {
        JournalEntry(time: now, actor: actor, session: session, event: event)
    }

    /// A plan with a scheduled start begins by itself at T0; the start is journaled like a key press.
    private func startIfScheduled() -> [Effect] {
        guard t0 == nil, let start = plan.release.start, now >= start else { return [] }
        return [.record(entry(.releaseStarted(t0: start)))]
    }

    // MARK: Feeds

    private mutating func ingest(_ sample: MetricSample) -> [Effect] {
        guard series[sample.name] != nil else { return [] }
        // A sample from the future (clock skew, a zone bug) would pin the metric at that value and hide every
        // real sample after it as "out of order": refuse it, and count it so the screen says so.
        guard sample.time.timeIntervalSince(now) <= Self.futureTolerance else {
            futureSamples[sample.name, default: 0] += 1
            return []
        }
        guard series[sample.name]!.append(sample.value, at: sample.time) else { return [] }
        return evaluateTriggers(reading: sample.name, at: sample.time)
    }

    private mutating func ingest(_ batch: LogBatch) {
        logs.append(contentsOf: batch.lines.suffix(Self.logCapacity))
        if logs.count > Self.logCapacity { logs.removeFirst(logs.count - Self.logCapacity) }
        errorTotal += batch.errorCount
        // The clock only moves forward: a second that has left the minute never counts again, and one dated over
        // the tolerance ahead is refused like a sample from the future, so at most two minutes of seconds are kept.
        recentErrors.add(batch.errorSeconds)
        recentErrors.keep(after: now.addingTimeInterval(-60), through: now.addingTimeInterval(Self.futureTolerance))
    }

    private mutating func ingest(_ report: SourceReport) -> [Effect] {
        let previous = sources[report.source]
        sources[report.source] = report
        switch (previous?.failure, report.failure) {
        case (nil, let message?): return [.record(entry(.sourceFailed(source: report.source, message: message)))]
        case (_?, nil): return [.record(entry(.sourceRecovered(source: report.source)))]
        default: return []
        }
    }

    // MARK: Intents

    private func handle(_ intent: Intent, actor: String) -> [Effect] {
        if let refusal = refusal(of: intent) { return [.refuse(refusal)] }
        switch intent {
        case .start:
            return [.record(entry(.releaseStarted(t0: now), actor: actor))]
        case .toggleChecklist(let item):
            let event: JournalEvent = ticks[item] == nil ? .checklistTicked(item: item) : .checklistUnticked(item: item)
            return [.record(entry(event, actor: actor))]
        case .promote(let reason):
            let next = stageIndex + 1
            let gate = gate()
            let override = gate.verdict == .ready ? nil : PromotionOverride(reason: reason ?? "", gate: gate.verdict.rawValue, gateReasons: gate.reasons)
            return [.record(entry(.stagePromoted(from: stageIndex, to: next, stage: plan.stages[next].name, override: override), actor: actor))]
        case .rollback(let reason):
            return [.record(entry(.rolledBack(fromStage: stageIndex, reason: reason), actor: actor))]
        case .decide(let point, let verdict, let note):
            let record = DecisionRecord(point: point, verdict: verdict, note: note, evidence: evidence())
            return [.record(entry(.decisionRecorded(record), actor: actor))]
        case .acknowledge(let trigger):
            return [.record(entry(.triggerAcknowledged(trigger: trigger), actor: actor))]
        case .note(let text):
            return [.record(entry(.note(text: text), actor: actor))]
        case .runRollbackStep(let step):
            // Journaled first; the command runs once the journal holds this start as the step's first (`startIfOurs`).
            return [.record(entry(.commandStarted(step: step, command: plan.rollback.steps[step].command!), actor: actor))]
        }
    }

    /// A start this session journaled runs when it is the step's open start; one that another war room's start
    /// beat into the journal does not run at all.
    private func startIfOurs(_ entry: JournalEntry) -> [Effect] {
        guard case .commandStarted(let step, let command) = entry.event, entry.session == session else { return [] }
        guard let winner = startedCommands[step], winner.seq == entry.seq, winner.session == session else {
            let first = startedCommands[step].map { $0.session == session ? " here" : " by \($0.by) in another war room" } ?? ""
            return [.refuse("Step \(step + 1) was already started\(first); it was not run twice.")]
        }
        // A start that waited in the unrecorded queue (journal locked, disk full) is not run late: others judge
        // when it lapses from its time, and the person may have done the step another way meanwhile.
        guard now.timeIntervalSince(entry.time) <= Self.lateStartLimit else {
            return [.refuse("Step \(step + 1) was not run: the journal took its start too late. Run it again if it is still needed.")]
        }
        return [.run(CommandRequest(step: step, command: command, actor: entry.actor))]
    }

    /// Why a rollback is not possible now; nil when it is.
    public var nothingToRollBack: String? { refusal(of: .rollback(reason: nil)) }

    /// Why no promotion is possible at all, whatever the gate says; nil when there is a next stage.
    public var nothingToPromote: String? {
        if !isStarted { return "The release has not started: press s to set T0." }
        if rollback != nil { return "The release was rolled back; there is nothing to promote." }
        if stageIndex + 1 >= plan.stages.count { return "Already at the final stage." }
        return nil
    }

    /// Why an intent cannot be carried out now, or nil when it can.
    public func refusal(of intent: Intent) -> String? {
        switch intent {
        case .start:
            return isStarted ? "The release already started at \(t0!.formatted(.iso8601))." : nil
        case .toggleChecklist(let item):
            return plan.checklist.contains { $0.id == item } ? nil : "No checklist item '\(item)'."
        case .promote(let reason):
            if let nothingToPromote { return nothingToPromote }
            let gate = gate()
            guard gate.verdict != .ready else { return nil }
            guard let reason else { return "Gate \(gate.verdict.rawValue): \(gate.reasons.first ?? "not ready"); promoting anyway needs a reason." }
            return reason.trimmingCharacters(in: .whitespaces).isEmpty ? "Promoting past a gate that is not READY needs a reason." : nil
        case .rollback:
            if !isStarted { return "The release has not started; there is nothing to roll back." }
            return rollback == nil ? nil : "Already rolled back."
        case .decide(let point, _, _):
            guard plan.decisionPoints.contains(where: { $0.id == point }) else { return "No decision point '\(point)'." }
            if decisions[point] != nil { return "\(point) is already decided." }
            if case .upcoming = decisionStatus(point) { return "\(point) is not due yet." }
            if case .notStarted = decisionStatus(point) { return "The release has not started." }
            return nil
        case .acknowledge(let trigger):
            guard triggers[trigger]?.isFiring == true else { return "That trigger is not firing." }
            return acks[trigger].map { "Already acknowledged by \($0.by)." }
        case .note(let text):
            return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "An empty note was not recorded." : nil
        case .runRollbackStep(let step):
            guard plan.rollback.steps.indices.contains(step) else { return "The plan has no rollback step \(step + 1)." }
            guard plan.rollback.steps[step].command != nil else { return "Step \(step + 1) has no command: it is done by hand." }
            if rollback == nil { return "Record the rollback first (r), then run its steps." }
            guard let running = running(step: step) else { return nil }
            let whose = running.session == session ? "here" : "in \(running.by)'s war room"
            return "Step \(step + 1) is still running \(whose) (started \(DurationText.format(max(0, now.timeIntervalSince(running.at)))) ago)."
        }
    }

    // MARK: Journal fold

    /// A session that detached, or was seen gone, is no longer attached. One that quit journaled how its commands
    /// ended; one that did not is not running them any more, so their starts lapse.
    private mutating func end(session ended: String) {
        otherSessions.remove(ended)
        sessionProcesses[ended] = nil
        startedCommands = startedCommands.filter { $0.value.session != ended }
    }

    /// Returns false for an entry already folded.
    private mutating func fold(_ entry: JournalEntry) -> Bool {
        guard entry.seq == 0 || entry.seq > journalSeq else { return false }
        journalSeq = max(journalSeq, entry.seq)
        now = max(now, entry.time)
        switch entry.event {
        case .sessionAttached(let pid, let host):
            if entry.session != session {
                otherSessions.insert(entry.session)
                sessionProcesses[entry.session] = SessionProcess(pid: pid, host: host)
            }
        case .sessionDetached:
            end(session: entry.session)
        case .sessionGone(let gone, _):
            // This war room is plainly alive: a mistaken report about it changes nothing here.
            if gone != session { end(session: gone) }
        case .releaseStarted(let start):
            guard t0 == nil else { break }
            t0 = start
            stageIndex = 0
            stageEnteredAt = start
        case .stagePromoted(_, let to, _, _):
            stageIndex = min(to, plan.stages.count - 1)
            stageEnteredAt = entry.time
        case .rolledBack(let from, let reason):
            rollback = Rollback(fromStage: from, by: entry.actor, at: entry.time, reason: reason)
        case .checklistTicked(let item):
            ticks[item] = Tick(by: entry.actor, at: entry.time)
        case .checklistUnticked(let item):
            ticks[item] = nil
        case .decisionRecorded(let record):
            decisions[record.point] = Decision(record: record, by: entry.actor, at: entry.time)
        case .triggerAcknowledged(let trigger):
            acks[trigger] = Tick(by: entry.actor, at: entry.time)
        case .triggerFiring(let trigger, _):
            triggerHistory[trigger, default: TriggerHistory()].fired(at: entry.time)
        case .triggerResolved(let trigger, _):
            triggerHistory[trigger, default: TriggerHistory()].resolved(at: entry.time)
            if let ack = acks[trigger], ack.at <= entry.time { acks[trigger] = nil }
        case .note(let text):
            if notes.count == Self.noteCapacity { notes.removeFirst() }
            notes.append(Note(text: text, by: entry.actor, at: entry.time))
        case .commandStarted(let step, let command):
            if let open = startedCommands[step], !Self.isAbandoned(open, at: entry.time) { break }
            startedCommands[step] = StartedCommand(step: step, command: command, by: entry.actor, at: entry.time,
                                                   session: entry.session, seq: entry.seq)
        case .commandRun(let command, let exitStatus, let output, let step):
            if commandRuns.count == Self.commandRunCapacity { commandRuns.removeFirst() }
            commandRuns.append(CommandRun(step: step, command: command, exitStatus: exitStatus, output: output,
                                          by: entry.actor, at: entry.time))
            if let step, startedCommands[step]?.session == entry.session { startedCommands[step] = nil }
        case .triggerPending, .sourceFailed, .sourceRecovered, .exportMade:
            // Live trigger and source state is derived from the feeds; these entries are history.
            break
        }
        return true
    }

    /// Folds entries read back from the journal at start-up and remembers that the session resumed.
    public mutating func resume(from entries: [JournalEntry]) {
        for entry in entries { _ = apply(.recorded(entry)) }
        resumedEntries = entries.count
    }
}
