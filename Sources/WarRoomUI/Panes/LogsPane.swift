import WarRoomCore

/// The tail of the logs, newest at the bottom, levels coloured and worded, errors counted per minute.
public struct LogsPane: Pane {
    let state: AppState
    let view: ViewState

    public init(state: AppState, view: ViewState) {
        self.state = state
        self.view = view
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        var summary = "\(state.errorsLastMinute) error\(state.errorsLastMinute == 1 ? "" : "s") in the last minute · \(state.errorTotal) total"
        if view.logScroll > 0 { summary += " · scrolled back \(view.logScroll) (j to return)" }
        let body = PaneFrame(title: "Logs", summary: summary,
                             summaryStyle: state.errorsLastMinute > 0 ? Theme.warn : Theme.label,
                             focused: view.focus == .logs).render(into: &buffer, area: area)
        guard !body.isEmpty else { return }
        let end = max(0, state.logs.count - view.logScroll)
        let shown = state.logs.prefix(end).suffix(body.height)
        if shown.isEmpty {
            line([("no log lines yet", Theme.label)], into: &buffer, row: body.row(0))
            return
        }
        for (offset, entry) in shown.enumerated() {
            let style = Theme.style(for: entry.level)
            line([(TimeText.clock(entry.time) + " ", Theme.label), (Text.pad(entry.level.label, 6), style),
                  (entry.text, entry.level.isError ? style : .plain)], into: &buffer, row: body.row(offset))
        }
    }
}
