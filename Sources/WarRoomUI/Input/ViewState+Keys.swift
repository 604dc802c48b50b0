import Foundation
import WarRoomCore

extension ViewState {
    /// A key inside a paste, as text for the field being typed in: a paste types and never commands, so a pasted
    /// Tab cannot open a confirmation, nor a pasted newline answer it, nor pasted letters press keys. Nil when no
    /// field is open (the key is dropped).
    func pastedKey(_ key: Key) -> Key? {
        let multiline: Bool
        switch modal {
        case .composeUpdate?: multiline = true
        case .note?, .search?, .promoteOverride?: multiline = false
        case .decision(_, let verdict, _)? where verdict != nil: multiline = false
        default: return nil
        }
        switch key {
        case .character: return key
        case .tab: return .character(" ")
        case .enter: return multiline ? .enter : .character(" ")
        default: return nil
        }
    }

    /// Handles one key against the current state; returns what the runtime must do.
    public mutating func handle(_ key: Key, state: AppState) -> [Command] {
        var key = key
        switch key {
        case .resize: return []
        case .pasteStart: pasting = true; return []
        case .pasteEnd: pasting = false; return []
        default:
            guard pasting else { break }
            guard let typed = pastedKey(key) else { return [] }
            key = typed
        }
        if let modal { return handle(key, in: modal, state: state) }
        flash = nil
        guard let action = KeyMap.live.action(for: key) else { return [] }
        switch action {
        case .nextPane: moveFocus(by: 1)
        case .previousPane: moveFocus(by: -1)
        case .up: moveCursor(by: -1, state: state)
        case .down: moveCursor(by: 1, state: state)
        case .pageUp: moveCursor(by: -10, state: state)
        case .pageDown: moveCursor(by: 10, state: state)
        case .help: modal = .help
        case .quit: modal = .confirmQuit
        case .start: return open(.confirmStart, for: .start, state: state)
        case .promote:
            let drive = state.controllerDrive(.promote)
            switch state.nothingToPromote {
            case nil: modal = .confirmPromote(controller: drive)
            // At the plan's final stage the controller may still have steps to go: `p` then promotes it alone.
            case .finalStage? where !readOnly:
                if case .run(let action)? = drive { modal = .confirmPromoteController(action) } else { flash = Refusal.finalStage.words }
            case let refusal?: flash = refusal.words
            }
        case .rollback:
            // Once rolled back, `r` is where the steps are run from.
            if state.rollback != nil { modal = .rollbackSteps(selected: state.firstStepWithCommand ?? 0); return [] }
            return open(.confirmRollback(controller: state.controllerDrive(.abort)), for: .rollback(reason: nil), state: state)
        case .note: modal = .note(text: "")
        case .update: openComposer(state: state)
        case .comms: modal = .comms(selected: 0)
        case .canary: modal = .canary
        case .explain:
            // The metric or health check under the metrics pane's cursor, wherever the focus is.
            let subjects = Self.metricsPaneRows(state)
            if subjects.isEmpty { flash = "The plan has no metrics." } else {
                modal = .explain(metric: subjects[min(cursor(in: .metrics), subjects.count - 1)])
            }
        case .decide:
            if let point = state.dueDecision {
                modal = .decision(point: point.id, verdict: nil, note: "")
            } else {
                flash = state.nextDecision.map { next in
                    "No decision point is due; next is \(next.id) in \(DurationText.format(next.offset - (state.elapsed ?? 0)))."
                } ?? (state.isStarted ? "Every decision point is decided." : "The release has not started: press s to set T0.")
            }
        case .acknowledge:
            guard let rule = triggerToAcknowledge(state) else {
                flash = "No firing trigger waits for an acknowledgement."
                return []
            }
            return [.intent(.acknowledge(trigger: rule.id))]
        case .tick:
            guard focus == .checklist, state.plan.checklist.indices.contains(cursor(in: .checklist)) else { return [] }
            return [.intent(.toggleChecklist(item: state.plan.checklist[cursor(in: .checklist)].id))]
        case .search:
            focus = .logs
            modal = .search(text: logView.search?.text ?? "", isRegex: logView.search?.isRegex ?? false)
        case .nextMatch, .previousMatch, .nextError, .previousError, .filterMatches, .cycleLevel, .togglePause, .oldest,
             .newest:
            focus = .logs
            flash = moveInLogs(action, state: state)
        }
        return []
    }

