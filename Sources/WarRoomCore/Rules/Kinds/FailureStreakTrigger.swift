import Foundation

/// `health.ready fails 3 consecutive`: a health check (its 0/1 series, `health.` kept) whose newest `count` results
/// all failed. Pending from the first failure, firing at the one that completes the count, never on a time.
public struct FailureStreakTrigger: TriggerKind {
    public var check: String
    public var count: Int

    public init(check: String, count: Int) {
        self.check = check
        self.count = count
    }

    public var subject: String { check }
    public var sampleSeries: String? { check }
    public var window: TimeInterval { 0 }
    public var requiredCount: Int? { count }
    public var shape: String { "\(check) fails" }

    /// Failures since the last pass, counted from the series, so reading again on the clock counts nothing twice.
    public func failures(in state: AppState) -> Int {
        state.series[check].map(AppState.trailingFailures) ?? 0
    }

    public func reading(of rule: TriggerRule, in state: AppState, at time: Date) -> TriggerReading? {
        guard let latest = state.series[check]?.latest else { return nil }
        let failures = failures(in: state)
        return TriggerReading(value: latest.value, holds: failures > 0, consecutive: failures)
    }

    public func comparison(of rule: TriggerRule, in state: AppState) -> String {
        "\(failures(in: state)) consecutive failures so far"
    }

    public func shortReading(of rule: TriggerRule, in state: AppState) -> String? {
        let failures = failures(in: state)
        return "\(failures) failure\(failures == 1 ? "" : "s") in a row"
    }

    public func format(_ value: Double, in plan: Plan) -> String { value >= 0.5 ? "pass" : "fail" }
}
