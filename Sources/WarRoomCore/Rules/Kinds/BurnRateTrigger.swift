import Foundation

/// `burn_rate(checkout, 1h, 5m) > 14.4`: an objective's error budget burning faster than `rate` times the pace that
/// spends it exactly over its period, over both a long window and a short one (the SRE workbook's multiwindow
/// alert: the long window proves it matters, the short one that it is still happening). With cohorts, the canary's.
public struct BurnRateTrigger: TriggerKind {
    public var slo: String
    public var longWindow: TimeInterval
    public var shortWindow: TimeInterval
    public var comparison: Bound.Comparison
    public var rate: Double
    public var window: TimeInterval

    public init(slo: String, longWindow: TimeInterval, shortWindow: TimeInterval, comparison: Bound.Comparison, rate: Double,
                window: TimeInterval = 0) {
        self.slo = slo
        self.longWindow = longWindow
        self.shortWindow = shortWindow
        self.comparison = comparison
        self.rate = rate
        self.window = window
    }

    public var subject: String { slo }
    public var sampleSeries: String? { nil }
    public var shape: String { "burn_rate(\(slo), \(DurationText.formatPlan(longWindow)), \(DurationText.formatPlan(shortWindow))) \(comparison.rawValue)" }

    /// Both windows' burn rates at `time`, of the cohort the rule watches, each as spent over its whole window (a
    /// window only partly covered by events counts the rest as clean); nil without events in either.
    public func rates(in state: AppState, at time: Date) -> (long: Double, short: Double)? {
        guard let spec = state.plan.slo(named: slo), let ledger = state.slos[slo]?[spec.watchedCohort],
              let long = ledger.burnRate(over: longWindow, at: time, objective: spec.objective, spentOverWholeWindow: true),
              let short = ledger.burnRate(over: shortWindow, at: time, objective: spec.objective, spentOverWholeWindow: true)
        else { return nil }
        return (long, short)
    }

    /// Both windows must hold; the value journaled is the one nearer to not holding (for `>`, the smaller).
    public func reading(of rule: TriggerRule, in state: AppState, at time: Date) -> TriggerReading? {
        guard let (long, short) = rates(in: state, at: time) else { return nil }
        let bound = Bound(comparison, rate)
        let value = comparison == .above || comparison == .atLeast ? min(long, short) : max(long, short)
        return TriggerReading(value: value, holds: bound.isSatisfied(by: long) && bound.isSatisfied(by: short))
    }

    public func comparison(of rule: TriggerRule, in state: AppState) -> String {
        guard let (long, short) = rates(in: state, at: state.now) else { return "no events in its windows yet" }
        let cohort = state.plan.slo(named: slo)?.watchedCohort == .canary ? "canary " : ""
        var words = "\(cohort)burn rate \(format(long, in: state.plan)) over \(DurationText.formatPlan(longWindow)) and "
            + "\(format(short, in: state.plan)) over \(DurationText.formatPlan(shortWindow)) vs \(comparison.rawValue) \(format(rate, in: state.plan))"
        // Say so when a window was partly without events: its rate then differs from the one measured over the events.
        if let spec = state.plan.slo(named: slo), let ledger = state.slos[slo]?[spec.watchedCohort],
           let measured = ledger.burnRate(over: longWindow, at: state.now, objective: spec.objective), measured > long * 1.001 {
            words += " (time without events counted clean; \(format(measured, in: state.plan)) while there were)"
        }
        return words
    }

    public func shortReading(of rule: TriggerRule, in state: AppState) -> String? {
        rates(in: state, at: state.now).map { "now \(format($0.long, in: state.plan)) / \(format($0.short, in: state.plan))" }
    }

    public func format(_ value: Double, in plan: Plan) -> String { BurnLedger.formatRate(value) }
}

extension BurnRateTrigger {
    /// The rule's function word.
    public static let function = "burn_rate"

    /// `burn_rate(checkout, 1h, 5m) > 14.4`, after `burn_rate`.
    static func parse(_ parser: inout RuleParser) throws(RuleSyntaxError) -> TriggerRule {
        try parser.expect("(")
        let slo = try parser.metricName().text
        try parser.expect(",")
        let long = try parser.duration(after: "the objective's name")
        try parser.expect(",")
        let short = try parser.duration(after: "the long window")
        try parser.expect(")")
        let comparison = try parser.comparison()
        let rate = try parser.number(expecting: "a burn rate such as 14.4", suffix: "x")
        let window = try parser.optionalDuration(after: "for") ?? 0
        let armedFor = try parser.optionalDuration(after: "within")
        try parser.expectEnd(within: armedFor != nil)
        let kind = BurnRateTrigger(slo: slo, longWindow: long, shortWindow: short, comparison: comparison, rate: rate, window: window)
        return TriggerRule(text: "", condition: .burnRate(kind), armedFor: armedFor)
    }
}
