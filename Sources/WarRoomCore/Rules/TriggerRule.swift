import Foundation

/// A rollback trigger, parsed from a short rule such as `error_rate > 2% for 5m`.
///
/// The grammar is in RuleParser.swift. Health checks are 0/1 metrics named `health.<name>` (1 = pass);
/// a rule names them in full (`health.ready fails 3 consecutive`) and `metric` keeps the prefix,
/// so a rule matches its samples by name like any other.
public struct TriggerRule: Sendable, Codable, Hashable, Identifiable {
    /// What the condition compares the metric against.
    public enum Threshold: Sendable, Codable, Hashable {
        /// A fixed value (`2%`, `400ms`); `unit` is what the rule wrote, checked against the metric's.
        case value(Double, unit: MetricUnit)
        /// A multiple of the metric's baseline (`2x baseline`).
        case timesBaseline(Double)
        /// The baseline moved by a signed percentage of itself: `baseline - 10%` is `.baselineOffset(percent: -10)`,
        /// i.e. baseline × 0.9 (relative, not ten percentage points).
        case baselineOffset(percent: Double)
        /// A multiple of another metric's latest value (`2x stable_errors`): the canary's pods against the stable
        /// ones. No judgement while that metric has no fresh value.
        case timesMetric(Double, metric: String)
    }

    /// The condition a trigger watches.
    public enum Condition: Sendable, Codable, Hashable {
        /// `metric > threshold` (or `<`) held for `window` seconds; a zero window fires at once.
        case compare(metric: String, comparison: Bound.Comparison, threshold: Threshold, window: TimeInterval)
        /// A health check (the 0/1 metric `check`, prefix kept) whose newest `count` results all failed.
        case consecutiveFailures(check: String, count: Int)
    }

    /// The rule as written in the plan; also its identity in the journal.
    public var text: String
    public var condition: Condition
    /// When set, `.compare` reads this summary of the metric's trailing samples instead of its latest value.
    public var aggregate: Aggregate?
    /// `within D`: the rule can fire only in [T0, T0 + D]; after that it is closed for the rest of the release.
    public var armedFor: TimeInterval?

    public var id: String { text }

    public init(text: String, condition: Condition, aggregate: Aggregate? = nil, armedFor: TimeInterval? = nil) {
        self.text = text
        self.condition = condition
        self.aggregate = aggregate
        self.armedFor = armedFor
    }

    /// Parses a rule; throws ``RuleSyntaxError`` naming the column of the offending token.
    public init(parsing text: String) throws(RuleSyntaxError) {
        var parser = RuleParser(text)
        self = try parser.parse()
        self.text = text
    }

    /// The metric (or health check) this rule reads.
    public var metric: String {
        switch condition {
        case .compare(let metric, _, _, _): metric
        case .consecutiveFailures(let check, _): check
        }
    }

    /// How long the condition must hold before firing.
    public var window: TimeInterval {
        if case .compare(_, _, _, let window) = condition { return window }
        return 0
    }
}

/// A rule that does not parse, with the 1-based column of the token at fault.
public struct RuleSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var column: Int

    public var description: String { "column \(column): \(message)" }
}
