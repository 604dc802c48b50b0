import Foundation
import WarRoomCore
import Yams

/// The canary judge's parts of a plan: a metric's `cohorts:` and `judge:`, and the root `judge:` settings.
extension PlanDecoder {
    static let cohortKeys = JudgedCohort.allCases.map(\.rawValue)
    static let metricJudgeKeys = ["direction", "tolerance", "critical", "weight", "group", "test"]
    static let judgeKeys = ["window", "confidence", "pass", "marginal", "min_samples", "every"]
    static let cohortsHint = "write cohorts: {canary: p99_latency_canary, baseline: p99_latency_stable}"

    /// `cohorts: {canary: …, baseline: …}`. Each side names another metric of the plan (its series), a PromQL query
    /// when the metric reads Prometheus, or else a field of the metric's source, journaled under that name.
    /// `metricNames` holds every metric of the plan, the ones written further down included.
    mutating func decodeCohorts(_ metric: MappingReader, name: String, feed: MetricFeed?, metricNames: KnownNames) -> MetricCohorts? {
        guard let node = metric.value("cohorts"),
              let cohorts = MappingReader(node, name: "the cohorts of metric '\(name)'", introducedAt: metric.keyMark("cohorts"), sink: &sink)
        else { return nil }
        cohorts.checkKeys(Self.cohortKeys, hint: "a metric's cohorts are canary and baseline (the stable version's side): \(Self.cohortsHint)",
                          sink: &sink)
        var sides: [JudgedCohort: MetricCohorts.Side] = [:]
        for cohort in JudgedCohort.allCases {
            guard let sideNode = cohorts.required(cohort.rawValue, sink: &sink), let text = sink.string(sideNode, cohort.rawValue)
            else { continue }
            let written = text.trimmingCharacters(in: .whitespaces)
            guard !written.isEmpty else {
                sink.error("the \(cohort.rawValue) side of metric '\(name)' is empty", at: sideNode, hint: Self.cohortsHint)
                continue
            }
            if written == name {
                sink.error("the \(cohort.rawValue) side of metric '\(name)' names the metric itself", at: sideNode.textPosition,
                           hint: "name the \(cohort.rawValue)'s own series, such as \(name)_\(cohort == .canary ? "canary" : "stable")")
                continue
            }
            if let side = cohortSide(written, cohort: cohort, of: name, feed: feed, metricNames: metricNames, at: sideNode) {
                sides[cohort] = side
            }
        }
        guard let canary = sides[.canary], let baseline = sides[.baseline] else { return nil }
        if canary == baseline {
            sink.error("the canary and baseline of metric '\(name)' are the same series, so the judge would compare it with itself",
                       at: cohorts.value("baseline")?.textPosition, hint: "name the stable version's series as baseline")
            return nil
        }
        return MetricCohorts(canary: canary, baseline: baseline)
    }

    private mutating func cohortSide(_ text: String, cohort: JudgedCohort, of name: String, feed: MetricFeed?,
                                     metricNames: KnownNames, at node: Node) -> MetricCohorts.Side? {
        if metricNames.contains(text) { return MetricCohorts.Side(series: text) }
        switch feed {
        case .prometheus?:
            return MetricCohorts.Side(series: MetricCohorts.querySeries(of: name, cohort: cohort), query: text)
        case .source(let source, _)?:
            // A field another metric of the same source renames arrives under that metric's name.
            let renamed = pendingRenames[source]?[text]
            return MetricCohorts.Side(series: renamed ?? text)
        case .log(let log, _)?:
            sink.error("metric '\(name)' counts lines of log '\(log)', which has no field '\(text)'", at: node.textPosition,
                       hint: "name two metrics of the plan that count one cohort's lines each (log: \(log), cohort: \(cohort == .canary ? "canary" : "stable"))")
            return nil
        case nil:
            guard checkSeriesName(text, cohort: cohort, of: name, at: node) else { return nil }
            return MetricCohorts.Side(series: text)
        }
    }

    /// A series written by name for a metric with no source: any sample of that name, as the metric's own samples are.
    private mutating func checkSeriesName(_ text: String, cohort: JudgedCohort, of name: String, at node: Node) -> Bool {
        let valid = text.allSatisfy { $0.isLetter || $0.isNumber || "_.:-".contains($0) }
        if !valid {
            sink.error("the \(cohort.rawValue) side of metric '\(name)' is not a series name: '\(text)'", at: node.textPosition,
                       hint: "a metric without a source names series of letters, digits, '_', '.', ':' and '-'; "
                           + "give the metric a Prometheus source to write a query")
        }
        return valid
    }

