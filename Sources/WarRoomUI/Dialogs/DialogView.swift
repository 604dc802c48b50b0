import Foundation
import WarRoomCore

/// Draws the open dialog as a bordered box in the middle of the screen.
public struct DialogView {
    let state: AppState
    let modal: Modal
    /// Shown in help and on quit: a narrow status bar has no room for it.
    let journalPath: String?
    /// A replay's help lists the replay keys instead of the ones that record.
    let replay: Bool
    /// Actions not yet in the journal, which the quit dialog must own up to.
    let unrecorded: Int
    /// Rollback steps whose command this process is running, which quitting kills.
    let runningHere: Set<Int>
    /// Lines scrolled down from the top of a dialog taller than the screen.
    let scroll: Int
    /// `--readonly`: the confirmations say that nothing runs from here.
    let readOnly: Bool

    public init(state: AppState, modal: Modal, journalPath: String? = nil, replay: Bool = false, unrecorded: Int = 0,
                runningHere: Set<Int> = [], scroll: Int = 0, readOnly: Bool = false) {
        self.readOnly = readOnly
        self.state = state
        self.modal = modal
        self.journalPath = journalPath
        self.replay = replay
        self.unrecorded = unrecorded
        self.runningHere = runningHere
        self.scroll = scroll
    }

    /// The open dialog as `view` has it, scrolled by its `dialogScroll`.
    public init(state: AppState, view: ViewState, modal: Modal) {
        self.init(state: state, modal: modal, journalPath: view.journalPath, replay: view.replay != nil,
                  unrecorded: view.unrecorded, runningHere: view.runningHere, scroll: view.dialogScroll, readOnly: view.readOnly)
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        guard let page = page(in: area) else { return }
        let box = page.box
        buffer.fill(box, style: Theme.modal)
        drawBorder(&buffer, box, title: page.title)
        for (index, (text, style)) in page.lines.enumerated() {
            buffer.put(text, x: box.x + 2, y: box.y + 1 + index, style: style, clip: box.inset(1))
        }
        // A text being edited shows where the next key goes: the cell under the cursor in reverse video.
        if let cursor = page.cursor {
            buffer.restyle(Rect(x: box.x + 2 + cursor.column, y: box.y + 1 + cursor.line, width: cursor.width, height: 1)
                .intersection(box.inset(1))) { $0.reverse.toggle() }
        }
        let more = [page.above > 0 ? "↑ \(page.above) above" : nil, page.below > 0 ? "↓ \(page.below) more" : nil].compactMap { $0 }
        if !more.isEmpty {
            buffer.put(" \(more.joined(separator: " · ")) ", x: box.x + 2, y: box.maxY - 1, style: Theme.modalBorder,
                       clip: Rect(x: box.x + 1, y: box.maxY - 1, width: box.width - 2, height: 1))
        }
    }

    /// What a dialog shows in `area`: its box, and its lines from the scroll offset on. A dialog taller than the
    /// box scrolls, and its last line (how to answer it) always shows: a dialog must never hide how to answer it.
    struct Page {
        var box: Rect
        var title: String
        var lines: [(String, Style)]
        /// Lines scrolled past above, and left below.
        var above: Int
        var below: Int
        /// The furthest the dialog scrolls, and how many lines a page moves.
        var limit: Int
        var rows: Int
        /// The line of the chosen item (a rollback step), counted from the top of the whole dialog.
        var chosenLine: Int?
        /// Where a text being edited has its cursor, among the lines shown.
        var cursor: (line: Int, column: Int, width: Int)?
    }

    /// What a dialog holds: its title, its lines, and where a text being edited has its cursor among them.
    struct Content {
        var title: String
        var lines: [(String, Style)]
        var cursor: (line: Int, column: Int, width: Int)?

        init(_ title: String, _ lines: [(String, Style)], cursor: (line: Int, column: Int, width: Int)? = nil) {
            self.title = title
            self.lines = lines
            self.cursor = cursor
        }
    }

