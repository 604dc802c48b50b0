import WarRoomCore

/// The logs, newest at the bottom unless paused: one time and level per row, the log's name when there are several,
/// search matches highlighted, and a title that says which filters are on and how many rows they let through.
public struct LogsPane: Pane {
    let state: AppState
    let view: ViewState

    public init(state: AppState, view: ViewState) {
        self.state = state
        self.view = view
    }

    private var logView: LogView { view.logView }

    public func render(into buffer: inout Buffer, area: Rect) {
        let shown = logView.shown(in: state)
        let body = PaneFrame(title: "Logs", summary: summary(shown: shown.count, width: area.width - 12), summaryStyle: summaryStyle,
                             focused: view.focus == .logs).render(into: &buffer, area: area)
        guard !body.isEmpty else { return }
        guard !shown.isEmpty else {
            line([(emptyWords, Theme.label)], into: &buffer, row: body.row(0))
            return
        }
        let names = sourceWidth
        let rows = window(of: shown, rows: body.height)
        let pods = podWidth(of: rows, width: body.width)
        for (offset, number) in rows.enumerated() {
            draw(number, names: names, pods: pods, into: &buffer, row: body.row(offset))
        }
    }

    /// The rows in view: ending at the newest line, or at the paused one, or with the marked line in the middle.
    private func window(of shown: [Int], rows: Int) -> ArraySlice<Int> {
        guard let anchor = logView.anchor else { return shown.suffix(rows) }
        let index = shown.lastIndex { $0 <= anchor } ?? 0
        var end = index + 1
        if logView.marked == anchor { end = min(shown.count, index + 1 + (rows - 1) / 2) }
        let start = max(0, end - rows)
        return shown[start..<min(shown.count, max(end, start + rows))]
    }

    private func draw(_ number: Int, names: Int, pods: Int?, into buffer: inout Buffer, row: Rect) {
        let entry = state.logLine(numbered: number)
        let style = Theme.style(for: entry.level)
        let marked = number == logView.marked
        var runs: [(String, Style)] = [(TimeText.clock(entry.time) + " ", marked ? Theme.selected : Theme.label),
                                       (Text.pad(entry.level.label, 6), style)]
        if names > 0 { runs.append((Text.pad(Text.fit(entry.source, names), names + 1), Theme.label)) }
        if let pods {
            // The cohort as the controller named it (`?` when it did not), then which of its pods.
            runs.append((Text.pad(entry.pod == nil ? "" : entry.cohort?.rawValue ?? "?", 7),
                         entry.cohort == .canary ? Theme.warn : Theme.label))
            if pods > 0 { runs.append((Text.pad(Text.fit(entry.pod.map(Self.podSuffix) ?? "", pods), pods + 1), Theme.label)) }
        }
        let text = LogRow.body(of: entry)
        let textStyle = entry.level.isError ? style : Style.plain
        var from = text.startIndex
        for match in logView.search?.ranges(in: text) ?? [] {
            runs.append((String(text[from..<match.lowerBound]), textStyle))
            runs.append((String(text[match]), Theme.match))
            from = match.upperBound
        }
        runs.append((String(text[from...]), textStyle))
        line(runs, into: &buffer, row: row)
    }

    /// Columns for the pod of each row, when a row in view came from a pod: nil when none did; 0 for the cohort alone
    /// (a narrow pane); else the widest pod suffix in view, at most 8.
    private func podWidth(of rows: ArraySlice<Int>, width: Int) -> Int? {
        let pods = rows.compactMap { state.logLine(numbered: $0).pod }
        guard !pods.isEmpty else { return nil }
        guard width >= 70 else { return 0 }
        return min(8, pods.map { TextWidth.columns(of: TextWidth.sanitize(Self.podSuffix($0))) }.max() ?? 0)
    }

    /// What tells a pod from its siblings: the last part of its name (`h5n2v` of `checkout-7c9f6d4bb8-h5n2v`, `0` of
    /// a StatefulSet's `ledger-0`).
    static func podSuffix(_ pod: String) -> String {
        pod.split(separator: "-").last.map(String.init) ?? pod
    }

    /// Names the log of each row when the plan follows several, in a column as wide as the longest name (at most 12).
    private var sourceWidth: Int {
        let names = Set(state.plan.logs.map(\.name)).union(state.logs.suffix(50).map(\.source))
        guard names.count > 1 else { return 0 }
        return min(12, names.map { TextWidth.columns(of: $0) }.max() ?? 0)
    }

    /// The filters in force and what they let through, then paused or not, then the errors: whole parts, as many as
    /// fit `width`, the filters first, so the title never hides a filter that is on.
    private func summary(shown: Int, width: Int) -> String {
        var parts: [String] = []
        if let search = logView.search {
            // A long search is shortened here, so it cannot push the other filters out of the title.
            let label = TextWidth.columns(of: search.label) > 20 ? String(Text.prefix(search.label, columns: 18)) + "…" : search.label
            if logView.onlyMatches {
                parts.append("only \(label) \(shown)/\(state.logs.count)")
            } else {
                let candidates = logView.with(onlyMatches: false).shown(in: state)
                let matches = candidates.count { search.matches(LogRow.body(of: state.logLine(numbered: $0))) }
                parts.append("\(label) \(matches)/\(candidates.count) match")
            }
        }
        if let levels = logView.levels.label {
            parts.append(logView.search == nil ? "\(levels) \(shown)/\(state.logs.count)" : levels)
        }
        if logView.isPaused { parts.append("PAUSED +\(state.logsTaken - logView.takenAtPause) new") }
        let errors = state.errorsLastMinute
        if logView.isPaused { parts.append("F follows") }
        parts.append(parts.isEmpty ? "\(errors) error\(errors == 1 ? "" : "s") in the last minute · \(state.errorTotal) total"
                                   : "\(errors) errors/min")
        while parts.count > 1, TextWidth.columns(of: parts.joined(separator: " · ")) > width { parts.removeLast() }
        return parts.joined(separator: " · ")
    }

    private var summaryStyle: Style {
        if logView.isPaused || logView.search != nil || logView.levels != .all { return Theme.warn }
        return state.errorsLastMinute > 0 ? Theme.warn : Theme.label
    }

    private var emptyWords: String {
        if state.logs.isEmpty { return "no log lines yet" }
        if logView.onlyMatches, let search = logView.search {
            return "no line of the \(state.logs.count) kept matches \(search.label)\(logView.levels.label.map { " (\($0))" } ?? "") · f shows all"
        }
        return "no line of the \(state.logs.count) kept is \(logView.levels == .errors ? "an error" : "a warning or error") · l shows all"
    }
}
