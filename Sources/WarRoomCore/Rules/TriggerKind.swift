import Foundation

/// One kind of trigger: what it reads from the state, and how it says so. The evaluator steps every kind the same
/// way (pending for its window, firing, resolved); a kind only answers whether its condition holds, and with what.
public protocol TriggerKind: Sendable, Hashable, Codable {
    /// What the rule is about: a metric, a health check's series, `judge`, or an objective's name.
    var subject: String { get }
    /// The series whose every new sample steps the rule at the sample's time; nil for a rule read once a turn.
    var sampleSeries: String? { get }
    /// How long the condition must hold before the rule fires.
    var window: TimeInterval { get }
    /// For a counted rule (`fails N consecutive`), N: it fires at the reading that completes the count.
    var requiredCount: Int? { get }
    /// The condition at `time`: on a sample just taken, or on the clock. Nil when there is nothing fresh to judge,
    /// which never counts as holding: a pending rule waits rather than firing on silence.
    func reading(of rule: TriggerRule, in state: AppState, at time: Date) -> TriggerReading?
    /// What the rule compares now, in words for an explanation: `latest value 3.2% vs > 2%`.
    func comparison(of rule: TriggerRule, in state: AppState) -> String
    /// The reading in a few words for a row or a status update: `now 3.2%`, `2 failures in a row`; nil for none.
    func shortReading(of rule: TriggerRule, in state: AppState) -> String?
    /// A value this kind reads, with its unit: what a journaled transition's value means.
    func format(_ value: Double, in plan: Plan) -> String
    /// Two rules of one shape are the same trigger changed, in an amendment's words (`error_rate >`).
    var shape: String { get }
}

/// What a trigger's condition was at one moment.
public struct TriggerReading: Sendable, Hashable {
    /// The value journaled with a transition (the metric's value, the score, the burn rate, the failures).
    public var value: Double
    public var holds: Bool
    /// For counted rules: how many in a row so far.
    public var consecutive: Int?
    /// When the reading is of an earlier moment than asked (a judgement made on its grid), that moment.
    public var at: Date?

    public init(value: Double, holds: Bool, consecutive: Int? = nil, at: Date? = nil) {
        self.value = value
        self.holds = holds
        self.consecutive = consecutive
        self.at = at
    }
}

extension TriggerKind {
    public var requiredCount: Int? { nil }
}
