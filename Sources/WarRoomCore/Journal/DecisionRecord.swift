import Foundation

/// A go / no-go / rollback decision with the evidence frozen at the moment it was made.
public struct DecisionRecord: Sendable, Codable, Hashable {
    public var point: String
    public var verdict: Verdict
    public var note: String?
    public var evidence: Evidence

    public init(point: String, verdict: Verdict, note: String?, evidence: Evidence) {
        self.point = point
        self.verdict = verdict
        self.note = note
        self.evidence = evidence
    }
}

/// What the war room showed when a decision was made.
public struct Evidence: Sendable, Codable, Hashable {
    public struct Metric: Sendable, Codable, Hashable {
        public var name: String
        public var value: Double?
        public var unit: MetricUnit
        public var baseline: Double?
        public var success: Bound
        public var alert: Bound
        public var status: MetricStatus
    }

    public struct Trigger: Sendable, Codable, Hashable {
        public var rule: String
        public var state: String
    }

    public var stage: String
    public var metrics: [Metric]
    public var triggers: [Trigger]
    public var checklistDone: Int
    public var checklistTotal: Int
    public var gateReasons: [String]
    public var recentErrors: [String]
}

/// Why a person promoted past a gate that was not READY, with what the gate said at that moment.
public struct PromotionOverride: Sendable, Codable, Hashable {
    public var reason: String
    public var gate: String
    public var gateReasons: [String]

    public init(reason: String, gate: String, gateReasons: [String]) {
        self.reason = reason
        self.gate = gate
        self.gateReasons = gateReasons
    }
}
