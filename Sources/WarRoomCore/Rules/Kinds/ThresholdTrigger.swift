import Foundation

/// `error_rate > 2% for 5m`, `avg(p99_latency, 10m) > 2x baseline`: a metric (or a summary of its trailing samples)
/// against a threshold, held for a window. Stepped by every sample of its metric, and on the clock while pending.
public struct ThresholdTrigger: TriggerKind {
    public var metric: String
    public var comparison: Bound.Comparison
    public var threshold: TriggerRule.Threshold
    public var window: TimeInterval

    public init(metric: String, comparison: Bound.Comparison, threshold: TriggerRule.Threshold, window: TimeInterval) {
        self.metric = metric
        self.comparison = comparison
        self.threshold = threshold
        self.window = window
    }

    public var subject: String { metric }
    public var sampleSeries: String? { metric }
    public var shape: String { "\(metric) \(comparison.rawValue)" }

    /// The absolute threshold; nil when it needs a baseline the plan lacks, or another metric that has no fresh value
    /// (a stale comparison proves nothing).
    public func thresholdValue(in state: AppState) -> Double? {
        let baseline = state.plan.metric(named: metric)?.baseline
        switch threshold {
        case .value(let value, _): return value
        case .timesBaseline(let factor): return baseline.map { $0 * factor }
        case .baselineOffset(let percent): return baseline.map { $0 * (1 + percent / 100) }
        case .timesMetric(let factor, let other):
            guard let spec = state.plan.metric(named: other), state.status(of: spec).isMissing == false,
                  let latest = state.series[other]?.latest else { return nil }
            return latest.value * factor
        }
    }

    /// What the rule compares at `time`: its aggregate over the trailing window, or the metric's latest value.
    public func observedValue(of rule: TriggerRule, in state: AppState, at time: Date) -> Double? {
        guard let series = state.series[metric] else { return nil }
        if let aggregate = rule.aggregate { return aggregate.value(of: series, at: time) }
        return series.latest?.value
    }

    public func reading(of rule: TriggerRule, in state: AppState, at time: Date) -> TriggerReading? {
        guard let value = observedValue(of: rule, in: state, at: time), let limit = thresholdValue(in: state) else { return nil }
        return TriggerReading(value: value, holds: Bound(comparison, limit).isSatisfied(by: value))
    }

    public func comparison(of rule: TriggerRule, in state: AppState) -> String {
        guard let limit = thresholdValue(in: state) else { return "" }
        let unit = unit(in: state.plan)
        let subject = rule.aggregate.map { "\($0.function.rawValue) over \(DurationText.formatPlan($0.window))" } ?? "latest value"
        let observed = observedValue(of: rule, in: state, at: state.now)
        return "\(subject) \(observed.map(unit.format) ?? "none") vs \(comparison.rawValue) \(unit.format(limit))"
    }

    public func shortReading(of rule: TriggerRule, in state: AppState) -> String? {
        state.currentValue(of: rule).map { "now \(unit(in: state.plan).format($0))" }
    }

    public func format(_ value: Double, in plan: Plan) -> String { unit(in: plan).format(value) }

    private func unit(in plan: Plan) -> MetricUnit { plan.metric(named: metric)?.unit ?? .count }
}
