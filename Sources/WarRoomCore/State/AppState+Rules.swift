import Foundation

extension AppState {
    /// The status of a metric now: thresholds on a fresh value, STALE or NO DATA otherwise.
    public func status(of metric: MetricSpec) -> MetricStatus {
        guard let latest = series[metric.name]?.latest else { return .noData }
        if now.timeIntervalSince(latest.time) > metric.staleAfter { return .stale }
        if metric.alert.isSatisfied(by: latest.value) { return .breach }
        if metric.success.isSatisfied(by: latest.value) { return .ok }
        return .warn
    }

    /// Seconds since the newest sample of a metric, nil when it has none.
    public func age(of metric: MetricSpec) -> TimeInterval? {
        series[metric.name]?.latest.map { now.timeIntervalSince($0.time) }
    }

    /// The absolute threshold a rule compares against, nil when it needs a baseline the plan lacks.
    public func thresholdValue(of rule: TriggerRule) -> Double? {
        guard case .compare(let metric, _, let threshold, _) = rule.condition else { return nil }
        switch threshold {
        case .value(let value, _): return value
        case .timesBaseline(let factor): return plan.metric(named: metric)?.baseline.map { $0 * factor }
        }
    }

    /// When a pending trigger will fire if its condition keeps holding.
    public func firesAt(_ rule: TriggerRule) -> Date? {
        guard case .pending(let since) = triggers[rule.id]?.phase else { return nil }
        return since.addingTimeInterval(rule.window)
    }

    /// Re-evaluates every trigger that reads `metric` against the sample just taken at `time`.
    mutating func evaluateTriggers(reading metric: String, at time: Date) -> [Effect] {
        guard let value = series[metric]?.latest?.value else { return [] }
        var effects: [Effect] = []
        for rule in plan.triggers where rule.metric == metric {
            effects += step(rule, value: value, at: time)
        }
        return effects
    }

    /// On a clock tick, pending triggers whose window has elapsed fire, but only on fresh data:
    /// a metric that went quiet cannot prove its condition still holds.
    mutating func reevaluateTriggers() -> [Effect] {
        var effects: [Effect] = []
        for rule in plan.triggers {
            guard let state = triggers[rule.id], case .pending = state.phase,
                  let metric = plan.metric(named: rule.metric), !status(of: metric).isMissing,
                  let value = state.lastValue else { continue }
            effects += step(rule, value: value, at: now)
        }
        return effects
    }

    private mutating func step(_ rule: TriggerRule, value: Double, at time: Date) -> [Effect] {
        var state = triggers[rule.id] ?? TriggerState()
        defer { triggers[rule.id] = state }
        state.lastValue = value
        let holds: Bool
        var window = rule.window
        switch rule.condition {
        case .compare(_, let comparison, _, _):
            guard let threshold = thresholdValue(of: rule) else { return [] }
            holds = Bound(comparison, threshold).isSatisfied(by: value)
        case .consecutiveFailures(_, let count):
            // A health check reports 1 for success and 0 for failure.
            state.consecutive = value < 0.5 ? state.consecutive + 1 : 0
            holds = state.consecutive > 0
            window = 0
            if state.consecutive < count, holds {
                if case .inactive = state.phase {
                    state.phase = .pending(since: time)
                    return [.record(entry(.triggerPending(trigger: rule.id, value: value)))]
                }
                return []
            }
        }
        switch (state.phase, holds) {
        case (.inactive, true):
            if window <= 0 {
                state.phase = .firing(since: time)
                return [.record(entry(.triggerFiring(trigger: rule.id, value: value))), .bell]
            }
            state.phase = .pending(since: time)
            return [.record(entry(.triggerPending(trigger: rule.id, value: value)))]
        case (.pending(let since), true):
            guard time.timeIntervalSince(since) >= window else { return [] }
            state.phase = .firing(since: since.addingTimeInterval(window))
            return [.record(entry(.triggerFiring(trigger: rule.id, value: value))), .bell]
        case (.pending, false), (.firing, false):
            state.phase = .inactive
            return [.record(entry(.triggerResolved(trigger: rule.id, value: value)))]
        case (.firing, true), (.inactive, false):
            return []
        }
    }
}
