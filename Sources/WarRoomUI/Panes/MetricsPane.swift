import Foundation
import WarRoomCore

/// Each metric against its thresholds, with a sparkline, then every rollback trigger's state.
public struct MetricsPane: Pane {
    let state: AppState
    let view: ViewState

    public init(state: AppState, view: ViewState) {
        self.state = state
        self.view = view
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let statuses = state.plan.metrics.map(state.status(of:))
        let firing = state.plan.triggers.filter { state.triggers[$0.id]?.isFiring == true }.count
        let pending = state.plan.triggers.filter { state.triggers[$0.id]?.isPending == true }.count
        var summary = ["OK", "WARN", "BREACH", "STALE", "NO DATA"].compactMap { word -> String? in
            let count = statuses.filter { $0.rawValue == word }.count
            return count > 0 ? "\(count) \(word)" : nil
        }.joined(separator: " · ")
        if firing > 0 { summary += " · \(firing) FIRING" }
        if pending > 0 { summary += " · \(pending) pending" }
        // Input problems are shown where the numbers are, so a broken exporter never passes for quiet data.
        let badLines = state.sources.values.reduce(0) { $0 + $1.malformedLines }
        if badLines > 0 { summary += " · \(badLines) bad line\(badLines == 1 ? "" : "s")" }
        let future = state.futureSamples.values.reduce(0, +)
        if future > 0 { summary += " · \(future) future-dated refused" }
        if let failing = state.sources.values.sorted(by: { $0.source < $1.source }).first(where: { $0.failure != nil }),
           let failure = failing.failure {
            summary += " · \(failure)"
        }
        let body = PaneFrame(title: "Metrics", summary: summary,
                             summaryStyle: firing > 0 ? Theme.firing : Theme.label,
                             focused: view.focus == .metrics).render(into: &buffer, area: area)
        guard !body.isEmpty else { return }

        let nameWidth = max(12, min(22, body.width - 68))
        let columns = [nameWidth, 9, 8, 10, 10, 8]
        let trendWidth = max(0, body.width - 2 - columns.reduce(0, +))
        let header = ["METRIC", "VALUE", "BASE", "OK IF", "ALERT IF", "STATUS", "TREND"]
        line(zip(header, columns + [trendWidth]).map { (Text.pad($0, $1 - 1) + " ", Theme.label) }, into: &buffer, row: body.row(0))

        var row = 1
        for (index, metric) in state.plan.metrics.enumerated() where row < body.height {
            let status = statuses[index]
            let latest = state.series[metric.name]?.latest
            let cells = [
                metric.name,
                latest.map { metric.unit.format($0.value) } ?? "—",
                metric.baseline.map { metric.unit.format($0) } ?? "—",
                metric.success.describe(unit: metric.unit),
                metric.alert.describe(unit: metric.unit),
            ]
            let selected = view.focus == .metrics && view.cursor(in: .metrics) == index
            var runs = zip(cells, columns).map { (Text.pad($0, $1 - 1) + " ", selected ? Theme.selected : Style.plain) }
            runs.append((Text.pad(status.rawValue, columns[5] - 1), Theme.style(for: status)))
            runs.append((" ", .plain))
            let values = state.series[metric.name].map { $0.points.map(\.value) } ?? []
            var trendStyle = status.isMissing ? Theme.label : Theme.style(for: status)
            trendStyle.reverse = false
            let references = [metric.baseline, metric.success.value, metric.alert.value].compactMap { $0 }
            runs.append((Sparkline.render(values, width: trendWidth, references: references), trendStyle))
            line(runs, into: &buffer, row: body.row(row))
            row += 1
        }

        // Triggers most urgent first, so a short pane still shows what matters.
        let ordered = state.plan.triggers.sorted { urgency($0) > urgency($1) }
        for (index, rule) in ordered.enumerated() where row < body.height {
            var runs = triggerRuns(rule, width: body.width - 2)
            let hidden = ordered.count - index - 1
            if row == body.height - 1, hidden > 0 { runs.append(("  +\(hidden) more", Theme.label)) }
            line(runs, into: &buffer, row: body.row(row))
            row += 1
        }
    }

    private func urgency(_ rule: TriggerRule) -> Int {
        switch state.triggers[rule.id]?.phase {
        case .firing?: 2
        case .pending?: 1
        default: 0
        }
    }

    private func triggerRuns(_ rule: TriggerRule, width: Int) -> [(String, Style)] {
        let ruleWidth = min(38, max(20, width / 2))
        let head = ("↳ " + Text.pad(rule.text, ruleWidth - 3) + " ", Style.plain)
        let trigger = state.triggers[rule.id] ?? TriggerState()
        let value = state.currentValue(of: rule).map { v in state.plan.metric(named: rule.metric)?.unit.format(v) ?? "\(v)" }
        switch trigger.phase {
        case .inactive:
            let history = state.triggerHistory[rule.id] ?? TriggerHistory()
            var runs = [head, (state.word(of: rule), Theme.label)]
            if history.firedCount > 0, let last = history.lastFired {
                runs.append(("  fired \(history.firedCount)×, last \(TimeText.offset(last, from: state.t0))", Theme.label))
            }
            return runs
        case .pending:
            let left = state.firesAt(rule).map { DurationText.formatRemaining($0.timeIntervalSince(state.now)) } ?? "?"
            var runs = [head, ("PENDING", Theme.pending), (" fires in \(left)", Theme.pending)]
            if case .consecutiveFailures(_, let count) = rule.condition {
                runs = [head, ("PENDING", Theme.pending), (" \(state.consecutiveFailures(of: rule)) of \(count) failures", Theme.pending)]
            }
            if let value { runs.append(("  now \(value)", Theme.label)) }
            return runs
        case .firing(let since):
            var runs = [head, ("FIRING", Theme.firing), (" since \(TimeText.offset(since, from: state.t0))", Theme.pending)]
            if let ack = state.acks[rule.id] {
                runs.append(("  acked by \(ack.by)", Theme.label))
            } else if view.replay == nil {
                runs.append(("  press a to ack", Theme.warn))
            }
            return runs
        }
    }
}
