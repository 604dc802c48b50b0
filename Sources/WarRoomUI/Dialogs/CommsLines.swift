import Foundation
import WarRoomCore

/// The comms view's lines: whether notices are sent, the update cadence, the updates posted (the chosen one marked),
/// and each notice grouped by what it tells, newest first, with how sending it to each target went. Failures are drawn
/// in the firing and warning styles, so they stand out from what went well. Takes only what it draws.
struct CommsLines {
    let release: String
    let cadence: UpdateCadence
    let every: TimeInterval?
    let updates: [CommsState.PostedUpdate]
    let outbox: [CommsState.Outgoing]
    let targets: [NotifyTarget]
    let sent: NoticesSent
    let t0: Date?
    /// A replay shows what was; it offers no key that writes.
    let replay: Bool

    init(state: AppState, replay: Bool) {
        release = "\(state.plan.release.name) \(state.plan.release.version): "
        cadence = state.updateCadence
        every = state.plan.communication.cadence
        updates = state.comms.updates
        outbox = state.comms.outbox
        targets = state.plan.notify
        sent = state.noticesSent
        t0 = state.t0
        self.replay = replay
    }

    func lines(selected: Int, width: Int) -> [(String, Style)] {
        var lines = noticesLine(width: width) + cadenceLines(width: width)
        lines += [("", .plain)] + updateLines(selected: selected, width: width)
        lines += [("", .plain)] + noticeLines(width: width)
        let keys = updates.isEmpty ? "↑↓ PgUp PgDn scroll    Esc close" : "j/k choose    Enter read it    PgUp/PgDn scroll    Esc close"
        return lines + [("", .plain), (keys, Theme.label)]
    }

    /// Whether this war room's notices leave it, first: a notice shown here is not necessarily one anybody received.
    private func noticesLine(width: Int) -> [(String, Style)] {
        guard !targets.isEmpty else {
            return wrap("No notify targets in the plan: see docs/plan-format.md (notify:).", width, Theme.label)
        }
        let names = targets.map(\.name).joined(separator: ", ")
        switch sent {
        case .sent: return wrap("Notices are SENT to \(names).", width, Theme.ok)
        case .withheld(let reason): return wrap("Notices are shown here, NOT sent: \(reason).", width, Theme.warn)
        case .unknown(let words): return wrap("Notices are \(words).", width, Theme.warn)
        }
    }

    private func cadenceLines(width: Int) -> [(String, Style)] {
        let last = updates.last.map { " Last posted \(TimeText.offset($0.at, from: t0)) by \($0.by)." } ?? ""
        let press = replay ? "" : ": press u"
        guard let every else { return wrap("The plan sets no update cadence (communication: cadence).\(last)", width, Theme.label) }
        let period = "A status update every \(DurationText.formatPlan(every))"
        switch cadence {
        case .none, .notStarted: return wrap("\(period), from T0.\(last)", width, .plain)
        case .dueIn(let left): return wrap("\(period); the next is due in \(DurationText.formatRemaining(left)).\(last)", width, .plain)
        case .due(let since): return wrap("\(period); one is DUE (for \(DurationText.format(since)))\(press).\(last)", width, Theme.warn)
        case .overdue(let by): return wrap("\(period); one is OVERDUE by \(DurationText.format(by))\(press).\(last)", width, Theme.firing)
        }
    }

    /// `▶ 14:12:03 dana  checkout-service 2.14.0: HEALTHY, stage 2/4…`, newest first.
    private func updateLines(selected: Int, width: Int) -> [(String, Style)] {
        var lines: [(String, Style)] = [("Status updates posted (\(updates.count)), newest first, times UTC:", Style(bold: true))]
        guard !updates.isEmpty else {
            return lines + [(replay ? "  none by this point of the replay" : "  none yet: press u to write one", Theme.label)]
        }
        for (index, posted) in updates.reversed().enumerated() {
            let chosen = index == min(selected, updates.count - 1)
            let head = (chosen ? DialogView.chosenMarker : "  ") + "\(TimeText.clock(posted.at)) \(posted.by)  "
            lines.append((head + Text.fit(posted.update.headline, max(10, width - TextWidth.columns(of: head))),
                          chosen ? Style(bold: true) : .plain))
        }
        return lines
    }

