import Foundation

extension AppState {
    /// Why a metric is in its state, in sentences: its value and age, the thresholds it is held to, the samples
    /// behind it, where they come from, and what each trigger reading it compares. What `e` shows.
    public func explanation(of name: String) -> [String] {
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
            if let fires = firesAt(rule) { sentence += ", fires at \(moment(fires)) if it keeps holding" }
        case .firing(let since): sentence += " since \(moment(since))"
        case .inactive: break
        }
        if case .compare(_, let comparison, _, _) = rule.condition {
            let observed = observedValue(of: rule, at: now)
            let subject = rule.aggregate.map { "\($0.function.rawValue) over \(DurationText.formatPlan($0.window))" } ?? "latest value"
            if let threshold = thresholdValue(of: rule) {
                sentence += "; \(subject) \(observed.map(unit.format) ?? "none") vs \(comparison.rawValue) \(unit.format(threshold))"
            }
        } else {
            sentence += "; \(consecutiveFailures(of: rule)) consecutive failures so far"
        }
        return sentence + "."
    }

    /// `T+21m10s` once there is a T0, else the UTC clock time.
    private func moment(_ date: Date) -> String {
        if let t0 = self.t0 { return DurationText.formatOffset(date.timeIntervalSince(t0)) }
        return date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).time(includingFractionalSeconds: false)) + "Z"
    }
}