    /// Opens a confirmation, or says at once why the action is not possible.
    private mutating func open(_ dialog: Modal, for intent: Intent, state: AppState) -> [Command] {
        if let refusal = state.refusal(of: intent) { flash = refusal.words } else { modal = dialog }
        return []
    }

    private mutating func handle(_ key: Key, in dialog: Modal, state: AppState) -> [Command] {
        if scrolled(by: key, in: dialog, state: state) { return [] }
        let yes = key == .character("y") || key == .character("Y")
        let no = key == .escape || key == .character("n") || key == .character("N")
        switch dialog {
        case .help:
            if key == .escape || key == .character("?") || key == .character("q") || key == .enter { modal = nil }
        case .explain(let metric):
            if key == .escape || key == .character("e") || key == .character("q") || key == .enter { modal = nil }
            if key == .character("l") {
                modal = nil
                focus = .logs
                flash = showLogs(aroundBreachOf: metric, state: state)
            }
        case .search(let text, let isRegex):
            if key == .tab || key == .backTab { modal = .search(text: text, isRegex: !isRegex); return [] }
            switch edit(text, with: key) {
            case .editing(let text): modal = .search(text: text, isRegex: isRegex)
            case .cancelled: modal = nil
            case .submitted(let text):
                flash = search(for: text, isRegex: isRegex, state: state)
            }
        case .confirmQuit:
            if yes { modal = nil; return [.quit] }
            if no { modal = nil }
        case .confirmStart, .confirmPromote, .confirmPromoteController, .confirmRollback:
            if no { modal = nil; flash = "Cancelled." }
            guard yes else { return [] }
            modal = nil
            switch dialog {
            case .confirmStart: return [.intent(.start)]
            case .confirmPromoteController(let action): return [.intent(.driveController(action))]
            case .confirmPromote(let drive):
                // The release may have moved on while the dialog was open (another war room rolled back): then
                // nothing, not even the controller's part, is asked for.
                if let refusal = state.nothingToPromote { flash = refusal.words; return [] }
                if state.gate().verdict != .ready { modal = .promoteOverride(reason: "", controller: drive); return [] }
                return [.intent(.promote())] + controllerPart(drive)
            case .confirmRollback(let drive):
                if let refusal = state.nothingToRollBack { flash = refusal.words; return [] }
                // Straight on to the steps, when the plan has commands for them.
                if let step = state.firstStepWithCommand { modal = .rollbackSteps(selected: step) }
                return [.intent(.rollback(reason: nil))] + controllerPart(drive)
            default:
                return []
            }
        case .rollbackSteps(let selected):
            let steps = state.plan.rollback.steps.count
            switch key {
            case .escape, .character("q"): modal = nil
            case .up, .character("k"):
                modal = .rollbackSteps(selected: max(0, selected - 1))
                scrollToChosen(state: state)
            case .down, .character("j"):
                modal = .rollbackSteps(selected: min(max(steps - 1, 0), selected + 1))
                scrollToChosen(state: state)
            case .character("x"), .enter:
                if readOnly, state.plan.rollback.steps.indices.contains(selected), state.plan.rollback.steps[selected].command != nil {
                    flash = Refusal.readOnlyWarRoom.words
                } else if let refusal = state.refusal(of: .runRollbackStep(selected)) {
                    flash = refusal.words
                } else {
                    modal = .confirmRunStep(selected)
                }
            case .character(" "):
                // Marking done adds a fact and happens at once; taking a mark back asks first.
                if state.doneByHand(step: selected) != nil { modal = .confirmUnmarkStep(selected); return [] }
                if let refusal = state.refusal(of: .markRollbackStep(selected, done: true)) { flash = refusal.words; return [] }
                return [.intent(.markRollbackStep(selected, done: true))]
            default: break
            }
        case .confirmRunStep(let step):
            if no { modal = .rollbackSteps(selected: step); flash = "Not run." }
            guard yes else { return [] }
            modal = .rollbackSteps(selected: step)
            return [.intent(.runRollbackStep(step))]
        case .confirmUnmarkStep(let step):
            if no { modal = .rollbackSteps(selected: step); flash = "Still marked done." }
            guard yes else { return [] }
            modal = .rollbackSteps(selected: step)
            return [.intent(.markRollbackStep(step, done: false))]
        case .decision(let point, nil, _):
            let verdicts: [Character: Verdict] = ["g": .go, "n": .noGo, "r": .rollback]
            if key == .escape { modal = nil; flash = "Decision not recorded." }
            if case .character(let letter) = key, let verdict = verdicts[Character(letter.lowercased())] {
                modal = .decision(point: point, verdict: verdict, note: "")
            }
        case .decision(let point, let verdict?, let note):
            switch edit(note, with: key) {
            case .editing(let text): modal = .decision(point: point, verdict: verdict, note: text)
            case .cancelled: modal = .decision(point: point, verdict: nil, note: "")
            case .submitted(let text):
                // A ROLLBACK verdict is a decision, not the rollback itself: go straight on to its confirmation.
                modal = verdict == .rollback && state.nothingToRollBack == nil
                    ? .confirmRollback(controller: state.controllerDrive(.abort)) : nil
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                return [.intent(.decide(point: point, verdict: verdict, note: trimmed.isEmpty ? nil : trimmed))]
            }
        case .promoteOverride(let reason, let drive):
            switch edit(reason, with: key) {
            case .editing(let text): modal = .promoteOverride(reason: text, controller: drive)
            case .cancelled: modal = nil; flash = "Not promoted."
            case .submitted(let text):
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { flash = "Type the reason, or Esc to cancel."; return [] }
                modal = nil
                if let refusal = state.nothingToPromote { flash = refusal.words; return [] }
                return [.intent(.promote(override: trimmed))] + controllerPart(drive)
            }
        case .note(let text):
            switch edit(text, with: key) {
            case .editing(let text): modal = .note(text: text)
            case .cancelled: modal = nil; flash = "Note discarded."
            case .submitted(let text):
                modal = nil
                return [.intent(.note(text))]
            }
        case .composeUpdate(let composer):
            compose(composer, key: key, state: state)
        case .confirmDiscardUpdate(let composer):
            confirmDiscard(composer, key: key, state: state)
        case .confirmPostUpdate(let composer, let copy, let writeToFile):
            return confirmPost(composer, copy: copy, writeToFile: writeToFile, key: key, state: state)
        case .comms(let selected):
            browseComms(selected: selected, key: key, state: state)
        case .canary:
            if key == .escape || key == .character("v") || key == .character("q") || key == .enter { modal = nil }
        case .readUpdate(_, let selected):
            if key == .escape || key == .enter || key == .character("q") {
                modal = .comms(selected: selected)
                scrollToChosen(state: state)
            }
        }
        return []
    }

