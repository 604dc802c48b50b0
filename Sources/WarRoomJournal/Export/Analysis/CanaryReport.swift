import Foundation
import WarRoomCore

/// The canary analysis as every export tells it, from the journal alone: each judgement the evaluator journaled, the
/// last one's verdicts with the numbers behind them, and each objective's budget and worst burn rates from the fold's
/// ledgers at the end.
struct CanaryReport {
    /// A judgement as journaled: when, and why then.
    struct Judged {
        var judgement: Judgement
        var occasion: JudgementOccasion
        var journaledAt: Date
    }

    /// One objective's standing at the end, per cohort it counts.
    struct Objective {
        var slo: SLOSpec
        var cohorts: [Cohort]
    }

    struct Cohort {
        var cohort: SLOCohort
        /// The share of the period's budget this release used, from T0 to the end; nil without events.
        var budgetUsed: Double?
        /// The highest burn rates over 5 minutes and over an hour, ending at any 10-second bucket the ledger kept.
        var worstShort: Worst?
        var worstHour: Worst?
        /// Since T0.
        var sinceStart: Double?
    }

    struct Worst {
        var rate: Double
        /// The end of the window that burned fastest.
        var at: Date
    }

    /// In the order journaled.
    let judgements: [Judged]
    let objectives: [Objective]
    /// Whether the plan judges a metric at all (as amended by the end).
    let judges: Bool

    init(state: AppState, entries: [JournalEntry], end: Date) {
        var judgements: [Judged] = []
        for entry in entries {
            guard case .judged(let judgement, let occasion) = entry.event else { continue }
            judgements.append(Judged(judgement: judgement, occasion: occasion, journaledAt: entry.time))
        }
        self.judgements = judgements
        judges = !state.plan.judgedMetrics.isEmpty
        objectives = state.plan.slos.map { slo in
            Objective(slo: slo, cohorts: slo.ledgers.compactMap { cohort, _ in
                state.slos[slo.name]?[cohort].map { Self.cohort($0, cohort, slo: slo, t0: state.t0, end: end) }
            })
        }
    }

    var isEmpty: Bool { judgements.isEmpty && objectives.isEmpty && !judges }

    var last: Judged? { judgements.last }

    /// The first judgement journaled with this outcome.
    func first(_ outcome: Judgement.Outcome) -> Judged? { judgements.first { $0.judgement.outcome == outcome } }

    private static func cohort(_ ledger: BurnLedger, _ cohort: SLOCohort, slo: SLOSpec, t0: Date?, end: Date) -> Cohort {
        let standing = slo.standing(of: ledger, cohort: cohort, now: end, t0: t0)
        return Cohort(cohort: cohort, budgetUsed: standing.budgetUsed, worstShort: worst(ledger, over: 300, slo: slo),
                      worstHour: worst(ledger, over: 3600, slo: slo), sinceStart: ledger.burnRateSinceStart(objective: slo.objective))
    }

    /// The fastest burn over `window` ending at each bucket kept (the first the earliest, on a tie): one pass, the
    /// window's sums carried along as it slides, so a day of buckets costs a day, not a day squared.
    private static func worst(_ ledger: BurnLedger, over window: TimeInterval, slo: SLOSpec) -> Worst? {
        let buckets = Array(ledger.buckets.filter(\.isPaired))
        let span = Int64((window / Double(BurnLedger.width)).rounded(.up))
        var worst: Worst?
        var events = 0.0, total = 0.0, oldest = 0
        for bucket in buckets {
            events += bucket.events
            total += bucket.total
            while buckets[oldest].index <= bucket.index - span {
                events -= buckets[oldest].events
                total -= buckets[oldest].total
                oldest += 1
            }
            guard total > 0, slo.objective < 1 else { continue }
            let bad = min(total, max(0, ledger.countsBad ? events : total - events))
            let rate = bad / total / (1 - slo.objective)
            if rate > (worst?.rate ?? -1) {
                worst = Worst(rate: rate, at: Date(timeIntervalSince1970: Double((bucket.index + 1) * BurnLedger.width)))
            }
        }
        return worst
    }
}

/// The canary section's words, shared by the Markdown and the HTML so they cannot disagree; each format escapes them.
extension PostMortem {
    /// `14 judgements journaled; first FAIL at T+11m00s (14:11:00 UTC); the last FAIL, score 0`.
    var canaryDescription: String {
        let canary = self.canary
        guard canary.judges || !canary.judgements.isEmpty else {
            return canary.objectives.isEmpty ? "no metric was judged" : "no metric was judged; \(objectivesDescription)"
        }
        guard let last = canary.last else { return "the judge journaled no judgement" }
        let count = canary.judgements.count
        var text = "\(count) judgement\(count == 1 ? "" : "s") journaled"
        if let fail = canary.first(.fail) { text += "; first FAIL at \(when(fail.judgement.at))" } else { text += "; never FAIL" }
        text += "; the last \(last.judgement.outcome.rawValue), score \(Judgement.formatScore(last.judgement.score))"
        return canary.objectives.isEmpty ? text : text + "; " + objectivesDescription
    }

