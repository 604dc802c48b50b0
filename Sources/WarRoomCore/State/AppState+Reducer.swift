import Foundation

extension AppState {
    /// The reducer: folds one event into the state and returns what the runtime must do.
    public mutating func apply(_ event: Event) -> [Effect] {
        switch event {
        case .tick(let time):
            now = max(now, time)
            judgeCanary()
            return []
        case .sample, .health, .log, .logs, .source, .controller:
            // One feed event evaluated on its own, as a backtest or a test does; a live evaluator batches a second's
            // worth into one `evaluation(of:at:)`.
            return evaluation(of: [event], at: now).map(Effect.record)
        case .intent(let intent, let actor):
            return handle(intent, actor: actor)
        case .recorded(let entry):
            guard folded.fold(entry) else { return [] }
            now = max(now, entry.time)
            return startIfOurs(entry) + driveIfEvaluator(entry) + answerOnTakingOver(entry) + deliverIfOurs(entry) + ring(for: entry)
        case .commandFinished(let result):
            let request = result.request
            let event = JournalEvent.commandRun(command: request.command, exitStatus: result.exitStatus, output: result.output,
                                                step: request.step)
            return [.record(entry(event, actor: request.actor))]
        case .controllerActionFinished(let result):
            return [.record(entry(.controllerActionRun(result)))]
        case .noticeFinished(let request, let result):
            return [.record(entry(.noticeDelivered(delivery(of: request, result))))]
        }
    }

    func entry(_ event: JournalEvent, actor: String = "warroom") -> JournalEntry {
        JournalEntry(time: now, actor: actor, session: session, event: event)
    }

    /// Every war room rings when a trigger starts firing, not only the one that evaluates; a firing read back from
    /// long ago (a resume, a war room joining late) is history and stays quiet.
    private func ring(for entry: JournalEntry) -> [Effect] {
        guard case .triggerFiring = entry.event, now.timeIntervalSince(entry.time) < Self.bellWindow else { return [] }
        return [.bell]
    }

    /// How recent a firing must be to ring the bell where it is folded.
    static let bellWindow: TimeInterval = 60

    // MARK: Intents

    private func handle(_ intent: Intent, actor: String) -> [Effect] {
        if let refusal = refusal(of: intent) { return [.refuse(refusal)] }
        switch intent {
        case .start:
            return [.record(entry(.releaseStarted(t0: now), actor: actor))]
        case .toggleChecklist(let item):
            let event: JournalEvent = self.ticks[item] == nil ? .checklistTicked(item: item) : .checklistUnticked(item: item)
            return [.record(entry(event, actor: actor))]
        case .promote(let reason):
            let next = self.stageIndex + 1
            let gate = gate()
            let override = gate.verdict == .ready ? nil : PromotionOverride(reason: reason ?? "", gate: gate.verdict.rawValue, gateReasons: gate.reasons)
            return [.record(entry(.stagePromoted(from: self.stageIndex, to: next, stage: plan.stages[next].name, override: override), actor: actor))]
        case .rollback(let reason):
            return [.record(entry(.rolledBack(fromStage: self.stageIndex, reason: reason), actor: actor))]
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
        case .markRollbackStep(let step, let done):
            return [.record(entry(.rollbackStepMarked(step: step, done: done), actor: actor))]
        case .driveController(var action):
            // Named by who asked and when, so its answer finds it in any copy of the journal.
            action.id = "\(session)-\(Int(saturating: (now.timeIntervalSince1970 * 1000).rounded()))"
            return [.record(entry(.controllerActionRequested(action), actor: actor))]
        case .postUpdate(let update):
            return [.record(entry(.updatePosted(update), actor: actor))]
        }
    }

