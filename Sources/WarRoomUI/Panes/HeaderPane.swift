import Foundation
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
        var title = view.replay.map { [(" \($0.banner) ", ReplayStatus.style), (" ", Style.plain)] } ?? [("WARROOM ", Theme.title)]
        // A war room that runs nothing says so where every glance lands.
        if view.readOnly, view.replay == nil { title.append(("READ-ONLY ", Theme.warn)) }
        line(segments: [title + [("\(release.name) \(release.version)", Style(bold: true))],
                        [("  \(state.plan.strategy.rawValue) · \(release.type.rawValue)", Theme.label)],
                        [("  on-call ", Theme.label), (release.onCallDescription, .plain)],
                        [("  owner ", Theme.label), (release.owner, .plain)]], into: &buffer, row: left.row(0))
        buffer.put(badge, x: area.maxX - badgeWidth, y: area.y, style: Theme.style(for: status), clip: area)

        guard area.height > 1 else { return }
        // Each segment with how much it matters: on a narrow terminal the least is left out first, so who evaluates
        // and who is gone stay in sight at 80 columns, and the order on screen never changes.
        var segments: [(rank: Int, runs: [(String, Style)])] = [(9, [(clock, Style(bold: true))])]
        if let outage = view.journalOutage {
            // Before anything else: what this screen shows may be behind, and what is done here is not shared yet.
            let since = "  journal unreachable since \(TimeText.clock(outage.since))"
            let actions = outage.notRecorded == 1 ? "1 action" : "\(outage.notRecorded) actions"
            let full = outage.notRecorded == 0 ? since + " · retrying" : since + " · \(actions) NOT RECORDED · retrying"
            let short = outage.notRecorded == 0 ? since : since + " · \(outage.notRecorded) NOT RECORDED"
            let fits = TextWidth.columns(of: clock + full) < area.width
            segments.append((10, [(fits ? full : short, Theme.firing)]))
        }
        if let t0 = state.t0 {
            segments.append((3, [("  T0 ", Theme.label), (TimeText.dateTime(t0), .plain)]))
        } else if let start = release.start {
            segments.append((3, [("  scheduled T0 ", Theme.label), (TimeText.dateTime(start), .plain)]))
        } else {
            segments.append((8, [("  not started: press s to set T0", Theme.warn)]))
        }
        if let stage = state.stage, state.isStarted {
            segments.append((8, [("  stage ", Theme.label), ("\(state.stageIndex + 1)/\(state.plan.stages.count) \(stage.name)", .plain)]))
        }
        // An update due or overdue outranks all but the clock, the stage and the journal: it survives 80 columns.
        switch state.updateCadence {
        case .dueIn(let left): segments.append((1, [("  update due in \(Self.short(left, roundingUp: true))", Theme.label)]))
        case .due: segments.append((7, [("  UPDATE DUE", Theme.warn)]))
        case .overdue(let by): segments.append((7, [("  UPDATE OVERDUE \(Self.short(by, roundingUp: false))", Theme.firing)]))
        case .none, .notStarted: break
        }
        // The judge's word where every glance lands: anything but a pass outranks the checklist and T0.
        if let judgement = state.canary {
            let word = judgement.outcome == .noData ? "NO DATA" : "\(judgement.outcome.rawValue) \(Judgement.formatScore(judgement.score))"
            segments.append((judgement.outcome == .pass ? 5 : 7, [("  judge ", Theme.label), (word, CanaryLines.style(for: judgement.outcome))]))
        }
        let progress = state.checklistProgress()
        segments.append((4, [("  checklist ", Theme.label), ("\(progress.done)/\(progress.total)", .plain)]))
        segments += presence.map { (6, $0) }
        if state.resumedEntries > 0 {
            segments.append((2, [("  resumed (\(state.resumedEntries) journal entries)", Theme.label)]))
        }
        let room = area.width - 1
        func width(_ runs: [(String, Style)]) -> Int { runs.reduce(0) { $0 + TextWidth.columns(of: TextWidth.sanitize($1.0)) } }
        while segments.count > 1, segments.reduce(0, { $0 + width($1.runs) }) > room,
              let least = segments.indices.dropFirst().reversed().min(by: { segments[$0].rank < segments[$1].rank }) {
            segments.remove(at: least)
        }
        line(segments: segments.map(\.runs), into: &buffer, row: area.row(1))
    }

    /// Who evaluates, who else watches, and who went without saying goodbye: the journal's word, the same on every
    /// screen. Silence is shown with the time it began, so nobody mistakes a dead war room for a quiet one.
    private var presence: [[(String, Style)]] {
        var segments: [[(String, Style)]] = []
        let alone = state.otherSessions.isEmpty && (state.evaluator.map { $0.session == state.session } ?? true)
        // Alone on the journal, this war room evaluates, and saying so would only take room.
        if !alone || view.replay != nil {
            if let evaluator = state.evaluator {
                let who = evaluator.session == state.session && view.replay == nil
                    ? "here" : evaluator.actor + (evaluator.host.map { "@" + $0 } ?? "")
                segments.append([("  evaluating ", Theme.label), (who, .plain)])
            } else if !state.attendees.isEmpty {
                segments.append([("  evaluating ", Theme.label), ("nobody yet", Theme.warn)])
            }
        }
        let watching = state.otherSessions.compactMap { state.attendees[$0]?.actor }.sorted()
        if !watching.isEmpty { segments.append([("  with ", Theme.label), (watching.joined(separator: ", "), .plain)]) }
        // Someone who left and came back (a restart) is not gone.
        let here = Set(state.attendees.values.map(\.actor))
        let recent = state.departures.values.filter { !here.contains($0.actor) && state.now.timeIntervalSince($0.at) < Self.goneShownFor }
        for gone in recent.sorted(by: { $0.at > $1.at }).prefix(2) {
            let why = switch gone.reason {
            case .detached: "quit \(TimeText.clock(gone.at))"
            case .vanished: "process gone \(TimeText.clock(gone.at))"
            case .silent: "silent since \(gone.silentSince.map(TimeText.clock) ?? TimeText.clock(gone.at))"
            }
            segments.append([("  gone ", Theme.label), ("\(gone.actor) (\(why))", gone.reason == .detached ? Theme.label : Theme.warn)])
        }
        return segments
    }

    /// How long a war room that went without detaching stays named in the header.
    static let goneShownFor: TimeInterval = 10 * 60

    /// `45s`, `4m`, `1h05m`: a header's countdown needs no seconds once it is a minute away. A time left is rounded
    /// up, so it never reads 0 while something is still to come; a time past, down.
    static func short(_ seconds: TimeInterval, roundingUp: Bool) -> String {
        let whole = seconds.rounded(roundingUp ? .up : .down)
        guard whole >= 60 else { return DurationText.format(whole) }
        let minutes = (whole / 60).rounded(roundingUp ? .up : .down)
        return minutes < 60 ? "\(Int(saturating: minutes))m" : DurationText.format(minutes * 60)
    }

    private var clock: String {
        guard let elapsed = state.elapsed else { return "T0 not set" }
        return DurationText.formatOffset(elapsed)
    }
}
