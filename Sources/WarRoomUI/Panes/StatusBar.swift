import Foundation
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
            let map = KeyMap<ReplayKeyAction>.replay
            let actions: [ReplayKeyAction] = [.look(.help), .control(.togglePause), .control(.seek(by: 60)),
                                              .control(.seek(by: 600)), .control(.scaleSpeed(by: 2)), .control(.jumpToEnd),
                                              .look(.explain)] + (judges ? [.look(.canary)] : [])
                + [.look(.quit), .look(.search), .look(.nextPane)]
            return actions.compactMap { action in
                action == .control(.togglePause) ? map.hint(for: action, word: replay.isPaused ? "play" : "pause")
                    : map.hint(for: action)
            }
        }
        let map = KeyMap<KeyAction>.live
        var actions: [(KeyAction, String?)] = [(.help, nil)]
        if !state.isStarted { actions.append((.start, nil)) }
        if state.naggingDecision != nil { actions.append((.decide, "DECIDE")) }
        let updateDue: Bool = switch state.updateCadence {
        case .due, .overdue: true
        case .none, .notStarted, .dueIn: false
        }
        if updateDue { actions.append((.update, "UPDATE")) }
        // The comms view is in the help; the bar names it only when a notice has just failed for good.
        if noticeFailed { actions.append((.comms, "NOTICE FAILED")) }
        if state.triggers.values.contains(where: \.isFiring) { actions.append((.acknowledge, nil)) }
        // The canary view, early when the judge fails: the view says why.
        if judges { actions.append((.canary, state.canary?.outcome == .fail ? "JUDGE FAIL" : nil)) }
        switch view.focus {
        case .checklist: actions.append((.tick, nil))
        case .logs:
            actions.append((.togglePause, view.logView.isPaused ? "follow" : "pause"))
            actions += [(.search, nil)]
            if view.logView.search != nil { actions += [(.nextMatch, nil), (.filterMatches, nil)] }
            actions += [(.cycleLevel, nil), (.nextError, nil)]
        default: actions.append((.explain, nil))
        }
        actions += [(.promote, nil), (.rollback, nil), (.note, nil)] + (updateDue ? [] : [(.update, nil)])
        actions += [(.quit, nil), (.nextPane, nil)]
        return actions.compactMap { map.hint(for: $0, word: $1) }
    }

    /// Whether the plan judges the canary or watches an objective: only then is there a canary view to offer.
    private var judges: Bool { !state.plan.judgedMetrics.isEmpty || !state.plan.slos.isEmpty }

    /// How long a notice given up on, or left unknown, is named in the status bar.
    static let failureShownFor: TimeInterval = 15 * 60

    /// A notice given up on, or left unknown, in the last ``failureShownFor``: somebody was not told.
    private var noticeFailed: Bool {
        state.comms.outbox.contains { item in
            guard let answered = item.attempts.last?.answeredAt, state.now.timeIntervalSince(answered) < Self.failureShownFor
            else { return false }
            switch item.phase {
            case .gaveUp, .unknown: return true
            case .withheld, .queued, .sending, .retrying, .sent: return false
            }
        }
    }
}
