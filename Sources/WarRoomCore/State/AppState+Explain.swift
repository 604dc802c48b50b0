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
        for rule in plan.triggers where rule.metric == name { lines.append(triggerSentence(rule, unit: unit)) }
        if plan.triggers.allSatisfy({ $0.metric != name }) { lines.append("No trigger reads it: it can turn red, never propose a rollback.") }
        return lines
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
