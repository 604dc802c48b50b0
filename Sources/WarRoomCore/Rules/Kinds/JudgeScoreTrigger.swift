import Foundation

/// `judge score < 75 for 5m`: the canary judge's score against a threshold, held for a window. Read on the judge's
/// grid; a judgement with too little data (NO DATA) reads nothing, so missing data never proposes a rollback.
public struct JudgeScoreTrigger: TriggerKind {
    public var comparison: Bound.Comparison
    public var score: Double
    public var window: TimeInterval

    public init(comparison: Bound.Comparison, score: Double, window: TimeInterval) {
        self.comparison = comparison
        self.score = score
        self.window = window
    }

    public static let subjectWord = "judge"

    public var subject: String { Self.subjectWord }
    public var sampleSeries: String? { nil }
    public var shape: String { "judge score \(comparison.rawValue)" }

    public func reading(of rule: TriggerRule, in state: AppState, at time: Date) -> TriggerReading? {
        guard let judgement = state.canary, judgement.outcome != .noData else { return nil }
        return TriggerReading(value: judgement.score, holds: Bound(comparison, score).isSatisfied(by: judgement.score), at: judgement.at)
    }

    public func comparison(of rule: TriggerRule, in state: AppState) -> String {
        guard let judgement = state.canary else { return "no judgement yet" }
        guard judgement.outcome != .noData else { return "judge has NO DATA (\(judgement.why))" }
        return "score \(format(judgement.score, in: state.plan)) vs \(comparison.rawValue) \(format(score, in: state.plan))"
    }

    public func shortReading(of rule: TriggerRule, in state: AppState) -> String? {
        state.canary.map { $0.outcome == .noData ? "judge NO DATA" : "score now \(format($0.score, in: state.plan))" }
    }

    public func format(_ value: Double, in plan: Plan) -> String { Judgement.formatScore(value) }
}

extension JudgeScoreTrigger {
    /// `judge score < 75 for 5m`, after `judge`.
    static func parse(_ parser: inout RuleParser) throws(RuleSyntaxError) -> TriggerRule {
        try parser.expect("score")
        let comparison = try parser.comparison()
        let score = try parser.number(expecting: "a score from 0 to 100")
        let window = try parser.optionalDuration(after: "for") ?? 0
        let armedFor = try parser.optionalDuration(after: "within")
        try parser.expectEnd(within: armedFor != nil)
        return TriggerRule(text: "", condition: .judgeScore(JudgeScoreTrigger(comparison: comparison, score: score, window: window)),
                           armedFor: armedFor)
    }
}
