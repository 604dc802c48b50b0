import Foundation
import WarRoomCore

/// Each metric against its thresholds, with a sparkline; each health check's last result against its rule; then
/// every rollback trigger's state. When not all fit, rows go by importance (`MetricsRows`).
public struct MetricsPane: Pane {
    let state: AppState
    let view: ViewState

    public init(state: AppState, view: ViewState) {
        self.state = state
        self.view = view
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let statuses = state.plan.metrics.map(state.status(of:))
        let checks = state.healthReadings
        let firing = state.plan.triggers.filter { state.triggers[$0.id]?.isFiring == true }.count
        let pending = state.plan.triggers.filter { state.triggers[$0.id]?.isPending == true }.count
        var summary = ["OK", "WARN", "BREACH", "STALE", "NO DATA"].compactMap { word -> String? in
            let count = statuses.filter { $0.rawValue == word }.count
            return count > 0 ? "\(count) \(word)" : nil
        }.joined(separator: " · ")
        let failingChecks = checks.filter { $0.status == .failing }.count
        if failingChecks > 0 { summary += " · \(failingChecks) check\(failingChecks == 1 ? "" : "s") FAILING" }
        if firing > 0 { summary += " · \(firing) FIRING" }
        if pending > 0 { summary += " · \(pending) pending" }
        // Input problems are shown where the numbers are, so a broken exporter never passes for quiet data.
        let badLines = state.sources.values.reduce(0) { $0 + $1.malformedLines }
        if badLines > 0 { summary += " · \(badLines) bad line\(badLines == 1 ? "" : "s")" }
        let future = state.futureSamples.values.reduce(0, +)
        if future > 0 { summary += " · \(future) future-dated refused" }
        // A health check's failure is on its own row; the title names a failing feed that has none.
        if let failing = state.sources.values.sorted(by: { $0.source < $1.source })
            .first(where: { $0.failure != nil && !$0.source.hasPrefix(HealthCheck.prefix) }), let failure = failing.failure {
            summary += " · \(failure)"
        }
        let body = PaneFrame(title: "Metrics", summary: summary,
                             summaryStyle: firing > 0 ? Theme.firing : Theme.label,
                             focused: view.focus == .metrics).render(into: &buffer, area: area)
        guard !body.isEmpty else { return }

        let nameWidth = max(12, min(22, body.width - 68))
        let columns = [nameWidth, 9, 8, 10, 10, 8]
        let trendWidth = max(0, body.width - 2 - columns.reduce(0, +))
        // Triggers most urgent first, so a short pane still shows what matters.
        let ordered = state.plan.triggers.sorted { urgency($0) > urgency($1) }
        let escalation = firing > 0 ? state.plan.communication.escalationPath : nil
        let selected = view.focus == .metrics ? view.cursor(in: .metrics) : nil
        let rows = MetricsRows(
            metrics: statuses.enumerated().map { index, status in
                index == selected ? .selected : status == .ok ? .ok : .notOK
            },
            checks: checks.enumerated().map { index, reading in
                state.plan.metrics.count + index == selected ? .selected : reading.status == .ok ? .ok : .notOK
            },
            triggers: ordered.map { rule in
                switch state.triggers[rule.id]?.phase ?? .inactive {
                case .firing: .firing
                case .pending: .pending
                case .inactive: .inactive
                }
            },
            // Whom to call, under what fires: the person who sees it fire should not have to look it up.
            escalateAfter: escalation == nil ? nil : ordered.lastIndex { state.triggers[$0.id]?.isFiring == true },
            height: body.height)

        for (offset, row) in rows.rows.enumerated() {
            let runs: [(String, Style)] = switch row {
            case .metricHeader:
                zip(["METRIC", "VALUE", "BASE", "OK IF", "ALERT IF", "STATUS", "TREND"], columns + [trendWidth])
                    .map { (Text.pad($0, $1 - 1) + " ", Theme.label) }
            case .metric(let index):
                metricRuns(index, status: statuses[index], columns: columns, trendWidth: trendWidth, selected: index == selected)
            case .healthHeader:
                zip(["HEALTH", "KIND", "LAST", "LATENCY", "FAILS", "STATUS", "AGE"], Self.healthColumns(nameWidth) + [trendWidth])
                    .map { (Text.pad($0, $1 - 1) + " ", Theme.label) }
            case .check(let index):
                checkRuns(checks[index], columns: Self.healthColumns(nameWidth),
                          selected: state.plan.metrics.count + index == selected)
            case .trigger(let index):
                triggerRuns(ordered[index], width: body.width - 2)
            case .escalation:
                [("  escalate: ", Theme.label), (escalation ?? "", Theme.warn)]
            case .hidden:
                [(hiddenText(rows, statuses: statuses, checks: checks, triggers: ordered), Theme.label)]
            }
            line(runs, into: &buffer, row: body.row(offset))
        }
    }

    /// The health rows' columns, ending where the metrics' STATUS column ends, so both sections' statuses line up.
    static func healthColumns(_ nameWidth: Int) -> [Int] { [nameWidth, 10, 9, 8, 10, 8] }

