import Foundation

extension AppState {
    /// The status of a metric now: thresholds on a fresh value, STALE or NO DATA otherwise.
    public func status(of metric: MetricSpec) -> MetricStatus {
        guard let latest = self.series[metric.name]?.latest else { return .noData }
        if now.timeIntervalSince(latest.time) > metric.staleAfter { return .stale }
        return metric.status(of: latest.value)
    }

    /// Seconds since the newest sample of a metric, nil when it has none.
    public func age(of metric: MetricSpec) -> TimeInterval? {
        self.series[metric.name]?.latest.map { now.timeIntervalSince($0.time) }
    }

    /// The absolute threshold a rule compares against; nil when it needs a baseline the plan lacks, or another metric
    /// that has no fresh value (a stale comparison proves nothing).
    public func thresholdValue(of rule: TriggerRule) -> Double? {
        guard case .compare(let metric, _, let threshold, _) = rule.condition else { return nil }
        let baseline = plan.metric(named: metric)?.baseline
        switch threshold {
        case .value(let value, _): return value
        case .timesBaseline(let factor): return baseline.map { $0 * factor }
        case .baselineOffset(let percent): return baseline.map { $0 * (1 + percent / 100) }
        case .timesMetric(let factor, let other):
            guard let spec = plan.metric(named: other), status(of: spec).isMissing == false,
                  let latest = self.series[other]?.latest else { return nil }
            return latest.value * factor
        }
    }

    /// When a pending trigger will fire if its condition keeps holding.
    public func firesAt(_ rule: TriggerRule) -> Date? {
        guard case .pending(let since) = self.triggers[rule.id]?.phase else { return nil }
        return since.addingTimeInterval(rule.window)
    }

    /// When a `within` rule stops being armed; nil for rules armed throughout, or before T0.
    public func closesAt(_ rule: TriggerRule) -> Date? {
        guard let armedFor = rule.armedFor, let t0 = self.t0 else { return nil }
        return t0.addingTimeInterval(armedFor)
    }

    /// A `within` rule whose window has passed: it can no longer go pending, only finish firing.
    public func isWindowClosed(_ rule: TriggerRule, at time: Date? = nil) -> Bool {
        closesAt(rule).map { (time ?? now) > $0 } ?? false
    }

    /// What a rule compares at `time`: its aggregate over the trailing window, or the metric's latest value.
    public func observedValue(of rule: TriggerRule, at time: Date) -> Double? {
        guard let series = self.series[rule.metric] else { return nil }
        if let aggregate = rule.aggregate, case .compare = rule.condition { return aggregate.value(of: series, at: time) }
        return series.latest?.value
    }

    /// What a rule compares now, as of its metric's newest sample: what the screen shows beside it.
    public func currentValue(of rule: TriggerRule) -> Double? {
        guard let latest = self.series[rule.metric]?.latest else { return nil }
        return observedValue(of: rule, at: latest.time)
    }

    /// Consecutive failures so far, for `fails N consecutive` rules; counted from the series.
    public func consecutiveFailures(of rule: TriggerRule) -> Int {
        guard case .consecutiveFailures(let check, _) = rule.condition else { return 0 }
        return self.series[check].map(Self.trailingFailures) ?? 0
    }

    /// A word for the journal's evidence and the screen: `inactive`, `window closed`, `pending`, `firing`.
    public func word(of rule: TriggerRule) -> String {
        switch self.triggers[rule.id]?.phase ?? .inactive {
        case .inactive: isWindowClosed(rule) ? "window closed" : "inactive"
        case .pending: "pending"
        case .firing: "firing"
        }
    }

    /// Health results are 1 for a pass and 0 for a failure; this counts the failures since the last pass.
    static func trailingFailures(in series: Series) -> Int {
        series.points.reversed().prefix { $0.value < 0.5 }.count
    }
}
