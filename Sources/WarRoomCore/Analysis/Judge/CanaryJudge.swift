import Foundation

/// The canary judge: per metric with cohorts, compares the canary's samples with the baseline's over the trailing
/// window and calls it PASS, HIGH, LOW or NO DATA; then scores the calls as Kayenta does. Pure and deterministic: the
/// same series and instant give the same judgement everywhere.
public struct CanaryJudge: Sendable {
    public var settings: JudgeSettings
    /// The judged metrics, in the plan's order.
    public var metrics: [MetricSpec]

    public init(plan: Plan) {
        settings = plan.judge
        metrics = plan.metrics.filter { $0.cohorts != nil }
    }

    public var isEmpty: Bool { metrics.isEmpty }

    /// The last instant on the judge's grid at or before `time`: counted from T0, or from the epoch before there is one.
    public func gridTime(at time: Date, t0: Date?) -> Date {
        let anchor = t0?.timeIntervalSince1970 ?? 0
        let every = max(1, settings.every)
        let steps = ((time.timeIntervalSince1970 - anchor) / every).rounded(.down)
        return Date(timeIntervalSince1970: anchor + steps * every)
    }

    /// The judgement at `time` of the samples in `(time − window, time]`; nil when no metric has cohorts.
    public func judge(_ series: [String: Series], at time: Date) -> Judgement? {
        guard !isEmpty else { return nil }
        let verdicts = metrics.map { verdict(on: $0, series: series, at: time) }
        return score(verdicts, at: time)
    }

    // MARK: One metric

    func verdict(on metric: MetricSpec, series: [String: Series], at time: Date) -> MetricVerdict {
        let judging = metric.judging ?? MetricJudging()
        guard let cohorts = metric.cohorts else {
            return MetricVerdict(metric: metric.name, call: .noData, fails: false, critical: judging.critical, reason: "no cohorts")
        }
        let canary = values(of: series[cohorts.canary.series], at: time)
        let baseline = values(of: series[cohorts.baseline.series], at: time)
        func noData(_ reason: String) -> MetricVerdict {
            MetricVerdict(metric: metric.name, call: .noData, fails: false, critical: judging.critical, reason: reason)
        }
        // A cohort that went quiet proves nothing: its last ten minutes are history, not the canary now.
        for (side, name) in [("canary", cohorts.canary.series), ("baseline", cohorts.baseline.series)] {
            guard let newest = series[name]?.points.last(where: { $0.time <= time })?.time else { continue }
            let silent = time.timeIntervalSince(newest)
            if silent > metric.staleAfter { return noData("\(side) silent for \(DurationText.format(silent))") }
        }
        let needed = max(1, settings.minSamples)
        guard canary.count >= needed, baseline.count >= needed else {
            return noData("canary \(canary.count), baseline \(baseline.count) of \(needed) samples needed in the last "
                          + DurationText.formatPlan(settings.window))
        }
        let baselineMedian = Self.median(baseline)
        let baselineMean = Self.mean(baseline)
        let level = baselineMedian != 0 ? abs(baselineMedian) : abs(baselineMean)
        let allowed = judging.tolerance * level
        let spread = SpreadTest(canary: canary, baseline: baseline)
        let comparison: JudgeEvidence.Comparison
        if Self.usesCounts(judging.test, canary, baseline) {
            guard let test = PoissonRateTest(canaryCount: Self.total(canary), canaryExposure: Double(canary.count),
                                             baselineCount: Self.total(baseline), baselineExposure: Double(baseline.count),
                                             confidence: settings.confidence) else { return noData("counts cannot be compared") }
            comparison = .counts(test)
        } else {
            guard let test = RankSumTest(canary: canary, baseline: baseline, confidence: settings.confidence) else {
                return noData("samples cannot be compared")
            }
            comparison = .rank(test)
        }
        let evidence = JudgeEvidence(canarySamples: canary.count, baselineSamples: baseline.count,
                                     canaryMedian: Self.median(canary), baselineMedian: baselineMedian,
                                     canaryMean: Self.mean(canary), baselineMean: baselineMean, allowed: allowed,
                                     comparison: comparison, spread: comparison.isCounts ? nil : spread,
                                     exceedance: comparison.isCounts ? nil
                                        : ExceedanceTest(canary: canary, baseline: baseline, margin: allowed))
        return call(metric, judging: judging, evidence: evidence)
    }

