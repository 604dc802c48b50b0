import Foundation
import WarRoomCore
import Yams

extension PlanDecoder {
    static let metricKeys = ["name", "unit", "description", "baseline", "success", "alert", "direction", "stale_after",
                             "source", "series", "query", "log", "count", "ratio", "window", "cohort", "cohorts", "judge"]
    static let unitHint = "unit is one of %, ms, s, rps, or leave it out for a plain number"

    mutating func decodeMetrics(_ node: Node) -> [MetricEntry] {
        guard let items = sink.list(node, "metrics") else { return [] }
        var seen: [String: Position?] = [:]
        var entries: [MetricEntry] = []
        // Cohort sides may name metrics written further down, and fields other metrics rename: both known up front.
        let metricNames = KnownNames(items.compactMap { Self.scalar("name", of: $0) })
        for item in items {
            guard let source = Self.scalar("source", of: item), let series = Self.scalar("series", of: item),
                  let name = Self.scalar("name", of: item) else { continue }
            pendingRenames[source, default: [:]][series] = name
        }
        for (index, item) in items.enumerated() {
            guard let metric = MappingReader(item, name: "metric \(index + 1)", sink: &sink) else { continue }
            metric.checkKeys(Self.metricKeys, sink: &sink)
            guard let name = metric.requiredString("name", sink: &sink) else { continue }
            let nameMark = metric.value("name")?.textPosition
            checkUnique(name, kind: "metric", at: nameMark, seen: &seen)
            checkWord(name, kind: "metric", at: nameMark, allowDots: true)
            if name.hasPrefix(HealthCheck.prefix) {
                sink.error("metric names starting with '\(HealthCheck.prefix)' are kept for health checks", at: nameMark,
                           hint: "define it under health_checks:, or rename the metric")
            }
            // `judge` names the canary judge in a gate and a trigger; a metric of that name would read as the judge.
            if name == JudgeScoreTrigger.subjectWord || name == BurnRateTrigger.function {
                sink.error("'\(name)' is kept for the canary judge's and the burn rates' rules", at: nameMark,
                           hint: "rename the metric, e.g. \(name)_value")
            }
            let errorsBefore = sink.errorCount
            // Nil only when the unit was written and is wrong; no unit at all means a plain number.
            let unit: MetricUnit? = if let node = metric.value("unit") { decodeUnit(node) } else { .count }
            let description = metric.optionalString("description", sink: &sink)
            let baseline = metric.optionalNumber("baseline", sink: &sink)
            let success = metric.required("success", sink: &sink).flatMap { decodeBound($0, key: "success", unit: unit) }
            let alert = metric.required("alert", sink: &sink).flatMap { decodeBound($0, key: "alert", unit: unit) }
            if let success, let alert, let alertNode = metric.value("alert") {
                checkOpposite(success: success, alert: alert, unit: unit ?? .count, at: alertNode.position)
            }
            if let direction = metric.optionalChoice("direction", MetricSpec.Direction.self, sink: &sink), let success,
               let successNode = metric.value("success") {
                checkDirection(direction, success: success, unit: unit ?? .count, at: successNode.textPosition)
            }
            if sink.errorCount == errorsBefore, let baseline, let alert, alert.isSatisfied(by: baseline),
               let node = metric.value("baseline") {
                sink.warning("baseline \((unit ?? .count).format(baseline)) of '\(name)' already meets its alert '\(alert.describe(unit: unit ?? .count))'",
                             at: node.position, hint: "check the baseline and the alert threshold: one of them is likely mistyped")
            }
            let feed = decodeFeed(metric, name: name, unit: unit)
            let staleAfter = decodeStaleAfter(metric, name: name, feed: feed)
            let cohorts = decodeCohorts(metric, name: name, feed: feed, metricNames: metricNames)
            let judging = decodeMetricJudging(metric, name: name, success: success, hasCohorts: cohorts != nil)
            var entry = MetricEntry(name: name, position: nameMark, unit: unit, baseline: baseline)
            entry.judged = metric.contains("cohorts")
            if sink.errorCount == errorsBefore, let unit, let success, let alert {
                entry.spec = MetricSpec(name: name, unit: unit, description: description, baseline: baseline, success: success,
                                        alert: alert, staleAfter: staleAfter, feed: feed, cohorts: cohorts, judging: judging)
            }
            entries.append(entry)
        }
        return entries
    }

