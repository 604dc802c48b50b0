import Foundation

/// `judge fails 2 consecutive`: the canary judge's last `count` judgements (one each `every` of the plan's `judge:`)
/// all FAIL. Pending from the first, firing at the one that completes the count.
public struct JudgeStreakTrigger: TriggerKind {
    public var count: Int

    public init(count: Int) {
        self.count = count
    }

    public var subject: String { JudgeScoreTrigger.subjectWord }
    public var sampleSeries: String? { nil }
    public var window: TimeInterval { 0 }
    public var requiredCount: Int? { count }
    public var shape: String { "judge fails" }

    public func reading(of rule: TriggerRule, in state: AppState, at time: Date) -> TriggerReading? {
        guard let judgement = state.canary, judgement.outcome != .noData else { return nil }
        let streak = judgement.outcome == .fail ? judgement.failStreak : 0
        return TriggerReading(value: judgement.score, holds: streak > 0, consecutive: streak, at: judgement.at)
    }

    public func comparison(of rule: TriggerRule, in state: AppState) -> String {
        guard let judgement = state.canary else { return "no judgement yet" }
        let streak = judgement.outcome == .fail ? judgement.failStreak : 0
        return "\(streak) failing judgement\(streak == 1 ? "" : "s") in a row (score \(Judgement.formatScore(judgement.score)), \(judgement.outcome.rawValue))"
    }

    public func shortReading(of rule: TriggerRule, in state: AppState) -> String? {
        guard let judgement = state.canary else { return nil }
        let streak = judgement.outcome == .fail ? judgement.failStreak : 0
        return "\(streak) of \(count) judgements FAIL"
    }

    public func format(_ value: Double, in plan: Plan) -> String { "score " + Judgement.formatScore(value) }
}

extension JudgeStreakTrigger {
    /// `judge fails 2 consecutive`, after `judge`.
    static func parse(_ parser: inout RuleParser) throws(RuleSyntaxError) -> TriggerRule {
        try parser.expect("fails")
        let count = try parser.count(expecting: "a count of failing judgements")
        try parser.expect("consecutive")
        let armedFor = try parser.optionalDuration(after: "within")
        try parser.expectEnd(within: armedFor != nil)
        return TriggerRule(text: "", condition: .judgeStreak(JudgeStreakTrigger(count: count)), armedFor: armedFor)
    }
}
