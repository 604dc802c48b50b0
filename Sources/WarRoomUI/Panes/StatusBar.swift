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
        var x = area.x + 1
        if let flash = view.flash {
            x += buffer.put(flash, x: x, y: area.y, style: Style(foreground: .yellow, bold: true, reverse: true), clip: area)
        } else {
            // Whole hints, most urgent first, while they fit; the journal path takes what is left.
            for hint in keys {
                let width = TextWidth.columns(of: hint)
                if x + width > area.maxX - 1 { break }
                x += buffer.put(hint, x: x, y: area.y, style: .reverse, clip: area) + 2
            }
        }
        let room = area.maxX - x - 1
        let label = view.replay == nil ? "journal " : "replaying "
        guard room > label.count + 8 else { return }
        let path = Text.fitKeepingEnd(view.journalPath, room - label.count - 1)
        let journal = label + path
        buffer.put(journal, x: area.maxX - 1 - TextWidth.columns(of: journal), y: area.y, style: .reverse, clip: area)
    }

    /// The hints, most urgent first: what needs doing now, then what the focused pane offers, then the rest.
    private var keys: [String] {
        if let replay = view.replay {
            return ["?:help", replay.isPaused ? "space:play" : "space:pause", "←→:1m", "[ ]:10m", "+-:speed", "g/G:T0/end",
                    "e:explain", "q:quit", "tab:pane"]
        }
        var keys = ["?:help"]
        if !state.isStarted { keys.append("s:start") }
        if state.naggingDecision != nil { keys.append("d:DECIDE") }
        if state.triggers.values.contains(where: \.isFiring) { keys.append("a:ack") }
        switch view.focus {
        case .checklist: keys.append("space:tick")
        case .logs: keys.append("j/k:scroll")
        default: break
        }
        keys += ["p:promote", "r:rollback", "n:note", "q:quit", "tab:pane"]
        return keys
    }
}