    /// The text of `key` in a mapping item, read without reporting anything: for the look-ahead of names.
    private static func scalar(_ key: String, of item: Node) -> String? {
        guard case .mapping(let mapping) = item, case .scalar(let scalar)? = mapping[key] else { return nil }
        return scalar.string
    }

    /// Nil (after an error) for an unknown unit.
    private mutating func decodeUnit(_ node: Node) -> MetricUnit? {
        guard let text = sink.string(node, "unit") else { return nil }
        if let unit = MetricUnit(rawValue: text) { return unit }
        let known = MetricUnit.allCases.map(\.rawValue).filter { !$0.isEmpty }
        sink.error("unknown unit '\(text)'\(sink.suggestion(for: text, in: known))", at: node.textPosition,
                   hint: Self.unitHint)
        return nil
    }

    /// `< 1`, `<= 250ms`, `> 1000 rps`: a comparison, a number, and optionally the metric's own unit.
    private mutating func decodeBound(_ node: Node, key: String, unit: MetricUnit?) -> Bound? {
        guard let text = sink.string(node, key) else { return nil }
        let example = "'\(key): \"< 1\"'"
        let hint = "write a comparison (<, <=, >, >=) then a number, quoted, as in \(example)"
        let comparisons: [Bound.Comparison] = [.atMost, .atLeast, .below, .above]
        guard let comparison = comparisons.first(where: { text.hasPrefix($0.rawValue) }) else {
            sink.error("expected a bound such as '< 1' for '\(key)', found '\(text)'", at: node.textPosition, hint: hint)
            return nil
        }
        let afterOperator = text.dropFirst(comparison.rawValue.count)
        let rest = afterOperator.drop { $0 == " " }
        let numberText = rest.prefix { $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" }
        let suffix = rest.dropFirst(numberText.count).drop { $0 == " " }
        let numberOffset = text.count - rest.count
        guard let value = Double(numberText) else {
            sink.error("expected a number after '\(comparison.rawValue)' in '\(key)', found '\(rest)'",
                       at: node.textPosition?.shifted(by: numberOffset), hint: hint)
            return nil
        }
        if !suffix.isEmpty {
            let unitMark = node.textPosition?.shifted(by: text.count - suffix.count)
            if let written = MetricUnit(rawValue: String(suffix)) {
                if let unit, written != unit {
                    sink.error("'\(key)' is written in \(written.rawValue) but the metric is measured in \(unit.label)",
                               at: unitMark, hint: "write the number in the metric's unit, or change 'unit:'")
                    return nil
                }
            } else {
                sink.error("unknown unit '\(suffix)' in '\(key)'", at: unitMark, hint: Self.unitHint)
                return nil
            }
        }
        return Bound(comparison, value)
    }

    /// Between success and alert lies WARN; an alert on the same side as success, or overlapping it, cannot work.
    private mutating func checkOpposite(success: Bound, alert: Bound, unit: MetricUnit, at position: Position?) {
        let successText = success.describe(unit: unit), alertText = alert.describe(unit: unit)
        guard success.wantsLow != alert.wantsLow else {
            let side = success.wantsLow ? ">" : "<"
            sink.error("alert '\(alertText)' is on the same side as success '\(successText)'", at: position,
                       hint: "alert must be the opposite of success, e.g. alert: \"\(side) \(unit.format(success.value * 2))\"")
            return
        }
        // Overlap: some value would be both OK and a BREACH (touching is fine unless both ends are inclusive).
        let gap = success.wantsLow ? alert.value - success.value : success.value - alert.value
        let bothInclusive = (success.comparison == .atMost || success.comparison == .atLeast)
            && (alert.comparison == .atMost || alert.comparison == .atLeast)
        if gap < 0 || (gap == 0 && bothInclusive) {
            sink.error("alert '\(alertText)' overlaps success '\(successText)': a value could be both OK and alerting",
                       at: position, hint: "move the alert threshold beyond \(unit.format(success.value))")
        }
    }
}

extension PlanDecoder {
    /// A polled metric gets a fresh sample once per interval, so by default it goes stale only after two missed polls;
    /// a shorter window written by hand would show it STALE between polls and hold its gates shut.
    private mutating func decodeStaleAfter(_ metric: MappingReader, name: String, feed: MetricFeed?) -> TimeInterval {
        var interval: TimeInterval?
        if let feed, let source = sourceNames.index(of: feed.origin).flatMap({ sources[$0].value }) {
            if case .file = source.kind {} else { interval = source.interval }
        }
        guard let node = metric.value("stale_after") else { return max(120, 2 * (interval ?? 0)) }
        let staleAfter = sink.duration(node, "stale_after") ?? 120
        if let interval, staleAfter <= interval {
            sink.warning("metric '\(name)' goes stale after \(DurationText.formatPlan(staleAfter)) but its source is polled every \(DurationText.formatPlan(interval))",
                         at: node.position, hint: "it would show STALE between polls; leave stale_after out, or make it at least \(DurationText.formatPlan(2 * interval))")
        }
        return staleAfter
    }

