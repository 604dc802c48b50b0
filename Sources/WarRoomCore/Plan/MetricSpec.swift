import Foundation

/// One watched metric: where its success and alert thresholds lie and how fresh it must be.
public struct MetricSpec: Sendable, Codable, Hashable, Identifiable {
    public var name: String
    public var unit: MetricUnit
    public var baseline: Double?
    /// Values meeting this bound are OK.
    public var success: Bound
    /// Values meeting this bound are a BREACH; between the two is WARN.
    public var alert: Bound
    /// A metric with no sample newer than this is STALE.
    public var staleAfter: TimeInterval

    public var id: String { name }

    public init(name: String, unit: MetricUnit, baseline: Double?, success: Bound, alert: Bound,
                staleAfter: TimeInterval = 120) {
        self.name = name
        self.unit = unit
        self.baseline = baseline
        self.success = success
        self.alert = alert
        self.staleAfter = staleAfter
    }

    /// Lower is better when success asks for small values.
    public var lowerIsBetter: Bool { success.wantsLow }
}
