import Foundation

/// One watched metric: where its success and alert thresholds lie, how fresh it must be, and where it comes from.
public struct MetricSpec: Sendable, Codable, Hashable, Identifiable {
    /// Which way is good: the plan may say so, and the thresholds must agree.
    public enum Direction: String, Sendable, Codable, Hashable, CaseIterable {
        case lowerIsBetter = "lower"
        case higherIsBetter = "higher"
    }

    public var name: String
    public var unit: MetricUnit
    /// What the metric measures, in a few words.
    public var description: String?
    public var baseline: Double?
    /// Values meeting this bound are OK.
    public var success: Bound
    /// Values meeting this bound are a BREACH; between the two is WARN.
    public var alert: Bound
    /// A metric with no sample newer than this is STALE.
    public var staleAfter: TimeInterval
    /// Where samples come from; nil: samples of this name from any file or command source (or the demo's simulator).
    public var feed: MetricFeed?
    /// The canary's and the baseline's series, for the canary judge; nil for a metric it does not judge.
    public var cohorts: MetricCohorts?
    /// How the judge treats this metric (defaults when the plan gives cohorts but no `judge:`).
    public var judging: MetricJudging?

    public var id: String { name }

    public init(name: String, unit: MetricUnit, description: String? = nil, baseline: Double?, success: Bound, alert: Bound,
                staleAfter: TimeInterval = 120, feed: MetricFeed? = nil, cohorts: MetricCohorts? = nil, judging: MetricJudging? = nil) {
        self.name = name
        self.unit = unit
        self.description = description
        self.baseline = baseline
        self.success = success
        self.alert = alert
        self.staleAfter = staleAfter
        self.feed = feed
        self.cohorts = cohorts
        self.judging = judging
    }

    /// Lower is better when success asks for small values.
    public var lowerIsBetter: Bool { success.wantsLow }

    public var direction: Direction { lowerIsBetter ? .lowerIsBetter : .higherIsBetter }

    /// What a fresh value means against the thresholds: BREACH beyond alert, OK within success, WARN between.
    public func status(of value: Double) -> MetricStatus {
        if alert.isSatisfied(by: value) { return .breach }
        return success.isSatisfied(by: value) ? .ok : .warn
    }
}