    /// Marks the chosen rollback step.
    static let chosenMarker = "▶ "

    /// The columns a dialog's lines may take in `area`.
    static func contentWidth(in area: Rect) -> Int { min(area.width - 4, 76) - 4 }

    func page(in area: Rect) -> Page? {
        let content = content(width: Self.contentWidth(in: area), area: area)
        let (title, lines) = (content.title, content.lines)
        let width = min(area.width - 2, max(40, (lines.map { TextWidth.columns(of: $0.0) }.max() ?? 0) + 4))
        let height = min(area.height - 2, lines.count + 2)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        guard box.width >= 6, box.height >= 3 else { return nil }
        let rows = box.height - 2
        let chosen = lines.firstIndex { $0.0.hasPrefix(Self.chosenMarker) }
        guard lines.count > rows, let hint = lines.last else {
            return Page(box: box, title: title, lines: lines, above: 0, below: 0, limit: 0, rows: rows, chosenLine: chosen,
                        cursor: content.cursor)
        }
        let body = lines.dropLast(), bodyRows = rows - 1
        let limit = body.count - bodyRows
        let top = max(0, min(scroll, limit))
        let cursor = content.cursor.flatMap { cursor in
            (top..<top + bodyRows).contains(cursor.line) ? (line: cursor.line - top, column: cursor.column, width: cursor.width) : nil
        }
        return Page(box: box, title: title, lines: Array(body.dropFirst(top).prefix(bodyRows)) + [hint],
                    above: top, below: limit - top, limit: limit, rows: max(1, bodyRows), chosenLine: chosen, cursor: cursor)
    }

    private func drawBorder(_ buffer: inout Buffer, _ box: Rect, title: String) {
        for x in box.x..<box.maxX {
            buffer[x, box.y] = Cell("─", style: Theme.modalBorder)
            buffer[x, box.maxY - 1] = Cell("─", style: Theme.modalBorder)
        }
        for y in box.y..<box.maxY {
            buffer[box.x, y] = Cell("│", style: Theme.modalBorder)
            buffer[box.maxX - 1, y] = Cell("│", style: Theme.modalBorder)
        }
        buffer[box.x, box.y] = Cell("┌", style: Theme.modalBorder)
        buffer[box.maxX - 1, box.y] = Cell("┐", style: Theme.modalBorder)
        buffer[box.x, box.maxY - 1] = Cell("└", style: Theme.modalBorder)
        buffer[box.maxX - 1, box.maxY - 1] = Cell("┘", style: Theme.modalBorder)
        buffer.put(" \(title) ", x: box.x + 2, y: box.y, style: Theme.title, clip: box.inset(1).union(row: box.y))
    }

    /// What a promote or rollback does through the rollout controller, for its confirmation: the exact commands (the
    /// server-side dry run first), or why nothing runs from here. Empty when the plan names no controller.
    private func controllerLines(_ verb: ControllerVerb, _ drive: RolloutController.Drive?, width: Int) -> [(String, Style)] {
        guard let drive, let controller = state.rolloutController else { return [] }
        let name = "\(controller.kind.title) \(controller.kubernetesObject?.name ?? "")"
            .trimmingCharacters(in: .whitespaces)
        switch drive {
        case .unavailable(let reason):
            return Text.wrap("Controller: nothing is run — \(reason).", width).map { ($0, Theme.warn) }
        case .run(let action) where readOnly:
            return Text.wrap("READ-ONLY (--readonly): nothing is run from this war room; the journal records the decision only. "
                             + "To \(verb.rawValue) the \(name) yourself:", width).map { ($0, Theme.warn) }
                + Text.chunk("$ " + action.command, width).map { ($0, Style.plain) }
        case .run(let action):
            var lines = Text.wrap("Then \(verb.rawValue) the \(name) (the evaluating war room runs it; its output is journaled):",
                                  width).map { ($0, Style(bold: true)) }
            if let dryRun = action.dryRun {
                lines.append(("first a server-side dry run:", Theme.label))
                lines += Text.chunk("$ " + dryRun, width).map { ($0, Style.plain) }
                lines.append(("then, if it passes:", Theme.label))
            }
            lines += Text.chunk("$ " + action.command, width).map { ($0, Style.plain) }
            return lines
        }
    }