    /// Three findings, each at the judge's confidence, the first that holds deciding: the level moved beyond the
    /// tolerance (the shift, or the rate ratio's whole interval); else canary values lie beyond every baseline value
    /// and beyond the tolerance (a few far off, which ranks weigh like any others); else the spread grew beyond it (a
    /// median that holds while the tail runs away). A change in the harmless direction passes, and says so.
    private func call(_ metric: MetricSpec, judging: MetricJudging, evidence: JudgeEvidence) -> MetricVerdict {
        let words = VerdictWords(unit: metric.unit, tolerance: judging.tolerance, confidence: settings.confidence)
        let alpha = 1 - settings.confidence
        var direction = 0  // +1 higher, −1 lower
        var reason: String
        switch evidence.comparison {
        case .rank(let test):
            // Significant, and the estimated shift beyond the tolerance. Asking the whole interval to clear it would
            // make small samples pass almost anything.
            if test.pValue < alpha { direction = test.shift > evidence.allowed ? 1 : test.shift < -evidence.allowed ? -1 : 0 }
            reason = words.shift(test, evidence: evidence)
        case .counts(let test):
            direction = test.interval.lowerBound > 1 + judging.tolerance ? 1 : test.interval.upperBound < 1 - judging.tolerance ? -1 : 0
            reason = words.rates(test)
        }
        if direction == 0, let tail = evidence.exceedance {
            if tail.pAbove < alpha, judging.direction != .decrease {
                direction = 1
                reason = words.exceedance(tail.above, of: evidence.canarySamples, margin: tail.margin, p: tail.pAbove, above: true)
                    + "; " + reason
            } else if tail.pBelow < alpha, judging.direction != .increase {
                direction = -1
                reason = words.exceedance(tail.below, of: evidence.canarySamples, margin: tail.margin, p: tail.pBelow, above: false)
                    + "; " + reason
            }
        }
        let bad: Bool = switch judging.direction {
        case .increase: direction > 0
        case .decrease: direction < 0
        case .either: direction != 0
        }
        if direction != 0 {
            let call: MetricVerdict.Call = bad ? (direction > 0 ? .high : .low) : .pass
            if !bad { reason = (direction > 0 ? "higher" : "lower") + " than the baseline, which is better: " + reason }
            return MetricVerdict(metric: metric.name, call: call, fails: bad, critical: judging.critical, reason: reason,
                                 evidence: evidence)
        }
        if let spread = evidence.spread, spread.pValue < alpha, spread.ratio > 1 + judging.tolerance {
            let call: MetricVerdict.Call = judging.direction == .decrease ? .low : .high
            return MetricVerdict(metric: metric.name, call: call, fails: true, critical: judging.critical,
                                 reason: words.spread(spread) + "; " + reason, evidence: evidence)
        }
        return MetricVerdict(metric: metric.name, call: .pass, fails: false, critical: judging.critical, reason: reason,
                             evidence: evidence)
    }

    // MARK: The score

    /// Kayenta's weighted sum: a group scores the share of its metrics with data that pass; the score is the groups'
    /// weighted mean, over the groups with data, times 100. Any critical failure, or no data for half the metrics or
    /// more, scores 0.
    func score(_ verdicts: [MetricVerdict], at time: Date) -> Judgement {
        // A critical failure first: a metric whose data stopped must not hide one that is known to be failing.
        if let critical = verdicts.first(where: { $0.critical && $0.fails }) {
            return Judgement(at: time, score: 0, outcome: .fail, why: "critical metric \(critical.metric) is \(critical.call.rawValue)",
                             verdicts: verdicts)
        }
        let missing = verdicts.filter { $0.call == .noData }
        if missing.count * 2 >= verdicts.count {
            return Judgement(at: time, score: 0, outcome: .noData,
                             why: "\(missing.count) of \(verdicts.count) metrics have too few samples or none fresh", verdicts: verdicts)
        }
        var groups: [(name: String, weight: Double, passed: Int, judged: Int)] = []
        for (metric, verdict) in zip(metrics, verdicts) {
            let judging = metric.judging ?? MetricJudging()
            let name = judging.group ?? metric.name
            let index = groups.firstIndex { $0.name == name } ?? {
                groups.append((name, max(0, judging.weight), 0, 0))
                return groups.count - 1
            }()
            guard verdict.call != .noData else { continue }
            groups[index].judged += 1
            if !verdict.fails { groups[index].passed += 1 }
        }
        let judged = groups.filter { $0.judged > 0 }
        let totalWeight = judged.reduce(0) { $0 + $1.weight }
        let score = totalWeight > 0
            ? 100 * judged.reduce(0) { $0 + $1.weight * Double($1.passed) / Double($1.judged) } / totalWeight
            : 0
        let failing = verdicts.filter(\.fails).map { "\($0.metric) \($0.call.rawValue)" }
        let outcome: Judgement.Outcome = score >= settings.pass ? .pass : score >= settings.marginal ? .marginal : .fail
        let passed = judged.reduce(0) { $0 + $1.passed }
        let total = judged.reduce(0) { $0 + $1.judged }
        var why = "\(passed) of \(total) judged metrics pass"
        if !failing.isEmpty { why += "; " + failing.joined(separator: ", ") }
        if !missing.isEmpty { why += "; \(missing.count) without data" }
        return Judgement(at: time, score: score, outcome: outcome, why: why, verdicts: verdicts)
    }

    // MARK: Samples

    private func values(of series: Series?, at time: Date) -> [Double] {
        guard let series else { return [] }
        let start = time.addingTimeInterval(-settings.window)
        var values: [Double] = []
        for point in series.points.reversed() {
            if point.time > time { continue }
            if point.time <= start { break }
            values.append(point.value)
        }
        return values.reversed()
    }

    /// Counts are compared as rates when the plan says so, or when every value is a whole number ≥ 0 and at least
    /// half of them are 0 or 1: sparse errors, where ranks are mostly ties and say little.
    static func usesCounts(_ test: MetricJudging.Test, _ canary: [Double], _ baseline: [Double]) -> Bool {
        switch test {
        case .rank: return false
        case .counts: return true
        case .auto:
            let all = canary + baseline
            guard all.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 < 1e12 }) else { return false }
            return all.filter { $0 <= 1 }.count * 2 >= all.count
        }
    }

    static func total(_ values: [Double]) -> Int {
        values.reduce(0) { $0 + Int(max(0, min($1.rounded(), 1e12))) }
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(1, values.count)) }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }
}

extension JudgeEvidence.Comparison {
    var isCounts: Bool {
        switch self {
        case .rank: false
        case .counts: true
        }
    }
}
