import WarRoomCore

/// Release identity, people, the T+ clock and the one overall status word.
public struct HeaderPane: Pane {
    let state: AppState
    let view: ViewState

    public init(state: AppState, view: ViewState) {
        self.state = state
        self.view = view
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        guard !area.isEmpty else { return }
        let release = state.plan.release
        let status = state.overallStatus
        let badge = " \(status.rawValue) "
        let badgeWidth = TextWidth.columns(of: badge)
        let left = Rect(x: area.x, y: area.y, width: area.width - badgeWidth - 1, height: area.height)
        let title = view.replay.map { [(" \($0.banner) ", ReplayStatus.style), (" ", Style.plain)] } ?? [("WARROOM ", Theme.title)]
        line(segments: [title + [("\(release.name) \(release.version)", Style(bold: true))],
                        [("  \(state.plan.strategy.rawValue) · \(release.type.rawValue)", Theme.label)],
                        [("  on-call ", Theme.label), (release.onCallDescription, .plain)],
                        [("  owner ", Theme.label), (release.owner, .plain)]], into: &buffer, row: left.row(0))
        buffer.put(badge, x: area.maxX - badgeWidth, y: area.y, style: Theme.style(for: status), clip: area)

        guard area.height > 1 else { return }
        var segments: [[(String, Style)]] = [[(clock, Style(bold: true))]]
        if let t0 = state.t0 {
            segments.append([("  T0 ", Theme.label), (TimeText.dateTime(t0), .plain)])
        } else if let start = release.start {
            segments.append([("  scheduled T0 ", Theme.label), (TimeText.dateTime(start), .plain)])
        } else {
            segments.append([("  not started: press s to set T0", Theme.warn)])
        }
        if let stage = state.stage, state.isStarted {
            segments.append([("  stage ", Theme.label), ("\(state.stageIndex + 1)/\(state.plan.stages.count) \(stage.name)", .plain)])
        }
        let progress = state.checklistProgress()
        segments.append([("  checklist ", Theme.label), ("\(progress.done)/\(progress.total)", .plain)])
        if !state.otherSessions.isEmpty {
            segments.append([("  +\(state.otherSessions.count) attached", Theme.label)])
        }
        if state.resumedEntries > 0 {
            segments.append([("  resumed (\(state.resumedEntries) journal entries)", Theme.label)])
        }
        line(segments: segments, into: &buffer, row: area.row(1))
    }

    private var clock: String {
        guard let elapsed = state.elapsed else { return "T0 not set" }
        return DurationText.formatOffset(elapsed)
    }
}