    /// `1 objective, checkout: 3.1% of the budget used`.
    private var objectivesDescription: String {
        let parts = canary.objectives.map { objective in
            let used = objective.cohorts.first { $0.cohort == .all }?.budgetUsed
            return objective.slo.name + (used.map { ": \(AnalysisWords.share($0)) of the budget used" } ?? ": no events")
        }
        return "\(parts.count) objective\(parts.count == 1 ? "" : "s"), " + parts.joined(separator: "; ")
    }

    /// `T+11m00s (14:11:00 UTC), changed`, `score 0, 2 FAILs in a row` and why.
    func judgementWords(_ judged: CanaryReport.Judged) -> (heading: String, score: String, why: String) {
        let judgement = judged.judgement
        var heading = "\(when(judgement.at)), \(judged.occasion.words)"
        if judged.journaledAt != judgement.at { heading += " (journaled \(offset(judged.journaledAt)))" }
        var score = "score \(Judgement.formatScore(judgement.score))"
        if judgement.failStreak > 1 { score += ", \(judgement.failStreak) FAILs in a row" }
        return (heading, score, judgement.why)
    }

    /// A verdict's numbers, one phrase each, as `e` explains them on screen.
    func verdictFigures(_ verdict: MetricVerdict) -> [String] {
        guard let evidence = verdict.evidence else { return [] }
        let unit = plan.metric(named: verdict.metric)?.unit ?? .count
        var figures = ["\(evidence.canarySamples) canary and \(evidence.baselineSamples) baseline samples",
                       "median \(unit.format(evidence.canaryMedian)) vs \(unit.format(evidence.baselineMedian))"]
        switch evidence.comparison {
        case .rank(let test):
            figures.append("shift \(unit.formatSigned(test.shift)) (\(AnalysisWords.percent(test.confidence)) CI \(unit.formatSigned(test.interval.lowerBound)) "
                + "to \(unit.formatSigned(test.interval.upperBound)); allowed ±\(unit.format(evidence.allowed)))")
            figures.append("p \(AnalysisWords.p(test.pValue))")
            figures.append("canary higher in \(AnalysisWords.percent(test.commonLanguage)) of pairs")
        case .counts(let test):
            let ratio = test.rateRatio.map { "rate \(AnalysisWords.times($0)) the baseline's" } ?? "baseline counted none"
            figures.append("\(ratio) (\(AnalysisWords.percent(test.confidence)) CI \(AnalysisWords.times(test.interval.lowerBound)) to "
                + "\(AnalysisWords.times(test.interval.upperBound))), \(test.canaryCount) vs \(test.baselineCount) counted")
            figures.append("p \(AnalysisWords.p(test.pValue))")
        }
        if let ratio = evidence.meanRatio { figures.append("mean ratio \(AnalysisWords.times(ratio))") }
        if let spread = evidence.spread {
            figures.append("spread \(AnalysisWords.times(spread.ratio)) the baseline's (Brown-Forsythe p \(AnalysisWords.p(spread.pValue)))")
        }
        return figures
    }

    /// `budget used 3.1%; worst 5m burn 20.1× at T+14m10s; worst 1h burn 15.2× at T+59m50s; since T0 16.3×`.
    func burnWords(_ cohort: CanaryReport.Cohort) -> String {
        var parts = ["budget used " + (cohort.budgetUsed.map(AnalysisWords.share) ?? "—")]
        if let worst = cohort.worstShort { parts.append("worst 5m burn \(BurnLedger.formatRate(worst.rate)) to \(offset(worst.at))") }
        if let worst = cohort.worstHour { parts.append("worst 1h burn \(BurnLedger.formatRate(worst.rate)) to \(offset(worst.at))") }
        if let since = cohort.sinceStart { parts.append("since T0 \(BurnLedger.formatRate(since))") }
        return parts.joined(separator: "; ")
    }

    /// `99.9% over 28d`.
    func objectiveWords(_ slo: SLOSpec) -> String {
        "\(AnalysisWords.percent(slo.objective)) over \(DurationText.formatPlan(slo.period))"
            + (slo.budgetAtStart < 1 ? ", \(AnalysisWords.percent(slo.budgetAtStart)) of the budget left at T0" : "")
    }

}

extension JudgementOccasion {
    /// `changed`, `after a decision`.
    var words: String {
        switch self {
        case .changed: "changed"
        case .decision: "after a decision"
        case .promotion: "after a promotion"
        }
    }
}