    /// A written direction must agree with the success bound: `success: "< 1"` means lower is better.
    private mutating func checkDirection(_ direction: MetricSpec.Direction, success: Bound, unit: MetricUnit, at position: Position?) {
        let implied: MetricSpec.Direction = success.wantsLow ? .lowerIsBetter : .higherIsBetter
        guard direction != implied else { return }
        sink.error("success '\(success.describe(unit: unit))' means \(implied.rawValue) is better, but direction says \(direction.rawValue)",
                   at: position, hint: "flip the success and alert comparisons, or fix 'direction'")
    }

    /// `source` (with `series` or `query`) or `log` (with `count` or `ratio` and `window`): where samples come from.
    private mutating func decodeFeed(_ metric: MappingReader, name: String, unit: MetricUnit?) -> MetricFeed? {
        let sourceNode = metric.value("source"), logNode = metric.value("log")
        if sourceNode == nil {
            for key in ["series", "query"] where metric.contains(key) {
                sink.error("'\(key)' reads a source; add 'source:' to metric '\(name)'", at: metric.keyMark(key))
            }
        }
        if logNode == nil {
            for key in ["count", "ratio", "window", "cohort"] where metric.contains(key) {
                sink.error("'\(key)' counts log lines; add 'log:' to metric '\(name)'", at: metric.keyMark(key))
            }
        }
        if sourceNode != nil, logNode != nil {
            sink.error("metric '\(name)' has both 'source' and 'log'; a metric reads one of them", at: metric.keyMark("log"))
            return nil
        }
        if let sourceNode { return decodeSourceFeed(metric, node: sourceNode, name: name) }
        if let logNode { return decodeLogFeed(metric, node: logNode, name: name, unit: unit) }
        return nil
    }

    private mutating func decodeSourceFeed(_ metric: MappingReader, node: Node, name: String) -> MetricFeed? {
        guard let sourceName = sink.string(node, "source"),
              sink.checkReference(sourceName, kind: "source", known: sourceNames, at: node.textPosition,
                                  context: "metric '\(name)'"),
              let kind = sourceNames.index(of: sourceName).flatMap({ sources[$0].value?.kind }) else { return nil }
        if case .prometheus = kind {
            if metric.contains("series") {
                sink.error("'series' picks a name from a file or command; a Prometheus metric gives a 'query'", at: metric.keyMark("series"))
            }
            guard let query = metric.value("query") else {
                sink.error("metric '\(name)' reads Prometheus source '\(sourceName)' but has no 'query'", at: metric.keyMark("source"),
                           hint: "add the PromQL that yields it, e.g. query: histogram_quantile(0.99, sum by (le) (rate(http_duration_seconds_bucket[5m])))")
                return nil
            }
            return sink.string(query, "query").map { .prometheus(source: sourceName, query: $0) }
        }
        if metric.contains("query") {
            sink.error("'query' is for Prometheus sources; source '\(sourceName)' is not one", at: metric.keyMark("query"),
                       hint: "use 'series:' to pick the sample name this source writes")
        }
        return .source(sourceName, series: metric.optionalString("series", sink: &sink))
    }

