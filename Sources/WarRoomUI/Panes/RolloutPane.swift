import WarRoomCore

/// The stages as a flow with the current one highlighted, time in stage, and the gate with its reasons.
public struct RolloutPane: Pane {
    let state: AppState
    let view: ViewState

    public init(state: AppState, view: ViewState) {
        self.state = state
        self.view = view
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let gate = state.gate()
        let body = PaneFrame(title: "Rollout", summary: "gate \(gate.verdict.rawValue)", summaryStyle: style(for: gate.verdict),
                             focused: view.focus == .rollout).render(into: &buffer, area: area)
        guard !body.isEmpty else { return }

        var runs: [(String, Style)] = []
        for (index, stage) in state.plan.stages.enumerated() {
            if index > 0 { runs.append((" → ", Theme.label)) }
            let current = state.isStarted && index == state.stageIndex
            let passed = state.isStarted && index < state.stageIndex
            let rolledBack = current && state.rollback != nil
            let text = passed ? "✓ \(stage.name)" : rolledBack ? "↶ \(stage.name)" : stage.name
            runs.append((current ? "[\(text)]" : text, current ? (rolledBack ? Theme.breach : Style(bold: true, reverse: true))
                                                               : (passed ? Theme.done : Theme.label)))
        }
        line(runs, into: &buffer, row: body.row(0))
        guard body.height > 1 else { return }

        // The controller's lines outrank the gate's reasons, whose verdict the title already shows; and when they do not
        // all fit, the stage line gives way too, since the flow above names the stage.
        let controller = state.rolloutController == nil ? [] : ControllerLines(state: state).lines
        let rows = controller.count > 1 && body.height - 1 <= controller.count ? controller : [stageLine] + controller
        let shown = min(rows.count, body.height - 1)
        for (index, runs) in rows.prefix(shown).enumerated() {
            line(runs, into: &buffer, row: body.row(1 + index))
        }
        let gateTop = 1 + shown
        guard body.height > gateTop else { return }
        let lead = "Gate \(gate.verdict.rawValue): "
        let reasonWidth = body.width - 2 - TextWidth.columns(of: lead)
        let gateRows = body.height - gateTop
        // The key that helps is the screen's to name, not Core's.
        let reasons = !state.isStarted && view.replay == nil ? gate.reasons.map { $0 + " (press s)" } : gate.reasons
        for (index, reason) in reasons.prefix(gateRows).enumerated() {
            let hidden = reasons.count - gateRows
            let more = index == gateRows - 1 && hidden > 0 ? " (+\(hidden) more" + (view.replay == nil ? ": p shows all)" : ")") : ""
            let text = Text.fit(reason, reasonWidth - more.count) + more
            line([(index == 0 ? lead : String(repeating: " ", count: lead.count), style(for: gate.verdict)), (text, .plain)],
                 into: &buffer, row: body.row(gateTop + index))
        }
    }

    private var stageLine: [(String, Style)] {
        guard state.isStarted, let stage = state.stage else {
            return [("Waiting for T0. ", Theme.warn), ("\(state.plan.stages.count) stages planned.", Theme.label)]
        }
        if let rollback = state.rollback {
            // How far the rollback procedure got, live and in a replay alike.
            let progress = state.rollbackProgress
            let steps: [(String, Style)] = progress.total == 0 ? []
                : [(" · steps \(progress.done)/\(progress.total) done", progress.done == progress.total ? Theme.ok : Theme.warn)]
            return [("ROLLED BACK", Theme.breach), (" from \(stage.name) by \(rollback.by) at \(TimeText.offset(rollback.at, from: state.t0))", .plain)]
                + steps
        }
        var runs: [(String, Style)] = [("Stage \(state.stageIndex + 1)/\(state.plan.stages.count) ", Theme.label), (stage.name, Style(bold: true))]
        if let traffic = stage.traffic { runs += [(" · traffic ", Theme.label), (MetricUnit.percent.format(traffic), .plain)] }
        let inStage = state.timeInStage ?? 0
        runs += [(" · in stage ", Theme.label), (DurationText.format(inStage), .plain)]
        if stage.minDuration > 0 {
            runs += [(" / min \(DurationText.formatPlan(stage.minDuration))", inStage >= stage.minDuration ? Theme.ok : Theme.label)]
        }
        return runs
    }

    private func style(for verdict: Gate.Verdict) -> Style {
        switch verdict {
        case .ready: Theme.ok
        case .blocked: Theme.warn
        case .inconclusive: Theme.stale
        case .closed: Theme.label
        }
    }
}
