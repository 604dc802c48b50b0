import Foundation

extension AppState {
    /// Why a metric is in its state, in sentences: its value and age, the thresholds it is held to, the samples
    /// behind it, where they come from, and what each trigger reading it compares. What `e` shows.
    /// A health check is named by its series, `health.<name>`.
    public func explanation(of name: String) -> [String] {
        if plan.metric(named: name) == nil, name.hasPrefix(HealthCheck.prefix),
           let check = plan.healthCheck(named: String(name.dropFirst(HealthCheck.prefix.count))) {
            return explanation(of: check)
        }
        guard let metric = plan.metric(named: name) else { return ["No metric '\(name)' in the plan."] }
        let unit = metric.unit
        let status = status(of: metric)
        var lines: [String] = []
        let points = self.series[name]?.points ?? []
        if let latest = points.last {
            let age = now.timeIntervalSince(latest.time)
            lines.append("\(name) is \(status.rawValue)\(since(status, of: metric).map { " since \($0)" } ?? "").")
            lines.append("Latest value \(unit.format(latest.value)), \(DurationText.format(max(0, age))) old; "
                         + "STALE once older than \(DurationText.formatPlan(metric.staleAfter)).")
        } else {
            lines.append("\(name) has NO DATA: no sample has arrived. No data is never counted as healthy.")
        }
        var bounds = "OK while \(metric.success.describe(unit: unit)), BREACH once \(metric.alert.describe(unit: unit)), WARN between"
        if let baseline = metric.baseline { bounds += "; baseline \(unit.format(baseline))" }
        lines.append(bounds + ".")
        if !points.isEmpty {
            let recent = points.suffix(8).map { unit.format($0.value) }.joined(separator: " ")
            lines.append("Last \(min(8, points.count)) of \(points.count) samples, oldest first: \(recent).")
        }
        lines.append(sourceSentence(for: metric))
        lines += judgeSentences(of: metric)
        // A judged metric is read by the rules that read the judge, too.
        let reading = plan.triggers.filter { $0.metric == name || (metric.cohorts != nil && $0.metric == JudgeScoreTrigger.subjectWord) }
        for rule in reading { lines.append(triggerSentence(rule, unit: unit)) }
        if reading.isEmpty { lines.append("No trigger reads it: it can turn red, never propose a rollback.") }
        return lines
    }