    /// A start this session journaled runs when it is the step's open start; one that another war room's start
    /// beat into the journal does not run at all.
    private func startIfOurs(_ entry: JournalEntry) -> [Effect] {
        guard case .commandStarted(let step, let command) = entry.event, entry.session == session else { return [] }
        guard let winner = self.startedCommands[step], winner.seq == entry.seq, winner.session == session else {
            let first = self.startedCommands[step]
            return [.refuse(.stepAlreadyStarted(step: step, by: first.flatMap { $0.session == session ? nil : $0.by }))]
        }
        // A start that waited in the unrecorded queue (journal locked, disk full) is not run late: others judge
        // when it lapses from its time, and the person may have done the step another way meanwhile.
        guard now.timeIntervalSince(entry.time) <= Self.lateStartLimit else {
            return [.refuse(.stepStartedTooLate(step: step))]
        }
        return [.run(CommandRequest(step: step, command: command, actor: entry.actor))]
    }

    /// Why a rollback is not possible now; nil when it is.
    public var nothingToRollBack: Refusal? { refusal(of: .rollback(reason: nil)) }

    /// Why no promotion is possible at all, whatever the gate says; nil when there is a next stage.
    public var nothingToPromote: Refusal? {
        if !isStarted { return .notStarted }
        if self.rollback != nil { return .rolledBack }
        if self.stageIndex + 1 >= plan.stages.count { return .finalStage }
        return nil
    }

    /// Why an intent cannot be carried out now, or nil when it can.
    public func refusal(of intent: Intent) -> Refusal? {
        switch intent {
        case .start:
            return self.t0.map { .alreadyStarted(at: $0) }
        case .toggleChecklist(let item):
            return plan.checklist.contains { $0.id == item } ? nil : .noChecklistItem(item)
        case .promote(let reason):
            if let nothingToPromote { return nothingToPromote }
            let gate = gate()
            guard gate.verdict != .ready else { return nil }
            guard let reason else { return .gateNeedsReason(verdict: gate.verdict.rawValue, reason: gate.reasons.first) }
            return reason.trimmingCharacters(in: .whitespaces).isEmpty ? .emptyOverrideReason : nil
        case .rollback:
            if !isStarted { return .nothingToRollBack }
            return self.rollback == nil ? nil : .alreadyRolledBack
        case .decide(let point, _, _):
            guard plan.decisionPoints.contains(where: { $0.id == point }) else { return .noDecisionPoint(point) }
            if self.decisions[point] != nil { return .alreadyDecided(point) }
            switch decisionStatus(point) {
            case .upcoming: return .notDueYet(point)
            case .notStarted: return .decisionBeforeStart
            case .due, .overdue, .dueAfterRollback, .decided: return nil
            }
        case .acknowledge(let trigger):
            guard self.triggers[trigger]?.isFiring == true else { return .notFiring }
            return self.acks[trigger].map { .alreadyAcknowledged(by: $0.by) }
        case .note(let text):
            return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? .emptyNote : nil
        case .runRollbackStep(let step):
            guard plan.rollback.steps.indices.contains(step) else { return .noRollbackStep(step) }
            guard plan.rollback.steps[step].command != nil else { return .stepByHand(step) }
            if self.rollback == nil { return .rollbackNotRecorded }
            guard let running = running(step: step) else { return nil }
            return .stepRunning(step: step, by: running.session == session ? nil : running.by,
                                for: max(0, now.timeIntervalSince(running.at)))
        case .driveController:
            return controllerRefusal
        case .postUpdate(let update):
            return update.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? .emptyUpdate : nil
        case .markRollbackStep(let step, let done):
            guard plan.rollback.steps.indices.contains(step) else { return .noRollbackStep(step) }
            if self.rollback == nil { return .rollbackNotRecorded }
            switch (done, self.stepsDoneByHand[step]) {
            case (true, let mark?): return .stepAlreadyDone(step: step, by: mark.by)
            case (false, nil): return .stepNotMarked(step)
            case (false, _?): return nil
            case (true, nil):
                // Its command running now will say itself how it went.
                guard let running = running(step: step) else { return nil }
                return .stepRunning(step: step, by: running.session == session ? nil : running.by,
                                    for: max(0, now.timeIntervalSince(running.at)))
            }
        }
    }

    /// Folds entries read back from the journal at start-up and remembers that the session resumed.
    public mutating func resume(from entries: [JournalEntry]) {
        for entry in entries { _ = apply(.recorded(entry)) }
        resumedEntries = entries.count
    }
}
