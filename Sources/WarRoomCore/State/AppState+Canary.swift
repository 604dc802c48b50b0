import Foundation

extension AppState {
    /// Works the canary judge's judgement out again when the judge's grid instant or the samples it reads moved on
    /// since the last time: on every tick, so a screen and a gate read what the evaluator judges, from the same fold,
    /// at the same instant. Cheap when nothing moved: series only grow at their newest end, so the newest sample at or
    /// before the instant in each cohort series says whether the window changed. The streak is the journal's: the
    /// last judgement journaled, carried on.
    public mutating func judgeCanary() {
        let judge = CanaryJudge(plan: plan)
        guard !judge.isEmpty else {
            canary = nil
            return
        }
        let at = judge.gridTime(at: now, t0: self.t0)
        let read = CanaryReading(at: at, newest: judge.metrics.flatMap { metric in
            [metric.cohorts?.canary.series, metric.cohorts?.baseline.series].map { name in
                name.flatMap { self.series[$0]?.points.last { $0.time <= at }?.time }
            }
        }, journaled: folded.judge.journaledAt, metrics: judge.metrics, settings: judge.settings)
        if canaryJudgedOn == read { return }
        canaryJudgedOn = read
        guard var judgement = judge.judge(self.series, at: at) else { return }
        judgement.failStreak = judgement.failStreak(after: folded.judge.latest, cap: judgeStreakCap)
        canary = judgement
    }

    /// The most FAIL judgements in a row any trigger counts (at least 1): a judge failing for an hour is not
    /// journaled every minute for its streak alone.
    var judgeStreakCap: Int {
        plan.triggers.reduce(1) { most, rule in
            switch rule.condition {
            case .judgeStreak(let kind): max(most, kind.count)
            case .threshold, .failureStreak, .judgeScore, .burnRate: most
            }
        }
    }

    /// Each objective's standing now, for every cohort it counts.
    public func standings(of slo: SLOSpec) -> [SLOStanding] {
        slo.ledgers.compactMap { cohort, _ in
            self.slos[slo.name]?[cohort].map { slo.standing(of: $0, cohort: cohort, now: now, t0: self.t0) }
        }
    }
}

/// The instant judged, each cohort series' newest sample at or before it, the newest journaled judgement (its streak)
/// and what the plan says of judging (an amendment may change it): when none of these moved, neither did the judgement.
struct CanaryReading: Sendable, Hashable {
    var at: Date
    var newest: [Date?]
    var journaled: Date?
    var metrics: [MetricSpec]
    var settings: JudgeSettings
}
