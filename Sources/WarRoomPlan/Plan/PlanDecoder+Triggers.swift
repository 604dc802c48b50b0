import Foundation
import WarRoomCore
import Yams

extension PlanDecoder {
    static let ruleHint = "a trigger reads 'metric > number[unit] for duration', e.g. error_rate > 2% for 5m"

    mutating func decodeTriggers(_ node: Node, metrics: [MetricEntry]) -> [TriggerRule] {
        guard let items = sink.list(node, "triggers") else { return [] }
        var seen: [String: Position?] = [:]
        var triggers: [TriggerRule] = []
        let metricNames = KnownNames(metrics.map(\.name))
        for item in items {
            guard let text = sink.string(item, "triggers") else { continue }
            let position = item.textPosition
            let rule: TriggerRule
            do {
                rule = try TriggerRule(parsing: text)
            } catch {
                sink.error("invalid trigger: \(error.message)", at: position?.shifted(by: error.column - 1), hint: Self.ruleHint)
                continue
            }
            // The rule text is the trigger's identity in the journal, so two identical rules would be one.
            checkUnique(text, kind: "trigger", at: position, seen: &seen)
            guard checkSubject(of: rule, metrics: metricNames, at: position) else { continue }
            if let index = metricNames.index(of: rule.metric) {
                checkThreshold(of: rule, against: metrics[index], at: position)
            }
            if case .threshold(let kind) = rule.condition, case .timesMetric(_, let other) = kind.threshold {
                // Point at the other metric's name, past the threshold's number.
                let threshold = rule.text.dropFirst(Self.thresholdOffset(in: rule.text))
                let offset = Self.thresholdOffset(in: rule.text)
                    + (threshold.range(of: other).map { threshold.distance(from: threshold.startIndex, to: $0.lowerBound) } ?? 0)
                guard sink.checkReference(other, kind: "metric", known: metricNames, at: position?.shifted(by: offset),
                                          context: "trigger") else { continue }
                if other == rule.metric {
                    sink.error("trigger compares '\(other)' with itself", at: position?.shifted(by: offset),
                               hint: "compare it with another metric (canary_errors > 2x stable_errors), or with its baseline")
                    continue
                }
            }
            triggers.append(rule)
        }
        return triggers
    }

    /// A rule reads a metric, or a health check as `health.<name>`; only health checks fail consecutively. The
    /// judge's rules need a metric with cohorts; a burn rate needs its objective.
    private mutating func checkSubject(of rule: TriggerRule, metrics: KnownNames, at position: Position?) -> Bool {
        switch rule.condition {
        case .threshold, .failureStreak: break
        case .judgeScore, .judgeStreak:
            guard judgedMetrics > 0 else {
                sink.error("'\(rule.text)' reads the canary judge, but no metric has cohorts", at: position,
                           hint: "give a metric 'cohorts: {canary: <series>, baseline: <series>}' so the judge has something to compare")
                return false
            }
            if case .judgeScore(let kind) = rule.condition, !(0...100).contains(kind.score) {
                sink.error("a judge score runs from 0 to 100, and the trigger compares with \(kind.score)", at: position,
                           hint: "write a score such as 'judge score < 75 for 5m'")
                return false
            }
            return true
        case .burnRate(let kind):
            let offset = BurnRateTrigger.function.count + 1
            guard sink.checkReference(kind.slo, kind: "slo", known: sloNames, at: position?.shifted(by: offset), context: "trigger")
            else { return false }
            if kind.shortWindow >= kind.longWindow {
                sink.error("the short window (\(DurationText.formatPlan(kind.shortWindow))) must be shorter than the long one "
                           + "(\(DurationText.formatPlan(kind.longWindow)))", at: position,
                           hint: "the SRE workbook pairs 1h with 5m and 6h with 30m: burn_rate(\(kind.slo), 1h, 5m) > 14.4")
                return false
            }
            return true
        }
        if rule.metric.hasPrefix(HealthCheck.prefix) {
            let check = String(rule.metric.dropFirst(HealthCheck.prefix.count))
            guard sink.checkReference(check, kind: "health check", known: checkNames,
                                      at: position?.shifted(by: HealthCheck.prefix.count), context: "trigger") else { return false }
            // The screen calls a check failing at its threshold; a trigger counting otherwise would contradict it.
            if case .failureStreak(let kind) = rule.condition, case let count = kind.count, writtenThresholds.contains(check),
               let threshold = checkNames.index(of: check).flatMap({ healthChecks[$0].value?.failureThreshold }), threshold != count {
                sink.warning("trigger counts \(count) failures but health check '\(check)' has failure_threshold \(threshold)", at: position,
                             hint: "make them agree, so the check shows failing when the trigger fires")
            }
            return true
        }
        guard sink.checkReference(rule.metric, kind: "metric", known: metrics, at: position, context: "trigger")
        else { return false }
        if case .failureStreak = rule.condition {
            sink.error("'fails N consecutive' counts health check results, and '\(rule.metric)' is a metric", at: position,
                       hint: "name a health check as health.<name>, or compare the metric: \(rule.metric) > … for 5m")
            return false
        }
        return true
    }

