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

    /// The absolute threshold a threshold rule compares against; nil for other kinds, when it needs a baseline the
    /// plan lacks, or another metric that has no fresh value (a stale comparison proves nothing).
    public func thresholdValue(of rule: TriggerRule) -> Double? {
        switch rule.condition {
        case .threshold(let kind): kind.thresholdValue(in: self)
        case .failureStreak, .judgeScore, .judgeStreak, .burnRate: nil
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

    /// What a rule compares at `time`: a threshold rule's aggregate over the trailing window or its metric's latest
    /// value; a metric's latest value for a counted rule; what the kind reads for the others.
    public func observedValue(of rule: TriggerRule, at time: Date) -> Double? {
        switch rule.condition {
        case .threshold(let kind): kind.observedValue(of: rule, in: self, at: time)
        case .failureStreak, .judgeScore, .judgeStreak, .burnRate: rule.kind.reading(of: rule, in: self, at: time)?.value
        }
    }

    /// What a rule compares now, as of its series' newest sample (or now, for a rule read once a turn): what the
    /// screen shows beside it.
    public func currentValue(of rule: TriggerRule) -> Double? {
        observedValue(of: rule, at: latestTime(of: rule) ?? now)
    }

    /// The newest sample's time of the series a rule reads; nil for rules read once a turn, or with no sample yet.
    func latestTime(of rule: TriggerRule) -> Date? {
        rule.kind.sampleSeries.flatMap { self.series[$0]?.latest?.time }
    }

    /// Whether a rule's metric is fresh enough for a pending rule to be judged on the clock: a metric that went quiet
    /// cannot prove its condition still holds. Counted rules are judged on their samples alone.
    func hasFreshData(for rule: TriggerRule) -> Bool {
        guard let series = rule.kind.sampleSeries, let metric = plan.metric(named: series) else { return false }
        return !status(of: metric).isMissing
    }

    /// Consecutive failures so far, for `fails N consecutive` rules: a check's from its series, the judge's from its
    /// streak; 0 for other kinds.
    public func consecutiveFailures(of rule: TriggerRule) -> Int {
        rule.kind.reading(of: rule, in: self, at: now)?.consecutive ?? 0
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