    private func content(width: Int, area: Rect) -> Content {
        switch modal {
        case .composeUpdate(let composer):
            return composerContent(composer, area: area)
        case .confirmDiscardUpdate:
            return Content("Discard the update?", [("Discard your edits to the status update?", Style(bold: true)),
                                                   ("Nothing was posted, and the text is not kept.", .plain), ("", .plain),
                                                   ("y discard    n / Esc keep editing", Theme.label)])
        case .confirmPostUpdate(let composer, let copy, let writeToFile):
            return Content("Post the status update", postLines(composer, copy: copy, writeToFile: writeToFile, width: width))
        case .comms(let selected):
            return Content("Comms", CommsLines(state: state, replay: replay).lines(selected: selected, width: width))
        case .readUpdate(let update, _):
            return Content("Status update", CommsLines.read(update, t0: state.t0, width: width))
        case .canary:
            return Content("Canary", CanaryLines(state: state).lines(width: width))
        default:
            let (title, lines) = content(width: width)
            return Content(title, lines)
        }
    }

    private func content(width: Int) -> (String, [(String, Style)]) {
        let hint = Theme.label
        switch modal {
        case .help:
            let keyColumn = 22
            let help = replay ? KeyMap<ReplayKeyAction>.replay.rows.map { ($0.label, $0.help) }
                : KeyMap<KeyAction>.live.rows.map { ($0.label, $0.help) }
            let rows = help.flatMap { key, meaning in
                Text.wrap(meaning, max(10, width - keyColumn)).enumerated().map { index, part in
                    (Text.pad(index == 0 ? key : "", keyColumn) + part, Style.plain)
                }
            }
            let journal = journalPath.map { [("Journal: " + Text.fitKeepingEnd($0, width - 9), hint)] } ?? []
            let onCall = state.plan.release.onCallDescription
            let contacts = (onCall.isEmpty ? [] : [("On-call: " + onCall, Style.plain)]) + whoToCall(width: width)
            if replay {
                let readOnly = ("A replay is read-only: nothing is written to the journal.", Style.plain)
                return ("Replay keys", rows + [("", .plain), readOnly] + journal + [("Esc or ? closes this help.", hint)])
            }
            return ("Keys", rows + [("", .plain)] + contacts + journal + [("Esc or ? closes this help.", hint)])
        case .confirmQuit:
            let journal = journalPath.map { [(Text.fitKeepingEnd($0, width), hint)] } ?? []
            var warnings: [(String, Style)] = []
            if unrecorded > 0 {
                let count = unrecorded == 1 ? "1 action is" : "\(unrecorded) actions are"
                warnings += [("\(count) NOT in the journal yet:", Theme.firing), ("quitting prints them to the terminal,", .plain),
                             ("staying keeps retrying.", .plain)]
            }
            if !runningHere.isEmpty {
                let steps = runningHere.sorted().map { "\($0 + 1)" }.joined(separator: ", ")
                warnings += [("Rollback step \(steps) is still running:", Theme.firing),
                             ("quitting kills it, and the journal says so.", .plain)]
            }
            if !warnings.isEmpty {
                let answer = runningHere.isEmpty ? "y quit anyway    n / Esc stay" : "y quit and kill it    n / Esc stay"
                return ("Quit", warnings + journal + [("", .plain), (answer, hint)])
            }
            return ("Quit", [("Quit warroom? The journal keeps everything;", .plain),
                             ("run the same command again to resume.", .plain)] + journal
                            + [("", .plain), ("y quit    n / Esc stay", hint)])
        case .confirmStart:
            return ("Start the release", [("Set T0 to now and enter \(state.plan.stages.first?.name ?? "the first stage")?", .plain),
                                          ("", .plain), ("y start    n / Esc cancel", hint)])
        case .confirmPromoteController(let action):
            let lines: [(String, Style)] = [("The plan is at its final stage, \(state.stage?.name ?? "?").", Style(bold: true)),
                                            ("Promote the rollout controller?", Style(bold: true)), ("", .plain)]
                + controllerLines(.promote, .run(action), width: width) + [("", .plain), ("y promote the controller    n / Esc cancel", hint)]
            return ("Promote", lines)
        case .confirmPromote(let drive):
            let from = state.stage?.name ?? "?"
            let to = state.plan.stages.indices.contains(state.stageIndex + 1) ? state.plan.stages[state.stageIndex + 1].name : "?"
            let gate = state.gate()
            var lines: [(String, Style)] = [("Promote \(from) → \(to)?", Style(bold: true)), ("", .plain)]
            if gate.verdict == .ready {
                lines.append(("Gate READY: every gate metric OK, nothing firing.", Theme.ok))
            } else {
                lines.append(("Gate \(gate.verdict.rawValue):", Theme.warn))
                lines += gate.reasons.flatMap { Text.wrap($0, width - 2) }.map { ("• " + $0, Style.plain) }
                lines.append(("Promoting anyway asks for a reason, kept in the journal.", hint))
            }
            let controller = controllerLines(.promote, drive, width: width)
            if !controller.isEmpty { lines += [("", .plain)] + controller }
            lines += [("", .plain), (gate.verdict == .ready ? "y promote    n / Esc cancel" : "y give a reason and promote    n / Esc cancel", hint)]
            return ("Promote", lines)
        case .confirmRollback(let drive):
            var lines: [(String, Style)] = [("Roll back \(state.plan.release.name) \(state.plan.release.version)?", Style(bold: true)),
                                            ("The rollback steps of the plan:", .plain)]
            for (index, step) in state.plan.rollback.steps.enumerated() {
                for (part, text) in Text.wrap(step.text, width - 4).enumerated() {
                    lines.append(((part == 0 ? "\(index + 1). " : "   ") + text, Style.plain))
                }
                if let command = step.command, command != step.text {
                    lines += Text.wrap("$ " + command, width - 4).map { ("   " + $0, hint) }
                }
            }
            let contacts = whoToCall(width: width)
            if !contacts.isEmpty { lines += [("", .plain)] + contacts }
            if !state.plan.rollback.contingency.isEmpty {
                lines.append(("If it goes wrong:", Style(bold: true)))
                for plan in state.plan.rollback.contingency {
                    lines += Text.wrap(plan, width - 2).enumerated().map { ((($0.offset == 0) ? "• " : "  ") + $0.element, Style.plain) }
                }
            }
            let controller = controllerLines(.abort, drive, width: width)
            if !controller.isEmpty { lines += [("", .plain)] + controller }
            lines += [("", .plain), ("y record rollback    n / Esc cancel", hint)]
            return ("Rollback", lines)
        case .rollbackSteps(let selected):
            return ("Rollback steps", rollbackSteps(selected: selected, width: width))
        case .confirmRunStep(let step):
            let command = state.plan.rollback.steps.indices.contains(step) ? state.plan.rollback.steps[step].command ?? "" : ""
            var lines: [(String, Style)] = [("Run step \(step + 1)'s command now?", Style(bold: true))]
            lines += Text.chunk("$ " + command, width).map { ($0, Style.plain) }
            if let run = state.lastRun(ofStep: step) {
                let outcome = run.exitStatus.map { "exit \($0)" } ?? "did not finish"
                lines.append(("Already run by \(run.by) at \(TimeText.offset(run.at, from: state.t0)) (\(outcome)):", Theme.warn))
                lines.append(("this runs it again.", Theme.warn))
            }
            lines += [("", .plain), ("It runs with /bin/sh and is killed after \(DurationText.format(AppState.rollbackCommandTimeout)).", hint),
                      ("Its exit status and output go into the journal.", hint), ("", .plain), ("y run    n / Esc back", hint)]
            return ("Run a rollback step", lines)
        case .confirmUnmarkStep(let step):
            var lines: [(String, Style)] = [("Unmark step \(step + 1)? It will count as not done.", Style(bold: true))]
            if let mark = state.doneByHand(step: step) {
                lines.append(("Marked done by hand by \(mark.by) at \(TimeText.offset(mark.at, from: state.t0)).", Style.plain))
            }
            lines += [("The journal keeps both the mark and its undoing.", hint), ("", .plain), ("y unmark    n / Esc back", hint)]
            return ("Unmark a rollback step", lines)
        case .decision(let point, nil, _):
            let title = state.plan.decisionPoints.first { $0.id == point }?.title ?? ""
            let gate = state.gate()
            return ("Decision \(point)", [("\(point) \(title)", Style(bold: true)),
                                          ("Status \(state.overallStatus.rawValue) · gate \(gate.verdict.rawValue)", .plain),
                                          ("The evidence of this moment is saved with the decision.", hint), ("", .plain),
                                          ("g go    n no-go    r rollback    Esc cancel", hint)])
        case .decision(let point, let verdict?, let note):
            return ("Decision \(point)", [("Verdict: \(verdict.rawValue.uppercased())", Style(bold: true)),
                                          ("Note (optional):", .plain), (inputLine(note, width: width), Style(underline: true)),
                                          ("", .plain), ("Enter record    Esc clears, then goes back", hint)])
        case .promoteOverride(let reason, let drive):
            let gate = state.gate()
            let controller = controllerLines(.promote, drive, width: width)
            return ("Promote past the gate", [("Gate \(gate.verdict.rawValue): why promote anyway?", Style(bold: true)),
                                              (inputLine(reason, width: width), Style(underline: true)), ("", .plain)]
                    + (controller.isEmpty ? [] : controller + [("", .plain)])
                    + [("Enter promote    Esc clears, then cancels", hint)])
        case .explain(let metric):
            let lines = state.explanation(of: metric).flatMap { sentence in
                Text.wrap(sentence, width - 2).enumerated().map { ($0.offset == 0 ? "" : "  ") + $0.element }
            }
            // Whom to call goes with a trigger that fires, where the person looking at it is.
            let fires = state.plan.triggers.contains { $0.metric == metric && state.triggers[$0.id]?.isFiring == true }
            let escalate = fires ? state.plan.communication.escalationPath.map { path in
                Text.wrap("Its trigger fires. Escalate to \(path).", width - 2).enumerated()
                    .map { (($0.offset == 0 ? "" : "  ") + $0.element, Theme.warn) }
            } ?? [] : []
            return ("Why \(metric)", lines.map { ($0, Style.plain) } + escalate
                    + [("", .plain), ("l logs around its breach    Esc or e closes", hint)])
        case .search(let text, let isRegex):
            let kind = isRegex ? "regular expression" : "literal text"
            return ("Search the logs", [("Find (\(kind); lower case ignores case):", .plain),
                                        (inputLine(text, width: width), Style(underline: true)), ("", .plain),
                                        ("Enter search    Tab \(isRegex ? "literal" : "regex")    Esc clears, then cancels", hint)])
        case .note(let text):
            return ("Note", [("A note for the journal and the post-mortem:", .plain),
                             (inputLine(text, width: width), Style(underline: true)), ("", .plain), ("Enter save    Esc clears, then discards", hint)])
        // Drawn by `content(width:area:)`.
        case .composeUpdate, .confirmDiscardUpdate, .confirmPostUpdate, .comms, .readUpdate, .canary:
            return ("", [])
        }
    }