    /// Notices grouped by what they tell, newest first: the summary once, then each target's phase in words.
    private func noticeLines(width: Int) -> [(String, Style)] {
        var groups: [(source: String, items: [CommsState.Outgoing])] = []
        for item in outbox {
            if let index = groups.firstIndex(where: { $0.source == item.notice.source }) {
                groups[index].items.append(item)
            } else {
                groups.append((item.notice.source, [item]))
            }
        }
        var lines: [(String, Style)] = [("Notices (\(outbox.count)), newest first, times UTC:", Style(bold: true))]
        guard !groups.isEmpty else {
            let why = targets.isEmpty ? "none: the plan names nowhere to send them"
                : "none yet: one is queued when something a target hears of happens"
            return lines + [("  " + why, Theme.label)]
        }
        // Newest first by when what they tell happened; a notice queued late (nobody was evaluating) sorts by its news.
        let newestFirst = groups.enumerated().sorted { a, b in
            let (x, y) = (a.element.items[0].notice.at, b.element.items[0].notice.at)
            return x != y ? x > y : a.offset > b.offset
        }.map(\.element)
        for group in newestFirst {
            let notice = group.items[0].notice
            // The release is the war room's own; the summary says what happened.
            let summary = notice.summary.hasPrefix(release) ? String(notice.summary.dropFirst(release.count)) : notice.summary
            lines += wrap("\(TimeText.clock(notice.at)) \(summary)", width, Style(bold: true), indent: 2)
            // Targets that stand the same are said together: a reason is read once, not once per target.
            var phases: [(targets: [String], words: String, style: Style)] = []
            for item in group.items {
                let service = targets.first { $0.name == item.notice.target }.map { " (\($0.destination.service))" } ?? ""
                let (words, style) = Self.phase(item.phase)
                if let index = phases.firstIndex(where: { $0.words == words }) {
                    phases[index].targets.append(item.notice.target + service)
                } else {
                    phases.append(([item.notice.target + service], words, style))
                }
            }
            for phase in phases {
                lines += wrap("  \(phase.targets.joined(separator: ", ")): \(phase.words)", width, phase.style, indent: 4)
            }
        }
        return lines
    }

    /// Where one notice stands, in words and the style that says how it went.
    static func phase(_ phase: CommsState.Outgoing.Phase) -> (String, Style) {
        switch phase {
        case .withheld(let reason): ("would send; not sent: \(reason)", Theme.label)
        case .queued: ("queued, not sent yet", .plain)
        case .sending(let attempt, _, _): ("sending (attempt \(attempt))…", Theme.pending)
        case .retrying(let at, let after, let reason): ("retrying at \(TimeText.clock(at)) after attempt \(after): \(reason)", Theme.warn)
        case .sent(let at, let status, let answer):
            ("sent \(TimeText.clock(at)) (HTTP \(status)\(answer.map { " " + $0 } ?? ""))", Theme.ok)
        case .gaveUp(let reason, _): ("GAVE UP: \(reason)", Theme.firing)
        case .unknown(let reason): ("UNKNOWN: \(reason)", Theme.warn)
        }
    }

    /// One posted update whole: who and when, the file it also went to, and its text as written, each line wrapped
    /// under its own indentation.
    static func read(_ posted: CommsState.PostedUpdate, t0: Date?, width: Int) -> [(String, Style)] {
        var lines: [(String, Style)] = [("Posted by \(posted.by) at \(TimeText.clock(posted.at)) UTC (\(TimeText.offset(posted.at, from: t0)))",
                                         Style(bold: true))]
        if let file = posted.update.file { lines.append(("Also written to \(Text.fitKeepingEnd(file, width - 16))", Theme.label)) }
        lines.append(("", .plain))
        for line in posted.update.text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let indent = line.prefix { $0 == " " }.count
            let text = String(line.dropFirst(indent))
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { lines.append(("", .plain)); continue }
            lines += Text.wrap(text, max(10, width - indent)).map { (String(repeating: " ", count: indent) + $0, Style.plain) }
        }
        return lines + [("", .plain), ("Esc back to the comms view", Theme.label)]
    }

    /// `text` wrapped to `width`, its later lines indented by `indent`.
    private func wrap(_ text: String, _ width: Int, _ style: Style, indent: Int = 0) -> [(String, Style)] {
        let lead = text.prefix { $0 == " " }.count
        let body = String(text.dropFirst(lead))
        let first = Text.wrap(body, max(10, width - lead))
        guard let head = first.first else { return [] }
        let rest = Text.wrap(first.dropFirst().joined(separator: " "), max(10, width - indent))
        return [(String(repeating: " ", count: lead) + head, style)] + rest.map { (String(repeating: " ", count: indent) + $0, style) }
    }
}
