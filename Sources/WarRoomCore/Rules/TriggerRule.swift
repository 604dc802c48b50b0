import Foundation

/// A rollback trigger, parsed from a short rule such as `error_rate > 2% for 5m`.
///
/// The grammar is in RuleParser.swift. What a rule watches is its ``Condition``: one of the trigger kinds in
/// `Rules/Kinds/`, each a type that owns how it is read from the state, worded and told apart (``TriggerKind``).
/// Health checks are 0/1 metrics named `health.<name>` (1 = pass); a rule names them in full
/// (`health.ready fails 3 consecutive`), so a rule matches its samples by name like any other.
public struct TriggerRule: Sendable, Codable, Hashable, Identifiable {
    /// What a threshold rule compares the metric against.
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

    /// The condition a trigger watches: one case per trigger kind. Code that needs every kind switches over it
    /// (``kind``), so a new kind is one file in `Rules/Kinds/` plus its grammar, and the compiler finds the rest.
    public enum Condition: Sendable, Hashable {
        /// `metric > threshold for 5m`, optionally of an aggregate.
        case threshold(ThresholdTrigger)
        /// `health.ready fails 3 consecutive`.
        case failureStreak(FailureStreakTrigger)
        /// `judge score < 75 for 5m`.
        case judgeScore(JudgeScoreTrigger)
        /// `judge fails 2 consecutive`.
        case judgeStreak(JudgeStreakTrigger)
        /// `burn_rate(checkout, 1h, 5m) > 14.4`.
        case burnRate(BurnRateTrigger)

        /// The kind that owns this condition's reading and words.
        public var kind: any TriggerKind {
            switch self {
            case .threshold(let kind): kind
            case .failureStreak(let kind): kind
            case .judgeScore(let kind): kind
            case .judgeStreak(let kind): kind
            case .burnRate(let kind): kind
            }
        }

        /// `metric > threshold` (or `<`) held for `window` seconds; a zero window fires at once.
        public static func compare(metric: String, comparison: Bound.Comparison, threshold: Threshold, window: TimeInterval) -> Condition {
            .threshold(ThresholdTrigger(metric: metric, comparison: comparison, threshold: threshold, window: window))
        }

        /// A health check (the 0/1 metric `check`, prefix kept) whose newest `count` results all failed.
        public static func consecutiveFailures(check: String, count: Int) -> Condition {
            .failureStreak(FailureStreakTrigger(check: check, count: count))
        }
    }

    /// The rule as written in the plan; also its identity in the journal.
    public var text: String
    public var condition: Condition
    /// When set, a threshold rule reads this summary of the metric's trailing samples instead of its latest value.
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

    public var kind: any TriggerKind { condition.kind }

    /// What the rule is about: the metric (or health check series) it reads, `judge`, or an objective's name.
    public var metric: String { kind.subject }

    /// How long the condition must hold before firing.
    public var window: TimeInterval { kind.window }
}

extension TriggerRule.Condition: Codable {
    /// The journal's spelling: `compare` and `consecutiveFailures` as journals have always held them.
    private enum Key: String, CodingKey {
        case compare, consecutiveFailures, judgeScore, judgeStreak, burnRate
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        guard let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a trigger with no condition"))
        }
        switch key {
        case .compare: self = .threshold(try container.decode(ThresholdTrigger.self, forKey: key))
        case .consecutiveFailures: self = .failureStreak(try container.decode(FailureStreakTrigger.self, forKey: key))
        case .judgeScore: self = .judgeScore(try container.decode(JudgeScoreTrigger.self, forKey: key))
        case .judgeStreak: self = .judgeStreak(try container.decode(JudgeStreakTrigger.self, forKey: key))
        case .burnRate: self = .burnRate(try container.decode(BurnRateTrigger.self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .threshold(let kind): try container.encode(kind, forKey: .compare)
        case .failureStreak(let kind): try container.encode(kind, forKey: .consecutiveFailures)
        case .judgeScore(let kind): try container.encode(kind, forKey: .judgeScore)
        case .judgeStreak(let kind): try container.encode(kind, forKey: .judgeStreak)
        case .burnRate(let kind): try container.encode(kind, forKey: .burnRate)
        }
    }
}

/// A rule that does not parse, with the 1-based column of the token at fault.
public struct RuleSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var column: Int

    public var description: String { "column \(column): \(message)" }
}
