import Foundation
import WarRoomCore

/// The JSON exports' `canary`: every judgement the judge journaled (without its verdicts), the last one whole, with
/// each verdict's evidence, and each objective's budget used and worst burn rates from the ledgers at the end, as the
/// post-mortems tell them, so a tool need not fold the samples again.
struct ExportedCanary: Codable, Hashable {
    struct Judged: Codable, Hashable {
        /// The grid instant judged.
        var at: Date
        var journaledAt: Date
        var occasion: JudgementOccasion
        var outcome: Judgement.Outcome
        var score: Double
        var why: String
        var failStreak: Int
    }

    struct Objective: Codable, Hashable {
        var name: String
        var objective: Double
        /// Seconds.
        var period: TimeInterval
        var cohorts: [Cohort]
    }

    struct Cohort: Codable, Hashable {
        var cohort: SLOCohort
        /// The share of the period's budget used from T0 to the end; absent without events.
        var budgetUsed: Double?
        var burnRateSinceStart: Double?
        /// The fastest burns over 5 minutes and an hour, and when each window ended; absent without events.
        var worstShortRate: Double?
        var worstShortAt: Date?
        var worstHourRate: Double?
        var worstHourAt: Date?
    }

    var judgements: [Judged]
    /// The last judgement journaled, with every verdict and its numbers.
    var last: Judgement?
    var objectives: [Objective]

    /// The canary analysis of `stored`, or nil for a release that judged no canary and kept no objective. Only the
    /// entries that concern it are folded: the samples only when the plan keeps objectives.
    init?(plan: Plan, stored: [StoredEntry], end: Date?) {
        let keepsObjectives = !plan.slos.isEmpty
        let entries = stored.compactMap { stored in stored.entry.event.concernsCanary(samples: keepsObjectives) ? stored.entry : nil }
        var state = AppState(plan: plan, session: "export", now: Date(timeIntervalSince1970: 0))
        state.resume(from: entries)
        let last = stored.last?.entry.time ?? Date(timeIntervalSince1970: 0)
        self.init(CanaryReport(state: state, entries: entries, end: max(end ?? last, last)))
    }

    init?(_ report: CanaryReport) {
        guard !report.isEmpty else { return nil }
        judgements = report.judgements.map { judged in
            let judgement = judged.judgement
            return Judged(at: judgement.at, journaledAt: judged.journaledAt, occasion: judged.occasion, outcome: judgement.outcome,
                          score: judgement.score, why: judgement.why, failStreak: judgement.failStreak)
        }
        last = report.last?.judgement
        objectives = report.objectives.map { objective in
            Objective(name: objective.slo.name, objective: objective.slo.objective, period: objective.slo.period,
                      cohorts: objective.cohorts.map { cohort in
                          Cohort(cohort: cohort.cohort, budgetUsed: cohort.budgetUsed, burnRateSinceStart: cohort.sinceStart,
                                 worstShortRate: cohort.worstShort?.rate, worstShortAt: cohort.worstShort?.at,
                                 worstHourRate: cohort.worstHour?.rate, worstHourAt: cohort.worstHour?.at)
                      })
        }
    }
}

extension JournalEvent {
    /// Whether folding this event can change what the canary analysis says: judgements, T0 and the plan, and the
    /// samples that feed the objectives' ledgers.
    fileprivate func concernsCanary(samples: Bool) -> Bool {
        switch self {
        case .judged, .releaseStarted, .planAmended: true
        case .samplesRecorded: samples
        case .sessionAttached, .sessionDetached, .sessionGone, .evaluatorChanged, .logLines, .updatePosted, .noticeQueued,
             .noticeSending, .noticeDelivered, .sourceReported, .stagePromoted, .rolledBack, .checklistTicked, .checklistUnticked,
             .decisionRecorded, .triggerPending, .triggerFiring, .triggerResolved, .triggerAcknowledged, .note, .sourceFailed,
             .sourceRecovered, .commandStarted, .commandRun, .rollbackStepMarked, .exportMade, .controllerRead,
             .controllerActionRequested, .controllerActionStarted, .controllerActionRun, .controllerChangeObserved: false
        }
    }
}
