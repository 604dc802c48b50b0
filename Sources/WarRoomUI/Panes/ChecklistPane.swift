import Foundation
import WarRoomCore

/// The three checklist groups with progress bars, and every item with who ticked it and when.
public struct ChecklistPane: Pane {
    let state: AppState
    let view: ViewState

    public init(state: AppState, view: ViewState) {
        self.state = state
        self.view = view
    }

    private enum Row {
        case group(ChecklistPhase)
        case item(Int, ChecklistItem)
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let total = state.checklistProgress()
        let body = PaneFrame(title: "Checklist", summary: "\(total.done)/\(total.total) done",
                             focused: view.focus == .checklist).render(into: &buffer, area: area)
        guard !body.isEmpty else { return }

        var rows: [Row] = []
        for phase in ChecklistPhase.allCases {
            let items = state.plan.checklist.enumerated().filter { $0.element.phase == phase }
            guard !items.isEmpty else { continue }
            rows.append(.group(phase))
            rows += items.map { Row.item($0.offset, $0.element) }
        }
        let cursor = view.cursor(in: .checklist)
        let cursorRow = rows.firstIndex { if case .item(cursor, _) = $0 { true } else { false } } ?? 0
        // Keep the selected item in view, with its group heading when there is room.
        let first = max(0, min(rows.count - body.height, cursorRow - body.height / 2))
        for (offset, row) in rows.dropFirst(first).prefix(body.height).enumerated() {
            let target = body.row(offset)
            switch row {
            case .group(let phase):
                let progress = state.checklistProgress(phase)
                let label = Text.pad(phase.title, 12)
                line([(label, Theme.title), (ProgressBar.render(done: progress.done, total: progress.total, width: 10),
                                             progress.done == progress.total ? Theme.done : Theme.label),
                      (" \(progress.done)/\(progress.total)", .plain)], into: &buffer, row: target)
            case .item(let index, let item):
                line(itemRuns(item, selected: view.focus == .checklist && index == cursor, width: body.width - 1),
                     into: &buffer, row: target)
            }
        }
    }

    private func itemRuns(_ item: ChecklistItem, selected: Bool, width: Int) -> [(String, Style)] {
        let tick = state.ticks[item.id]
        let box = tick == nil ? "[ ] " : "[✓] "
        var suffix: [(String, Style)] = []
        if let tick { suffix = [(" \(tick.by) \(TimeText.offset(tick.at, from: state.t0))", Theme.label)] }
        else {
            // An open item that holds the gate says so first, then when it is due; the owner follows when there is room.
            if item.blocksPromotion { suffix.append((" holds gate", Theme.warn)) }
            if let due = item.due { suffix.append(dueRun(due)) }
            if let owner = item.owner { suffix.append((" @\(owner)", Theme.label)) }
        }
        let suffixWidth = suffix.reduce(0) { $0 + TextWidth.columns(of: $1.0) }
        let textWidth = max(4, width - 4 - suffixWidth - 1)
        let base: Style = selected ? Theme.selected : (tick == nil ? .plain : Theme.done)
        return [(box, base), (Text.pad(item.text, textWidth), base)] + suffix
    }

    /// `due 12m` while there is time, `OVERDUE 5m` after; the plan's own `T-2h` while there is no T0 to count from.
    private func dueRun(_ due: TimeInterval) -> (String, Style) {
        guard let t0 = state.t0 ?? state.plan.release.start else { return (" due \(DurationText.formatOffset(due))", Theme.label) }
        let remaining = t0.addingTimeInterval(due).timeIntervalSince(state.now)
        if remaining > 0 { return (" due \(DurationText.formatRemaining(remaining))", Theme.label) }
        return (" OVERDUE \(DurationText.format(-remaining))", Theme.warn)
    }
}
