import Foundation

/// A service level objective: the share of events that must be good over a period, from two event counts the plan's
/// sources report (good or bad, and total, sampled on the same ticks: counts per interval, or rates).
public struct SLOSpec: Sendable, Codable, Hashable, Identifiable {
    /// Where one cohort's events come from.
    public struct Events: Sendable, Codable, Hashable {
        /// Good events, or bad ones when `countsBad`.
        public var good: String
        public var countsBad: Bool
        public var total: String
        /// Where the counts are asked for when they are PromQL queries (an objective imported from OpenSLO, or one
        /// with `source:`): the Prometheus source, and the queries journaled as `good` and `total`. Nil when the
        /// series arrive like any other sample.
        public var source: String?
        public var goodQuery: String?
        public var totalQuery: String?

        public init(good: String, countsBad: Bool = false, total: String, source: String? = nil, goodQuery: String? = nil,
                    totalQuery: String? = nil) {
            self.good = good
            self.countsBad = countsBad
            self.total = total
            self.source = source
            self.goodQuery = goodQuery
            self.totalQuery = totalQuery
        }

        /// The series name a query of one objective's events is journaled under: `checkout:good`,
        /// `checkout:canary:total`.
        public static func querySeries(of slo: String, cohort: SLOCohort, _ part: String) -> String {
            cohort == .all ? "\(slo):\(part)" : "\(slo):\(cohort.rawValue):\(part)"
        }

        public var series: [String] { [good, total] }
    }

    public var name: String
    /// The share of good events promised, 0.999 for 99.9%.
    public var objective: Double
    /// The span the objective is promised over (the error budget's period).
    public var period: TimeInterval
    /// All the service's events.
    public var events: Events
    /// The canary's and the baseline's events, when the release tells them apart.
    public var canary: Events?
    public var baseline: Events?
    /// The share of the period's budget left when the release started (1: the whole budget).
    public var budgetAtStart: Double
    public var description: String?

    public var id: String { name }

    public init(name: String, objective: Double, period: TimeInterval = 28 * 86_400, events: Events, canary: Events? = nil,
                baseline: Events? = nil, budgetAtStart: Double = 1, description: String? = nil) {
        self.name = name
        self.objective = objective
        self.period = period
        self.events = events
        self.canary = canary
        self.baseline = baseline
        self.budgetAtStart = budgetAtStart
        self.description = description
    }

    /// The share of events allowed to be bad.
    public var errorBudget: Double { 1 - objective }

    /// The cohorts measured: all events, then the canary and the baseline where the plan names them.
    public var ledgers: [(cohort: SLOCohort, events: Events)] {
        [(.all, events)] + (canary.map { [(.canary, $0)] } ?? []) + (baseline.map { [(.baseline, $0)] } ?? [])
    }

    /// The cohort a burn-rate trigger watches: the canary's when the plan tells the cohorts apart (what this release
    /// changed), all events otherwise.
    public var watchedCohort: SLOCohort { canary == nil ? .all : .canary }

    /// Every series the objective reads.
    public var series: [String] { ledgers.flatMap(\.events.series) }
}

/// Whose events an SLO ledger counts.
public enum SLOCohort: String, Sendable, Codable, Hashable, CaseIterable {
    case all, canary, baseline
}
