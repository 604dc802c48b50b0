import Foundation

extension AppState {
    /// The status of a metric now: thresholds on a fresh value, STALE or NO DATA otherwise.
    public func status(of metric: MetricSpec) -> MetricStatus {
        guard let latest = series[metric.name]?.latest else { return .noData }
        if now.timeIntervalSince(latest.time) > metric.staleAfter { return .stale }
        return metric.status(of: latest.value)
    }

    /// Seconds since the newest sample of a metric, nil when it has none.
    public func age(of metric: MetricSpec) -> TimeInterval? {
        series[metric.name]?.latest.map { now.timeIntervalSince($0.time) }
    }

    /// The absolute threshold a rule compares against, nil when it needs a baseline the plan lacks.
    public func thresholdValue(of rule: TriggerRule) -> Double? {
        guard case .compare(let metric, _, let threshold, _) = rule.condition else { return nil }
        let baseline = plan.metric(named: metric)?.baseline
        switch threshold {
        case .value(let value, _): return value
        case .timesBaseline(let factor): return baseline.map { $0 * factor }
        case .baselineOffset(let percent): return baseline.map { $0 * (1 + percent / 100) }
        }
    }

    /// When a pending trigger will fire if its condition keeps holding.
    public func firesAt(_ rule: TriggerRule) -> Date? {
        guard case .pending(let since) = triggers[rule.id]?.phase else { return nil }
        return since.addingTimeInterval(rule.window)
    }

    /// When a `within` rule stops being armed; nil for rules armed throughout, or before T0.
    public func closesAt(_ rule: TriggerRule) -> Date? {
        guard let armedFor = rule.armedFor, let t0 else { return nil }
        return t0.addingTimeInterval(armedFor)
    }

    /// What a rule compares at `time`: its aggregate over the trailing window, or the metric's latest value.
    public func observedValue(of rule: TriggerRule, at time: Date) -> Double? {
        guard let series = series[rule.metric] else { return nil }
        if let aggregate = rule.aggregate, case .compare = rule.condition { return aggregate.value(of: series, at: time) }
        return series.latest?.value
    }

    /// Re-evaluates every trigger that reads `metric` against the sample just taken at `time`.
    mutating func evaluateTriggers(reading metric: String, at time: Date) -> [Effect] {
        var effects: [Effect] = []
        for rule in plan.triggers where rule.metric == metric {
            guard let value = observedValue(of: rule, at: time) else { continue }
            effects += step(rule, value: value, at: time)
        }
        return effects
    }

    /// On a clock tick, `within` windows that have passed close, and pending triggers whose window has
    /// elapsed fire, but only on fresh data: a metric that went quiet cannot prove its condition still holds.
    mutating func reevaluateTriggers() -> [Effect] {
        var effects: [Effect] = []
        for rule in plan.triggers {
            if let closesAt = closesAt(rule), now > closesAt { effects += close(rule) }
            guard let state = triggers[rule.id], case .pending = state.phase,
                  let metric = plan.metric(named: rule.metric), !status(of: metric).isMissing,
                  let value = state.lastValue else { continue }
            effects += step(rule, value: value, at: now)
        }
        return effects
    }

    /// A `within` rule past its window: a pending trigger is dropped, since it can no longer fire inside
    /// the window; a firing one stays firing until its condition clears, so a live alarm never vanishes
    /// just because the clock passed. Either way the rule never goes pending again.
    private mutating func close(_ rule: TriggerRule) -> [Effect] {
        guard var state = triggers[rule.id], !state.windowClosed else { return [] }
        defer { triggers[rule.id] = state }
        state.windowClosed = true
        guard state.isPending else { return [] }
        state.phase = .inactive
        return [.record(entry(.triggerResolved(trigger: rule.id, value: state.lastValue ?? 0)))]
    }

    private mutating func step(_ rule: TriggerRule, value: Double, at time: Date) -> [Effect] {
        if rule.armedFor != nil {
            // Armed only from T0 to T0 + D; a sample from before T0 or a closed window proves nothing.
            guard let t0, time >= t0 else { return [] }
            if let closesAt = closesAt(rule), time > closesAt {
                let effects = close(rule)
                guard triggers[rule.id]?.isFiring == true else { return effects }
            }
        }
        var state = triggers[rule.id] ?? TriggerState()
        defer { triggers[rule.id] = state }
        state.lastValue = value
        let holds: Bool
        var window = rule.window
        switch rule.condition {
        case .compare(_, let comparison, _, _):
            guard let threshold = thresholdValue(of: rule) else { return [] }
            holds = Bound(comparison, threshold).isSatisfied(by: value)
        case .consecutiveFailures(let check, let count):
            // Counted from the series, so re-evaluating on a tick cannot count a result twice.
            state.consecutive = series[check].map(Self.trailingFailures) ?? 0
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
            // Only counted failures are pending with a zero window: they fire at the failure that completes the count.
            state.phase = .firing(since: window > 0 ? since.addingTimeInterval(window) : time)
            return [.record(entry(.triggerFiring(trigger: rule.id, value: value))), .bell]
        case (.pending, false), (.firing, false):
            state.phase = .inactive
            return [.record(entry(.triggerResolved(trigger: rule.id, value: value)))]
        case (.inactive, false) where triggerHistory[rule.id]?.isOpen == true:
            // Fired before a restart (or in another session) and fresh data says it no longer holds. Closed here
            // at once, like a live firing's phase, so a journal slow to take the entry does not get one per sample.
            triggerHistory[rule.id]?.resolved(at: time)
            return [.record(entry(.triggerResolved(trigger: rule.id, value: value)))]
        case (.firing, true), (.inactive, false):
            return []
        }
    }

    /// Health results are 1 for a pass and 0 for a failure; this counts the failures since the last pass.
    static func trailingFailures(in series: Series) -> Int {
        series.points.reversed().prefix { $0.value < 0.5 }.count
    }
}
