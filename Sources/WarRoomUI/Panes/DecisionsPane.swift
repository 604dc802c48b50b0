import WarRoomCore

/// The decision points with countdowns; due and overdue ones nag; decided ones show verdict, who and when.
public struct DecisionsPane: Pane {
    let state: AppState
    let view: ViewState

    public init(state: AppState, view: ViewState) {
        self.state = state
        self.view = view
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        // The title says what the row says: a point past its grace period is OVERDUE there too.
        var summary = ""
        if let due = state.naggingDecision {
            let word = if case .overdue = state.decisionStatus(due.id) { "OVERDUE" } else { "DUE" }
            summary = "\(due.id) \(word)" + (view.replay == nil ? ": press d" : "")
        }
        let body = PaneFrame(title: "Decisions", summary: summary, summaryStyle: Theme.warn,
                             focused: view.focus == .decisions).render(into: &buffer, area: area)
        guard !body.isEmpty else { return }
        // Ids such as T+2h30m are wider than T+15m: the column fits the widest, so titles never run into them.
        let idWidth = max(7, (state.plan.decisionPoints.map { TextWidth.columns(of: $0.id) }.max() ?? 0) + 1)
        let titleWidth = max(8, min(24, body.width - 29 - idWidth))
        for (index, point) in state.plan.decisionPoints.enumerated() where index < body.height {
            let selected = view.focus == .decisions && view.cursor(in: .decisions) == index
            let head: [(String, Style)] = [(Text.pad(point.id, idWidth), selected ? Theme.selected : Theme.title),
                                           (Text.pad(point.title, titleWidth) + " ", selected ? Theme.selected : .plain)]
            line(head + statusRuns(point), into: &buffer, row: body.row(index))
        }
    }

    /// A replay cannot record a decision, so it does not offer the key.
    private var pressD: String { view.replay == nil ? " · press d" : "" }

    private func statusRuns(_ point: DecisionPoint) -> [(String, Style)] {
        switch state.decisionStatus(point.id) {
        case .notStarted:
            return [("waits for T0", Theme.label)]
        case .upcoming(let left):
            return [("in \(DurationText.formatRemaining(left))", .plain)]
        case .due(let since):
            return [("DUE", Theme.warn), (" for \(DurationText.format(since))" + pressD, Theme.warn)]
        case .overdue(let by):
            return [("OVERDUE", Theme.breach), (" by \(DurationText.format(by))" + pressD, Theme.warn)]
        case .dueAfterRollback:
            // Still recordable with d, but the release it would decide is over: said quietly, never nagged.
            return [("not decided · rolled back", Theme.label)]
        case .decided(let decision):
            let verdict = decision.record.verdict
            let style = verdict == .go ? Theme.ok : Theme.breach
            var runs: [(String, Style)] = [(verdict.rawValue.uppercased(), style),
                                           (" by \(decision.by) at \(TimeText.offset(decision.at, from: state.t0))", Theme.label)]
            if let note = decision.record.note { runs.append((" “\(note)”", .plain)) }
            return runs
        }
    }
}