    /// The controller's part of a confirmed promote or rollback, as its dialog showed it: nothing when there is none
    /// to run from here (no controller, nothing to do, read-only).
    private func controllerPart(_ drive: RolloutController.Drive?) -> [Command] {
        guard !readOnly, case .run(let action)? = drive else { return [] }
        return [.intent(.driveController(action))]
    }

    /// ↑ ↓ PgUp PgDn scroll a dialog taller than the screen, and j k too where they are not typed into a field; in
    /// the rollback steps ↑ ↓ j k choose a step, and the pages scroll. True when the key scrolled.
    private mutating func scrolled(by key: Key, in dialog: Modal, state: AppState) -> Bool {
        if case .composeUpdate = dialog { return false }
        let (typed, choosing): (Bool, Bool) = switch dialog {
        case .decision(_, _?, _), .promoteOverride, .note, .search: (true, false)
        // The composer's keys are its editor's, which scrolls itself (above); a letter in the post confirmation or the
        // discard question is a paste running on, which goes back to the text.
        case .composeUpdate, .confirmPostUpdate, .confirmDiscardUpdate: (true, false)
        case .rollbackSteps: (false, true)
        // With updates to choose, ↑ ↓ j k choose one; without, they scroll.
        case .comms: (false, !state.comms.updates.isEmpty)
        case .help, .confirmQuit, .confirmStart, .confirmPromote, .confirmPromoteController, .confirmRollback, .confirmRunStep,
             .confirmUnmarkStep,
             .decision(_, nil, _), .explain, .readUpdate, .canary: (false, false)
        }
        let screen = Rect(x: 0, y: 0, width: screenWidth, height: screenHeight)
        guard let page = DialogView(state: state, view: self, modal: dialog).page(in: screen) else { return false }
        let step: Int
        switch key {
        case .pageUp: step = -page.rows
        case .pageDown: step = page.rows
        case .up where !choosing, .character("k") where !typed && !choosing: step = -1
        case .down where !choosing, .character("j") where !typed && !choosing: step = 1
        default: return false
        }
        dialogScroll = max(0, min(page.limit, dialogScroll + step))
        return true
    }