    /// What the canary judge says of a metric with cohorts, with every number it rests on: the call and why, both
    /// cohorts' medians and samples, the shift and its interval against the tolerance, the p-value, the effect sizes,
    /// the spread; or for counts, the rate ratio. Empty for a metric without cohorts.
    func judgeSentences(of metric: MetricSpec) -> [String] {
        guard let cohorts = metric.cohorts else { return [] }
        let unit = metric.unit
        let judging = metric.judging ?? MetricJudging()
        let settings = plan.judge
        let confidence = AnalysisWords.percent(settings.confidence)
        var lines = ["Judged canary (\(cohorts.canary.series)) against baseline (\(cohorts.baseline.series)) over the last "
                     + "\(DurationText.formatPlan(settings.window)): \(judging.direction.rawValue) is bad, tolerance "
                     + "\(AnalysisWords.percent(judging.tolerance)) of the baseline's level\(judging.critical ? ", critical (a failure scores 0)" : "")."]
        guard let judgement = canary, let verdict = judgement.verdict(of: metric.name) else {
            return lines + ["The canary judge has not judged it yet."]
        }
        let when = "at \(moment(judgement.at))"
        guard let evidence = verdict.evidence else {
            return lines + ["The judge has NO DATA for it \(when): \(verdict.reason). No data is never counted as a pass."]
        }
        let outcome = verdict.fails ? "it fails" : "it passes"
        lines.append("The judge calls it \(verdict.call.rawValue) \(when) (\(outcome)): \(verdict.reason).")
        lines.append("Canary median \(unit.format(evidence.canaryMedian)) over \(evidence.canarySamples) samples, baseline median "
                     + "\(unit.format(evidence.baselineMedian)) over \(evidence.baselineSamples); means \(unit.format(evidence.canaryMean)) "
                     + "vs \(unit.format(evidence.baselineMean))"
                     + (evidence.meanRatio.map { ", mean ratio \(AnalysisWords.times($0))" } ?? ", the baseline's mean is 0") + ".")
        func signed(_ value: Double) -> String { unit.formatSigned(value) }
        switch evidence.comparison {
        case .rank(let test):
            // Worded from the judge's own rule: significant, and the estimate beyond the tolerance.
            let lower = test.interval.lowerBound, upper = test.interval.upperBound, allowed = evidence.allowed
            let significant = test.pValue < 1 - settings.confidence
            let beyond = abs(test.shift) > allowed
            let against = !significant ? "not significant at \(confidence), so the level is not called whatever the estimate"
                : beyond ? "significant, and the estimate lies beyond the tolerance"
                : "significant, but the estimate lies within the tolerance, so the level passes"
            lines.append("Hodges-Lehmann shift \(signed(test.shift)), \(confidence) CI \(signed(lower)) to \(signed(upper)), against "
                         + "±\(unit.format(allowed)) allowed: \(against).")
            lines.append("Mann-Whitney U \(Self.number(test.u)), p \(AnalysisWords.p(test.pValue)); canary higher in "
                         + "\(AnalysisWords.percent(Self.share(test.commonLanguage))) of pairs.")
            if let tail = evidence.exceedance {
                lines.append("Beyond every baseline value by more than \(unit.format(tail.margin)): \(tail.above) canary values above "
                             + "(Rosenbaum p \(AnalysisWords.p(tail.pAbove))), \(tail.below) below (p \(AnalysisWords.p(tail.pBelow))).")
            }
            if let spread = evidence.spread {
                lines.append("Spread (Brown-Forsythe): \(AnalysisWords.times(spread.ratio)) the baseline's, p \(AnalysisWords.p(spread.pValue)); "
                             + "a failure above \(AnalysisWords.times(1 + judging.tolerance)) at p below \(AnalysisWords.p(1 - settings.confidence)).")
            }
        case .counts(let test):
            let ratio = test.rateRatio.map { "rate ratio \(AnalysisWords.times($0))" } ?? "the baseline counted none"
            lines.append("Counts compared as Poisson rates: \(ratio), \(confidence) CI \(AnalysisWords.times(test.interval.lowerBound)) to "
                         + "\(AnalysisWords.times(test.interval.upperBound)) against \(AnalysisWords.times(1 - judging.tolerance)) to "
                         + "\(AnalysisWords.times(1 + judging.tolerance)) allowed; \(test.canaryCount) vs \(test.baselineCount) counted in "
                         + "\(Int(test.canaryExposure)) and \(Int(test.baselineExposure)) intervals; p \(AnalysisWords.p(test.pValue)).")
        }
        lines.append("Judge \(judgement.outcome.rawValue)" + (judgement.outcome == .noData ? "" : ", score \(Judgement.formatScore(judgement.score))")
                     + ": \(judgement.why).")
        return lines
    }

    /// A share to one decimal of a percent, so 0.9149 reads 91.5%.
    private static func share(_ fraction: Double) -> Double { (fraction * 1000).rounded() / 1000 }

    /// `1234`, or `1234.5` when not whole.
    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// When the metric's newest breach began: the oldest sample of its newest run of BREACH samples, or, if it never
    /// breached, of WARN samples. Nil when it was never anything but OK. What the logs are searched around.
    public func breachMoment(of name: String) -> Date? {
        guard let metric = plan.metric(named: name), let points = self.series[name]?.points else { return nil }
        for status in [MetricStatus.breach, .warn] {
            guard let last = points.lastIndex(where: { metric.status(of: $0.value) == status }) else { continue }
            var first = last
            while first > points.startIndex, metric.status(of: points[points.index(before: first)].value) == status {
                first = points.index(before: first)
            }
            return points[first].time
        }
        return nil
    }