    private mutating func decodeLogFeed(_ metric: MappingReader, node: Node, name: String, unit: MetricUnit?) -> MetricFeed? {
        guard let logName = sink.string(node, "log"),
              sink.checkReference(logName, kind: "log", known: logNames, at: node.textPosition, context: "metric '\(name)'")
        else { return nil }
        let window = metric.optionalDuration("window", sink: &sink) ?? 60
        if window <= 0, let windowNode = metric.value("window") { sink.error("'window' must be longer than 0", at: windowNode) }
        let given = ["count", "ratio"].filter { metric.value($0) != nil }
        guard given.count == 1, let key = given.first, let matchNode = metric.value(key) else {
            let message = given.isEmpty ? "metric '\(name)' reads log '\(logName)' but says neither 'count' nor 'ratio'"
                : "metric '\(name)' has both 'count' and 'ratio'; choose one"
            sink.error(message, at: given.count > 1 ? metric.keyMark("ratio") : metric.keyMark("log"),
                       hint: "count: error counts error lines per window; ratio: error is their share of all lines in %")
            return nil
        }
        let measure: LogDerivation.Measure = key == "count" ? .count : .ratio
        let expected: MetricUnit = measure == .count ? .count : .percent
        if let unit, unit != expected {
            sink.error("a log \(key) is measured in \(expected.label), but metric '\(name)' says \(unit.label)",
                       at: metric.value("unit")?.textPosition ?? metric.keyMark(key),
                       hint: measure == .count ? "drop 'unit:'" : "write unit: \"%\"")
        }
        let cohort = decodeCohort(metric, name: name, log: logName)
        return decodeLogMatch(matchNode, key: key).map {
            .log(logName, LogDerivation(measure: measure, match: $0, window: window, cohort: cohort))
        }
    }

    /// `cohort: canary` or `stable`: only the lines of that cohort's pods count, so a log that follows pods.
    private mutating func decodeCohort(_ metric: MappingReader, name: String, log: String) -> Cohort? {
        guard let node = metric.value("cohort"), let cohort = sink.choice(node, "cohort", Cohort.self) else { return nil }
        if let spec = logNames.index(of: log).flatMap({ logs[$0].value }), case .file = spec.source {
            sink.error("metric '\(name)' counts the \(cohort.rawValue) pods' lines, but log '\(log)' reads a file, whose lines have no cohort",
                       at: node.textPosition,
                       hint: "follow the pods instead (kubectl: {selector: …}), or drop 'cohort:' to count every line")
            return nil
        }
        cohortMetrics.append((name, metric.keyMark("cohort")))
        return cohort
    }

    /// A level (`error` counts ERROR and FATAL) or a `/regular expression/`.
    private mutating func decodeLogMatch(_ node: Node, key: String) -> LogDerivation.Match? {
        guard let text = sink.string(node, key) else { return nil }
        if text.count >= 2, text.hasPrefix("/"), text.hasSuffix("/") {
            return sink.pattern(String(text.dropFirst().dropLast()), key, at: node).map { .pattern($0) }
        }
        let levels: [String: LogLevel] = ["trace": .trace, "debug": .debug, "info": .info, "warn": .warn, "warning": .warn,
                                          "error": .error, "fatal": .fatal]
        if let level = levels[text.lowercased()] { return .level(level) }
        sink.error("expected a log level or a /pattern/ for '\(key)', found '\(text)'\(sink.suggestion(for: text, in: Array(levels.keys).sorted()))",
                   at: node, hint: "a level counts lines at it or above (error, warn, …); /timeout|refused/ counts lines matching it")
        return nil
    }
}

extension PlanDecoder {
    /// A pod's cohort comes from the rollout controller's pod-template hashes: without an Argo Rollout or a Flagger
    /// Canary to ask, a cohort metric never counts a line.
    mutating func warnCohortsUnknown(rollout: RolloutSpec?) {
        guard let first = cohortMetrics.first else { return }
        let names = cohortMetrics.map { "'\($0.name)'" }.joined(separator: ", ")
        let counted = cohortMetrics.count == 1 ? "metric \(names) counts" : "metrics \(names) count"
        switch rollout?.controller {
        case .argo, .flagger:
            return
        case .deployment:
            sink.warning("\(counted) one cohort's lines, but a Deployment has no cohorts: every pod runs one version, so it stays 0",
                         at: first.position, hint: "an Argo Rollout or a Flagger Canary tells canary pods from stable ones")
        case .command:
            sink.warning("\(counted) one cohort's lines, but a command controller names no pod-template hashes, so it stays 0",
                         at: first.position, hint: "an Argo Rollout or a Flagger Canary tells canary pods from stable ones")
        case nil:
            sink.warning("\(counted) one cohort's lines, but the plan names no rollout controller to tell canary pods from stable ones",
                         at: first.position, hint: "add rollout: {argo: {name: …, namespace: …}} or rollout: {flagger: {…}}")
        }
    }
}

extension MetricUnit {
    /// The unit as a message names it; a plain number has no symbol to quote.
    var label: String { self == .count ? "plain numbers" : "'\(rawValue)'" }
}