    /// Scrolls a dialog just enough that its chosen item (a rollback step, an update) shows.
    mutating func scrollToChosen(state: AppState) {
        guard let modal, let page = DialogView(state: state, view: self, modal: modal)
            .page(in: Rect(x: 0, y: 0, width: screenWidth, height: screenHeight)), let line = page.chosenLine, page.limit > 0 else { return }
        dialogScroll = min(page.limit, max(line - page.rows + 1, min(dialogScroll, line)))
    }

    private enum Edit { case editing(String), cancelled, submitted(String) }

    /// One-line text entry: printable keys append, Backspace deletes, Enter submits, Esc clears the text and
    /// Esc on an empty field cancels. So an ESC inside pasted text never ends the field and lets the rest of
    /// the paste run as commands.
    private func edit(_ text: String, with key: Key) -> Edit {
        switch key {
        case .enter: .submitted(text)
        case .escape where !text.isEmpty: .editing("")
        case .escape: .cancelled
        case .backspace: .editing(String(text.dropLast()))
        case .character(let character) where text.count < 500: .editing(text + String(character))
        default: .editing(text)
        }
    }

    private mutating func moveFocus(by step: Int) {
        let order = Self.focusOrder
        let index = order.firstIndex(of: focus) ?? 0
        focus = order[(index + step + order.count) % order.count]
    }

    private mutating func moveCursor(by step: Int, state: AppState) {
        if focus == .logs {
            scrollLogs(by: step, state: state)
            return
        }
        let count = rowCount(in: focus, state: state)
        guard count > 0 else { return }
        cursor[focus] = max(0, min(count - 1, cursor(in: focus) + step))
    }

    private func rowCount(in pane: PaneKind, state: AppState) -> Int {
        switch pane {
        case .checklist: state.plan.checklist.count
        case .metrics: Self.metricsPaneRows(state).count
        case .decisions: state.plan.decisionPoints.count
        case .rollout: state.plan.stages.count
        default: 0
        }
    }

    /// What the metrics pane's cursor selects, by series name: the metrics, then the health checks (`health.<name>`).
    static func metricsPaneRows(_ state: AppState) -> [String] {
        state.plan.metrics.map(\.name) + state.plan.healthChecks.map(\.metricName)
    }

    /// The selected metric's or health check's firing trigger, else the first unacknowledged firing trigger.
    private func triggerToAcknowledge(_ state: AppState) -> TriggerRule? {
        let firing = state.plan.triggers.filter { state.triggers[$0.id]?.isFiring == true && state.acks[$0.id] == nil }
        let rows = Self.metricsPaneRows(state)
        if focus == .metrics, rows.indices.contains(cursor(in: .metrics)) {
            let name = rows[cursor(in: .metrics)]
            if let rule = firing.first(where: { $0.metric == name }) { return rule }
        }
        return firing.first
    }
}