    /// `judge: {direction: increase, tolerance: 10%, critical: true}`; without it a metric with cohorts takes the
    /// defaults, with the bad direction read from its success bound.
    mutating func decodeMetricJudging(_ metric: MappingReader, name: String, success: Bound?, hasCohorts: Bool) -> MetricJudging? {
        let node = metric.value("judge")
        if node != nil, !metric.contains("cohorts") {
            sink.error("metric '\(name)' says how the judge treats it, but has no cohorts to compare", at: metric.keyMark("judge"),
                       hint: "add \(Self.cohortsHint.replacingOccurrences(of: "write ", with: "")), or remove 'judge:'")
            return nil
        }
        guard hasCohorts || node != nil else { return nil }
        var judging = MetricJudging(direction: success.map { $0.wantsLow ? .increase : .decrease } ?? .increase)
        guard let node, let reader = MappingReader(node, name: "the judge of metric '\(name)'", introducedAt: metric.keyMark("judge"),
                                                   sink: &sink) else { return judging }
        reader.checkKeys(Self.metricJudgeKeys, sink: &sink)
        if let direction = reader.optionalChoice("direction", MetricJudging.Direction.self, sink: &sink) { judging.direction = direction }
        if let tolerance = reader.value("tolerance").flatMap({ sink.percent($0, "tolerance", example: "10%", within: 0...1000) }) {
            judging.tolerance = tolerance
        }
        if let critical = reader.optionalBoolean("critical", sink: &sink) { judging.critical = critical }
        if let weightNode = reader.value("weight"), let weight = sink.number(weightNode, "weight") {
            if weight > 0 {
                judging.weight = weight
            } else {
                sink.error("a metric's weight in the judge's score must be above 0, found \(weightNode.string ?? "")", at: weightNode,
                           hint: "write weight: 1 for an ordinary metric, more for one that matters more; remove cohorts: to leave it unjudged")
            }
        }
        if let group = reader.optionalString("group", sink: &sink) { judging.group = group }
        if let test = reader.optionalChoice("test", MetricJudging.Test.self, sink: &sink) { judging.test = test }
        return judging
    }

    /// The root `judge:`: how the cohorts are compared.
    mutating func decodeJudge(_ node: Node, at keyMark: Position?) -> JudgeSettings {
        var settings = JudgeSettings.standard
        guard let judge = MappingReader(node, name: "judge", introducedAt: keyMark, sink: &sink) else { return settings }
        judge.checkKeys(Self.judgeKeys, sink: &sink)
        if let window = positiveDuration(judge, "window") { settings.window = window }
        if let every = positiveDuration(judge, "every") { settings.every = every }
        if let node = judge.value("confidence"), let confidence = sink.percent(node, "confidence", example: "98%", within: 50...100) {
            if confidence > 0.5, confidence < 1 {
                settings.confidence = confidence
            } else {
                sink.error("confidence must lie between 50% and 100%, both excluded", at: node,
                           hint: "98% is the usual choice; higher asks for more samples before a verdict")
            }
        }
        let pass = score(judge, "pass"), marginal = score(judge, "marginal")
        if let pass { settings.pass = pass }
        if let marginal { settings.marginal = marginal }
        if settings.marginal > settings.pass {
            sink.error("the marginal score (\(Judgement.formatScore(settings.marginal))) is above the passing one (\(Judgement.formatScore(settings.pass)))",
                       at: judge.value(marginal != nil ? "marginal" : "pass")?.position,
                       hint: "scores at or above pass PASS, those at or above marginal are MARGINAL: write marginal ≤ pass, e.g. pass: 95, marginal: 75")
        }
        if let node = judge.value("min_samples"), let count = sink.integer(node, "min_samples") {
            if count >= 2 {
                settings.minSamples = count
            } else {
                sink.error("min_samples must be at least 2, found \(count)", at: node,
                           hint: "a side needs a few samples before a test means anything; 20 is the default")
            }
        }
        return settings
    }

    private mutating func positiveDuration(_ reader: MappingReader, _ key: String) -> TimeInterval? {
        guard let node = reader.value(key), let duration = sink.duration(node, key) else { return nil }
        guard duration > 0 else {
            sink.error("'\(key)' of judge must be longer than 0", at: node, hint: key == "window" ? "the default is 10m" : "the default is 1m")
            return nil
        }
        return duration
    }

    private mutating func score(_ reader: MappingReader, _ key: String) -> Double? {
        guard let node = reader.value(key), let value = sink.number(node, key) else { return nil }
        guard (0...100).contains(value) else {
            sink.error("a judge score runs from 0 to 100, and '\(key)' is \(node.string ?? "")", at: node,
                       hint: "write pass: 95, marginal: 75, or leave them out for those defaults")
            return nil
        }
        return value
    }

    /// The judge's settings written for a plan with nothing to judge: probably cohorts forgotten.
    mutating func warnJudgeUnused(at position: Position?) {
        guard judgedMetrics == 0 else { return }
        sink.warning("the plan sets up the canary judge, but no metric has cohorts for it to compare", at: position,
                     hint: "give a metric \(Self.cohortsHint.replacingOccurrences(of: "write ", with: "")), or remove 'judge:'")
    }
}

extension DiagnosticSink {
    /// `10%` (or `12.5 %`): a share, as a fraction (0.1). The `%` is required, so 0.1 and 10 are never confused.
    mutating func percent(_ node: Node, _ key: String, example: String, within range: ClosedRange<Double> = 0...100) -> Double? {
        guard let text = string(node, key) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let number = trimmed.hasSuffix("%") ? String(trimmed.dropLast()).trimmingCharacters(in: .whitespaces) : nil
        guard let number, let value = Double(number), value.isFinite else {
            let bare = Double(trimmed).map { value in
                value > 0 && value < 1 ? "; \(trimmed) as a percentage is \(MetricUnit.percent.format(value * 100))" : ""
            } ?? ""
            error("expected a percentage such as \(example) for '\(key)', found '\(text)'\(bare)", at: node,
                  hint: "write the number followed by %, as in \(key): \(example)")
            return nil
        }
        guard range.contains(value) else {
            error("'\(key)' must lie between \(MetricUnit.percent.format(range.lowerBound)) and \(MetricUnit.percent.format(range.upperBound)), found '\(text)'",
                  at: node, hint: "write it as in \(key): \(example)")
            return nil
        }
        // Rounded past the last digit anyone writes, so 99.9% is 0.999 and not 0.9990000000000001.
        return (value / 100 * 1e12).rounded() / 1e12
    }
}