    /// Each step, marked when it is selected, with its command and how its last run went; then the selected step's
    /// output.
    private func rollbackSteps(selected: Int, width: Int) -> [(String, Style)] {
        let hint = Theme.label
        var lines: [(String, Style)] = []
        if let rollback = state.rollback {
            let progress = state.rollbackProgress
            lines.append(("Rolled back by \(rollback.by) at \(TimeText.offset(rollback.at, from: state.t0)) · "
                + "\(progress.done)/\(progress.total) steps done.", Style(bold: true)))
        }
        for (index, step) in state.plan.rollback.steps.enumerated() {
            let marker = index == selected ? Self.chosenMarker : "  "
            let style = index == selected ? Style(bold: true) : Style.plain
            for (part, text) in Text.wrap(step.text, width - 5).enumerated() {
                lines.append(((part == 0 ? marker + "\(index + 1). " : "     ") + text, style))
            }
            let byHand = state.doneByHand(step: index).map { mark in
                ("     ✓ done by hand · \(mark.by) at \(TimeText.offset(mark.at, from: state.t0))", Theme.ok)
            }
            guard let command = step.command else { lines.append(byHand ?? ("     by hand", hint)); continue }
            if command != step.text { lines += Text.wrap("$ " + command, width - 5).map { ("     " + $0, hint) } }
            if let running = state.running(step: index) {
                let whose = running.session == state.session ? "" : " in \(running.by)'s war room"
                let since = DurationText.format(max(0, state.now.timeIntervalSince(running.at)))
                lines.append((Text.fit("     running\(whose)… \(since)", width), Theme.warn))
            } else if let run = state.lastRun(ofStep: index) {
                let outcome = run.exitStatus.map { $0 == 0 ? "✓ exit 0" : "✗ exit \($0)" } ?? "✗ did not finish"
                lines.append(("     \(outcome) · \(run.by) at \(TimeText.offset(run.at, from: state.t0))", run.succeeded ? Theme.ok : Theme.firing))
            }
            if let byHand { lines.append(byHand) }
        }
        if let run = state.lastRun(ofStep: selected) {
            let output = run.output.split(separator: "\n", omittingEmptySubsequences: false).reversed()
                .drop { $0.trimmingCharacters(in: .whitespaces).isEmpty }.prefix(6).reversed()
            lines += [("", .plain), ("Output of step \(selected + 1), last lines:", .plain)]
            lines += output.map { ("  " + Text.fit(TextWidth.sanitize(String($0)), width - 2), hint) }
        }
        lines += [("", .plain), ("j/k choose   x run   space done by hand   Esc close", hint)]
        return lines
    }

    /// Who rolls back in this stage and where to say so: the plan's owners, channel and escalation path.
    private func whoToCall(width: Int) -> [(String, Style)] {
        var lines: [String] = []
        if let stage = state.stage, let owner = state.plan.rollback.owners(of: stage.name).first {
            lines.append("Owner in this stage: \(owner.primary)" + (owner.backup.map { " (backup \($0))" } ?? ""))
        }
        let communication = state.plan.communication
        if let channel = communication.channel { lines.append("Tell: \(channel)") }
        if !communication.escalation.isEmpty { lines.append("Escalate: " + communication.escalation.joined(separator: " → ")) }
        return lines.flatMap { Text.wrap($0, width) }.map { ($0, Style.plain) }
    }

    /// The end of the text being typed, with a cursor block, fitted to the box.
    private func inputLine(_ text: String, width: Int) -> String {
        let visible = String(Text.suffix(TextWidth.sanitize(text), columns: max(1, width - 2)))
        return Text.pad(visible + "▏", width)
    }
}

private extension Rect {
    func union(row y: Int) -> Rect { Rect(x: x, y: min(self.y, y), width: width, height: maxY - min(self.y, y)) }
}
