import Foundation

/// A rollback trigger, parsed from a short rule such as `error_rate > 2% for 5m`.
public struct TriggerRule: Sendable, Codable, Hashable, Identifiable {
    /// What the condition compares the metric against.
    public enum Threshold: Sendable, Codable, Hashable {
        /// A fixed value (`2%`, `400ms`); `unit` is what the rule wrote, checked against the metric's.
        case value(Double, unit: MetricUnit)
        /// A multiple of the metric's baseline (`2x baseline`).
        case timesBaseline(Double)
    }

    /// The condition a trigger watches.
    public enum Condition: Sendable, Codable, Hashable {
        /// `metric > threshold` (or `<`) held for `window` seconds; a zero window fires at once.
        case compare(metric: String, comparison: Bound.Comparison, threshold: Threshold, window: TimeInterval)
        /// A health check (a 0/1 metric) failing this many times in a row.
        case consecutiveFailures(check: String, count: Int)
    }

    /// The rule as written in the plan; also its identity in the journal.
    public var text: String
    public var condition: Condition

    public var id: String { text }

    public init(text: String, condition: Condition) {
        self.text = text
        self.condition = condition
    }

    /// Parses a rule; throws ``RuleSyntaxError`` naming the column of the offending token.
    public init(parsing text: String) throws(RuleSyntaxError) {
        self.text = text
        var parser = RuleParser(text)
        self.condition = try parser.parse()
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
