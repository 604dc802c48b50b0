import Foundation

/// One judgement of the canary against the baseline: every judged metric's verdict and the score over them, made on
/// the judge's grid from the journaled samples, so every war room, a replay and a backtest reach the same one.
public struct Judgement: Sendable, Codable, Hashable {
    public enum Outcome: String, Sendable, Codable, Hashable, CaseIterable {
        case pass = "PASS"
        case marginal = "MARGINAL"
        case fail = "FAIL"
        /// At least half the metrics have too few samples: the score is 0 (as Kayenta's), but no verdict is claimed.
        case noData = "NO DATA"
    }

    /// The grid instant judged: samples in `(at − window, at]` were compared.
    public var at: Date
    /// 0 to 100, Kayenta's weighted sum: each group's share of passing metrics, weighted; 0 on a critical failure or
    /// when half the metrics have no data.
    public var score: Double
    public var outcome: Outcome
    /// Why the score is what it is, in one line.
    public var why: String
    public var verdicts: [MetricVerdict]
    /// FAIL judgements in a row ending with this one (0 unless it fails), up to the most a trigger counts.
    public var failStreak: Int

    public init(at: Date, score: Double, outcome: Outcome, why: String, verdicts: [MetricVerdict], failStreak: Int = 0) {
        self.at = at
        self.score = score
        self.outcome = outcome
        self.why = why
        self.verdicts = verdicts
        self.failStreak = failStreak
    }

    public func verdict(of metric: String) -> MetricVerdict? { verdicts.first { $0.metric == metric } }

    /// Whether `other` says something this one does not: a different outcome, score, streak or any metric's call.
    public func differs(from other: Judgement) -> Bool {
        outcome != other.outcome || score != other.score || failStreak != other.failStreak
            || verdicts.map(\.call) != other.verdicts.map(\.call) || verdicts.map(\.metric) != other.verdicts.map(\.metric)
    }

    /// FAIL judgements in a row ending with this one: one more than the last journaled when that failed on an earlier
    /// instant (the same count when it judged this very instant), up to `cap`.
    public func failStreak(after latest: Judgement?, cap: Int) -> Int {
        guard outcome == .fail else { return 0 }
        guard let latest, latest.outcome == .fail else { return 1 }
        return latest.at < at ? min(cap, latest.failStreak + 1) : latest.failStreak
    }

    /// `87`, or `87.5` when it is not whole.
    public static func formatScore(_ score: Double) -> String {
        let rounded = (score * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }
}

/// Why a judgement was journaled.
public enum JudgementOccasion: String, Sendable, Codable, Hashable {
    /// A verdict, the score or the fail streak changed.
    case changed
    /// A decision was recorded since the last one journaled.
    case decision
    /// A stage was promoted since.
    case promotion
}