    private mutating func checkThreshold(of rule: TriggerRule, against metric: MetricEntry, at position: Position?) {
        guard case .threshold(let kind) = rule.condition else { return }
        let threshold = kind.threshold
        let offset = Self.thresholdOffset(in: rule.text)
        switch threshold {
        case .value(let number, let unit):
            // No unit means the metric's own; a written unit must be that one, since values are never converted.
            if unit != .count, let metricUnit = metric.unit, unit != metricUnit {
                let digits = rule.text.dropFirst(offset).prefix { $0.isNumber || $0 == "." || $0 == "-" }.count
                sink.error("trigger unit '\(unit.rawValue)' differs from the unit of metric '\(metric.name)' (\(metricUnit.label))",
                           at: position?.shifted(by: offset + digits),
                           hint: "write the threshold as \(metricUnit.format(number)) or change the metric's unit")
            }
        case .timesMetric:
            // The other metric is checked by name where the rule is read; units of two metrics are the plan's to match.
            break
        case .timesBaseline, .baselineOffset:
            if metric.baseline == nil {
                // Quote the threshold as written (`2x baseline`, `baseline - 10%`), without its window.
                let threshold = String(rule.text.dropFirst(offset)).components(separatedBy: " for ")[0]
                    .components(separatedBy: " within ")[0]
                sink.error("'\(threshold)' needs a baseline, but metric '\(metric.name)' has none",
                           at: position?.shifted(by: offset),
                           hint: "add 'baseline:' to metric '\(metric.name)', or use a fixed threshold")
            }
        }
    }

    /// Offset of the threshold token: past the metric name, the comparison and the spaces between.
    static func thresholdOffset(in text: String) -> Int {
        guard let comparison = text.firstIndex(where: { $0 == "<" || $0 == ">" }) else { return 0 }
        let afterOperator = text[comparison...].drop { $0 == "<" || $0 == ">" || $0 == "=" || $0 == " " }
        return text.count - afterOperator.count
    }

    /// A health check no trigger reads is polled and shown, but never proposes a rollback.
    mutating func warnUntriggered(_ checks: [NamedEntry<HealthCheck>], triggers: [TriggerRule]) {
        let subjects = Set(triggers.map(\.metric))
        for check in checks where !subjects.contains(HealthCheck.prefix + check.name) {
            let count = check.value?.failureThreshold ?? 3
            sink.warning("health check '\(check.name)' has no trigger", at: check.position,
                         hint: "add a trigger such as 'health.\(check.name) fails \(count) consecutive'")
        }
    }

    /// A metric no trigger reads can turn red but never proposes a rollback: usually an oversight.
    /// A metric the canary judge compares, or one whose series is a cohort of it, is read by the judge's triggers.
    mutating func warnUntriggered(_ metrics: [MetricEntry], triggers: [TriggerRule], judgeGated: Bool = false) {
        var subjects = Set(triggers.map(\.metric))
        if judgeGated || subjects.contains(JudgeScoreTrigger.subjectWord) {
            for spec in metrics.compactMap(\.spec) {
                guard let cohorts = spec.cohorts else { continue }
                subjects.formUnion([spec.name, cohorts.canary.series, cohorts.baseline.series])
            }
        }
        for metric in metrics where !subjects.contains(metric.name) {
            let example = metric.spec.map { "'\(metric.name) \($0.alert.describe(unit: $0.unit)) for 5m'" }
                ?? "one under 'triggers:'"
            sink.warning("metric '\(metric.name)' has no trigger", at: metric.position,
                         hint: "add a trigger such as \(example), or ignore this if the metric is only informative")
        }
    }
}