    /// Why a health check is in its state: what it checks and how it passes, its newest results with what they saw,
    /// its failures in a row against its rule, and what each trigger reading it says.
    public func explanation(of check: HealthCheck) -> [String] {
        let reading = healthReading(of: check)
        let kind = check.kind.map { " (\($0.rawValue))" } ?? ""
        var lines: [String] = []
        switch reading.status {
        case .noData:
            lines.append("\(check.metricName)\(kind) has NO DATA: no check has been made. No data is never counted as passing.")
        case .ok, .failing, .stale:
            lines.append("\(check.metricName)\(kind) is \(reading.status.rawValue): \(reading.failures) failure\(reading.failures == 1 ? "" : "s") in a row, "
                         + "\(reading.threshold) fail\(reading.threshold == 1 ? "s" : "") its rule.")
        }
        let every = "every \(DurationText.formatPlan(check.interval)), timeout \(DurationText.formatPlan(check.timeout))"
        switch check.probe {
        case .http(let url, let statuses, let bodyContains, _):
            let expected = statuses.count == 1 ? "\(statuses.lowerBound)" : "\(statuses.lowerBound)…\(statuses.upperBound)"
            let body = bodyContains.map { " and a body containing \"\($0)\"" } ?? ""
            lines.append("GET \(url), \(every); passes on HTTP \(expected)\(body).")
        case .command(let command):
            lines.append("Runs \(command), \(every); passes on exit status 0.")
        }
        if let age = reading.age {
            let answer = reading.last.map { " (\(Self.resultText($0)))" } ?? ""
            lines.append("Last check \(DurationText.format(age)) ago\(answer); STALE once older than \(DurationText.formatPlan(check.staleAfter)).")
        }
        if let reason = reading.reason { lines.append("Failing: \(reason).") }
        let results = (self.healthResults[check.name] ?? []).suffix(5)
        if !results.isEmpty {
            lines.append("Last \(results.count) results, oldest first: " + results.map(Self.resultText).joined(separator: " · ") + ".")
        } else if let points = self.series[check.metricName]?.points, !points.isEmpty {
            let recent = points.suffix(8).map { $0.value >= 0.5 ? "pass" : "fail" }.joined(separator: " ")
            lines.append("Last \(min(8, points.count)) results, oldest first: \(recent).")
        }
        let rules = plan.triggers.filter { $0.metric == check.metricName }
        for rule in rules { lines.append(triggerSentence(rule, unit: .count)) }
        if rules.isEmpty { lines.append("No trigger reads it: it can fail, never propose a rollback.") }
        return lines
    }

    /// `✗ HTTP 503 12ms at T+21m10s`: one result as the explanation lists it.
    private static func resultText(_ result: HealthResult) -> String {
        let latency = result.latency.map { " " + DurationText.formatLatency($0) } ?? ""
        return (result.passed ? "✓ " : "✗ ") + result.answerText + latency
    }

    /// When the current status began: the oldest sample of the newest run of samples with the same status.
    private func since(_ status: MetricStatus, of metric: MetricSpec) -> String? {
        guard let points = self.series[metric.name]?.points, let latest = points.last else { return nil }
        if status == .stale { return moment(latest.time.addingTimeInterval(metric.staleAfter)) }
        let run = points.reversed().prefix { metric.status(of: $0.value) == status }
        return run.last.map { moment($0.time) }
    }

    private func sourceSentence(for metric: MetricSpec) -> String {
        var sentence: String
        switch metric.feed {
        case .source(let source, let series)?: sentence = "From source '\(source)'" + (series.map { ", series \($0)" } ?? "") + "."
        case .prometheus(let source, let query)?: sentence = "From Prometheus source '\(source)': \(query)"
        case .log(let log, let derivation)?:
            let what = switch derivation.match {
            case .level(let level): "\(level.label) lines and above"
            case .pattern(let pattern): "lines matching /\(pattern)/"
            }
            let measure = derivation.measure == .count ? "Count of" : "Share (%) of"
            sentence = "\(measure) \(what) in log '\(log)' over \(DurationText.formatPlan(derivation.window))."
        case nil: sentence = "From any source writing samples named \(metric.name)."
        }
        if let origin = metric.feed?.origin, let report = self.sources[origin] {
            if let failure = report.failure { sentence += " Source failing: \(failure)." }
            if report.malformedLines > 0 { sentence += " \(report.malformedLines) malformed lines, the last: \(report.lastMalformed ?? "")." }
        }
        if let refused = self.futureSamples[metric.name] { sentence += " \(refused) samples dated in the future were refused." }
        return sentence
    }

    private func triggerSentence(_ rule: TriggerRule, unit: MetricUnit) -> String {
        let state = self.triggers[rule.id] ?? TriggerState()
        var sentence = "Trigger \(rule.text): \(triggerWord(rule).uppercased())"
        switch state.phase {
        case .pending(let since):
            sentence += " since \(moment(since))"
            // Counted rules fire at the reading that completes the count, never at a time.
            let fires = rule.kind.requiredCount == nil ? firesAt(rule) : nil
            if let fires { sentence += ", fires at \(moment(fires)) if it keeps holding" }
        case .firing(let since): sentence += " since \(moment(since))"
        case .inactive: break
        }
        let comparison = rule.kind.comparison(of: rule, in: self)
        if !comparison.isEmpty { sentence += "; " + comparison }
        return sentence + "."
    }

    /// `T+21m10s` once there is a T0, else the UTC clock time.
    private func moment(_ date: Date) -> String {
        if let t0 = self.t0 { return DurationText.formatOffset(date.timeIntervalSince(t0)) }
        return date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).time(includingFractionalSeconds: false)) + "Z"
    }
}