    private func metricRuns(_ index: Int, status: MetricStatus, columns: [Int], trendWidth: Int, selected: Bool) -> [(String, Style)] {
        let metric = state.plan.metrics[index]
        let latest = state.series[metric.name]?.latest
        let cells = [
            metric.name,
            latest.map { metric.unit.format($0.value) } ?? "—",
            metric.baseline.map { metric.unit.format($0) } ?? "—",
            metric.success.describe(unit: metric.unit),
            metric.alert.describe(unit: metric.unit),
        ]
        var runs = zip(cells, columns).map { (Text.pad($0, $1 - 1) + " ", selected ? Theme.selected : Style.plain) }
        runs.append((Text.pad(status.rawValue, columns[5] - 1), Theme.style(for: status)))
        runs.append((" ", .plain))
        let values = state.series[metric.name].map { $0.points.map(\.value) } ?? []
        var trendStyle = status.isMissing ? Theme.label : Theme.style(for: status)
        trendStyle.reverse = false
        let references = [metric.baseline, metric.success.value, metric.alert.value].compactMap { $0 }
        runs.append((Sparkline.render(values, width: trendWidth, references: references), trendStyle))
        return runs
    }

    /// `ready  readiness  HTTP 503  12ms  2/3 fails  FAILING  8s ago  draining`
    private func checkRuns(_ reading: HealthReading, columns: [Int], selected: Bool) -> [(String, Style)] {
        let last: String = switch (reading.last, reading.status) {
        case (let result?, _): result.answerText
        case (nil, .noData): "—"
        case (nil, .failing): "fail"
        case (nil, .ok), (nil, .stale): reading.failures > 0 ? "fail" : "pass"
        }
        let cells = [reading.check.name, reading.check.kind?.rawValue ?? "—", last,
                     reading.last?.latency.map(DurationText.formatLatency) ?? "—"]
        var runs = zip(cells, columns).map { (Text.pad($0, $1 - 1) + " ", selected ? Theme.selected : Style.plain) }
        let failStyle = reading.failures == 0 ? Theme.label : reading.isPastThreshold ? Theme.breach : Theme.warn
        // `2/3 fails`, or `43/3` when the word does not fit: the count is what matters.
        let fails = TextWidth.columns(of: reading.failureText) < columns[4] ? reading.failureText : "\(reading.failures)/\(reading.threshold)"
        runs.append((Text.pad(reading.status == .noData ? "—" : fails, columns[4] - 1), failStyle))
        runs.append((" ", .plain))
        runs.append((Text.pad(reading.status.rawValue, columns[5] - 1), Theme.style(for: reading)))
        runs.append((" ", .plain))
        if let age = reading.age { runs.append(("\(DurationText.format(age)) ago", Theme.label)) }
        if let reason = reading.reason {
            runs.append(((reading.age == nil ? "" : "  ") + Self.unsaid(reason, after: reading.last), Theme.label))
        }
        return runs
    }

    /// What a failure's reason adds to the LAST column: after `HTTP 503` or `exit 2`, the body or the error line that
    /// follows the first `: ` (`HTTP 503, expected 200…299: draining`), since the row has no room to say the status
    /// twice; `e` shows the whole reason.
    static func unsaid(_ reason: String, after last: HealthResult?) -> String {
        switch last?.answer {
        case .http?, .exit?:
            guard let colon = reason.range(of: ": ") else { return reason }
            return String(reason[colon.upperBound...])
        case .timeout?, .none?, nil:
            return reason
        }
    }

    /// `+2 OK metrics · +3 triggers inactive`, `+3 metrics (1 BREACH)`: what the pane had no room for, so nothing
    /// vanishes unsaid, and anything wrong among it is named.
    private func hiddenText(_ rows: MetricsRows, statuses: [MetricStatus], checks: [HealthReading], triggers: [TriggerRule]) -> String {
        // `+2 OK metrics` when the hidden share one word, else `+3 metrics (1 BREACH)` naming all but the fine.
        func counted(_ words: [String], _ noun: String, fine: String, wordFirst: Bool) -> String? {
            guard !words.isEmpty else { return nil }
            let plural = noun + (words.count == 1 ? "" : "s")
            var seen: [String] = []
            for word in words where !seen.contains(word) { seen.append(word) }
            if seen.count == 1 { return wordFirst ? "+\(words.count) \(seen[0]) \(plural)" : "+\(words.count) \(plural) \(seen[0])" }
            seen.removeAll { $0 == fine }
            return "+\(words.count) \(plural) (" + seen.map { word in "\(words.filter { $0 == word }.count) \(word)" }
                .joined(separator: ", ") + ")"
        }
        let parts = [
            counted(rows.hiddenMetrics.map { statuses[$0].rawValue }, "metric", fine: MetricStatus.ok.rawValue, wordFirst: true),
            counted(rows.hiddenChecks.map { checks[$0].status.rawValue }, "check", fine: HealthStatus.ok.rawValue, wordFirst: true),
            counted(rows.hiddenTriggers.map { index in
                switch state.triggers[triggers[index].id]?.phase ?? .inactive {
                case .firing: "FIRING"
                case .pending: "pending"
                case .inactive: "inactive"
                }
            }, "trigger", fine: "inactive", wordFirst: false),
        ]
        return parts.compactMap { $0 }.joined(separator: " · ")
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
        let value = state.currentValue(of: rule).map { rule.kind.format($0, in: state.plan) }
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
            // Counted rules fire at the reading that completes the count; a check's 0/1 value says nothing its count
            // does not.
            if let needed = rule.kind.requiredCount {
                return [head, ("PENDING", Theme.pending), (" \(state.consecutiveFailures(of: rule)) of \(needed) failures", Theme.pending)]
            }
            return [head, ("PENDING", Theme.pending), (" fires in \(left)", Theme.pending)] + (value.map { [("  now \($0)", Theme.label)] } ?? [])
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
