import Foundation
import WarRoomCore
import Yams

extension PlanDecoder {
    static let metricKeys = ["name", "unit", "baseline", "success", "alert", "stale_after"]
    static let unitHint = "unit is one of %, ms, s, rps, or leave it out for a plain number"

    mutating func decodeMetrics(_ node: Node) -> [MetricEntry] {
        guard let items = sink.list(node, "metrics") else { return [] }
        var seen: [String: Position?] = [:]
        var entries: [MetricEntry] = []
        for (index, item) in items.enumerated() {
            guard let metric = MappingReader(item, name: "metric \(index + 1)", sink: &sink) else { continue }
            metric.checkKeys(Self.metricKeys, sink: &sink)
            guard let name = metric.requiredString("name", sink: &sink) else { continue }
            let nameMark = metric.value("name")?.textPosition
            checkUnique(name, kind: "metric", at: nameMark, seen: &seen)
            checkMetricName(name, at: nameMark)
            let errorsBefore = sink.diagnostics.count
            // Nil only when the unit was written and is wrong; no unit at all means a plain number.
            let unit: MetricUnit? = if let node = metric.value("unit") { decodeUnit(node) } else { .count }
            let baseline = metric.optionalNumber("baseline", sink: &sink)
            let success = metric.required("success", sink: &sink).flatMap { decodeBound($0, key: "success", unit: unit) }
            let alert = metric.required("alert", sink: &sink).flatMap { decodeBound($0, key: "alert", unit: unit) }
            let staleAfter = metric.optionalDuration("stale_after", sink: &sink) ?? 120
            if let success, let alert, let alertNode = metric.value("alert") {
                checkOpposite(success: success, alert: alert, unit: unit ?? .count, at: alertNode.position)
            }
            var entry = MetricEntry(name: name, position: nameMark, unit: unit, baseline: baseline)
            if sink.diagnostics.count == errorsBefore, let unit, let success, let alert {
                entry.spec = MetricSpec(name: name, unit: unit, baseline: baseline, success: success, alert: alert,
                                        staleAfter: staleAfter)
            }
            entries.append(entry)
        }
        return entries
    }

    /// Trigger rules read a metric name as a word, so names must be one.
    private mutating func checkMetricName(_ name: String, at position: Position?) {
        let valid = name.first.map { $0.isLetter || $0 == "_" } == true
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        if !valid {
            sink.error("metric name '\(name)' must start with a letter and hold only letters, digits, '_' and '.'",
                       at: position, hint: "trigger rules name metrics as one word, e.g. p99_latency")
        }
    }

    /// Nil (after an error) for an unknown unit.
    private mutating func decodeUnit(_ node: Node) -> MetricUnit? {
        guard let text = sink.string(node, "unit") else { return nil }
        if let unit = MetricUnit(rawValue: text) { return unit }
        let known = MetricUnit.allCases.map(\.rawValue).filter { !$0.isEmpty }
        sink.error("unknown unit '\(text)'\(Suggestion.didYouMean(text, in: known))", at: node.textPosition,
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

extension MetricUnit {
    /// The unit as a message names it; a plain number has no symbol to quote.
    var label: String { self == .count ? "plain numbers" : "'\(rawValue)'" }
}
