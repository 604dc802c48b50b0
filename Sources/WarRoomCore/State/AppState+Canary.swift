import Foundation

extension AppState {
    /// Works the canary judge's judgement out again when the fold or the judge's grid instant moved on since the last
    /// time: the runtime calls it before drawing, so a screen shows what the evaluator judges, from the same fold, at
    /// the same instant. The streak is the journal's: the last judgement journaled, carried on.
    public mutating func judgeCanary() {
        let judge = CanaryJudge(plan: plan)
        guard !judge.isEmpty else {
            canary = nil
            return
        }
        let at = judge.gridTime(at: now, t0: self.t0)
        if let judged = canaryJudgedOn, judged.seq == folded.journalSeq, judged.at == at { return }
        canaryJudgedOn = (folded.journalSeq, at)
        guard var judgement = judge.judge(self.series, at: at) else { return }
        let latest = folded.judge.latest
        if let latest, latest.at == at, !judgement.differs(from: latest) || latest.failStreak > 0 {
            judgement.failStreak = latest.failStreak
        } else if judgement.outcome == .fail {
            judgement.failStreak = latest.map { $0.outcome == .fail ? $0.failStreak + ($0.at < at ? 1 : 0) : 1 } ?? 1
        }
        canary = judgement
    }

    /// Each objective's standing now, for every cohort it counts.
    public func standings(of slo: SLOSpec) -> [SLOStanding] {
        slo.ledgers.compactMap { cohort, _ in
            self.slos[slo.name]?[cohort].map { slo.standing(of: $0, cohort: cohort, now: now, t0: self.t0) }
        }
    }
}
