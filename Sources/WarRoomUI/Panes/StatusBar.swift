import WarRoomCore

/// The keys that work in the focused pane (or the last message), and where the journal is.
public struct StatusBar: Pane {
    let state: AppState
    let view: ViewState

    public init(state: AppState, view: ViewState) {
        self.state = state
        self.view = view
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        guard !area.isEmpty else { return }
        buffer.fill(area.row(0), style: .reverse)
        let journal = " journal \(view.journalPath) "
        let journalWidth = min(TextWidth.columns(of: journal), area.width / 3)
        buffer.put(Text.fit(journal, journalWidth), x: area.maxX - journalWidth, y: area.y, style: .reverse, clip: area)
        let left = Rect(x: area.x, y: area.y, width: area.width - journalWidth - 1, height: 1)
        if let flash = view.flash {
            buffer.put(" " + flash, x: area.x, y: area.y, style: Style(foreground: .yellow, bold: true, reverse: true), clip: left)
        } else {
            buffer.put(" " + keys.joined(separator: "  "), x: area.x, y: area.y, style: .reverse, clip: left)
        }
    }

    private var keys: [String] {
        var keys = ["?:help"]
        switch view.focus {
        case .checklist: keys.append("space:tick")
        case .logs: keys.append("j/k:scroll")
        default: break
        }
        if !state.isStarted { keys.append("s:start") }
        if state.dueDecision != nil { keys.append("d:DECIDE") }
        if state.triggers.values.contains(where: \.isFiring) { keys.append("a:ack") }
        keys += ["p:promote", "r:rollback", "n:note", "tab:pane", "q:quit"]
        return keys
    }
}
