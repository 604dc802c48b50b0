import Foundation

/// A metric's two series for the canary judge: the canary's and the baseline's (the stable version's), each the name
/// of the series its samples are journaled under, and how they arrive.
public struct MetricCohorts: Sendable, Codable, Hashable {
    /// One cohort's series.
    public struct Side: Sendable, Codable, Hashable {
        /// The name its samples carry in the journal: a field of the metric's source, another metric of the plan, or
        /// `<metric>:canary` / `<metric>:baseline` for a Prometheus query.
        public var series: String
        /// A PromQL query for a metric read from Prometheus; nil when the series arrives like any other sample.
        public var query: String?

        public init(series: String, query: String? = nil) {
            self.series = series
            self.query = query
        }
    }

    public var canary: Side
    public var baseline: Side

    public init(canary: Side, baseline: Side) {
        self.canary = canary
        self.baseline = baseline
    }

    /// The series name a Prometheus query of one cohort is journaled under.
    public static func querySeries(of metric: String, cohort: JudgedCohort) -> String { "\(metric):\(cohort.rawValue)" }
}

/// The two sides the judge compares.
public enum JudgedCohort: String, Sendable, Codable, Hashable, CaseIterable {
    case canary, baseline
}

/// How the judge treats one metric: which way is bad, how far from the baseline is tolerated, whether a failure sinks
/// the whole score, and its weight in it (Kayenta's per-metric settings).
public struct MetricJudging: Sendable, Codable, Hashable {
    /// Which change is a failure.
    public enum Direction: String, Sendable, Codable, Hashable, CaseIterable {
        /// A higher canary is bad (latency, errors); a lower one passes.
        case increase
        /// A lower canary is bad (throughput, success rate); a higher one passes.
        case decrease
        /// Any change beyond the tolerance is bad.
        case either
    }

    /// Which test compares the two cohorts.
    public enum Test: String, Sendable, Codable, Hashable, CaseIterable {
        /// Counts when every value is a whole number and most are zero (sparse error counts), ranks otherwise.
        case auto
        /// Mann-Whitney with the Hodges-Lehmann shift.
        case rank
        /// Two Poisson rates: the cohorts' totals over their numbers of intervals.
        case counts
    }

    public var direction: Direction
    /// The change tolerated, as a fraction of the baseline's level (0.1: ten percent of the baseline's median).
    public var tolerance: Double
    /// A critical metric that fails makes the whole score 0.
    public var critical: Bool
    /// Its weight in the score; metrics sharing a `group` share their group's weight (the first one's).
    public var weight: Double
    /// Metrics in one group count together, as Kayenta's groups do; nil: a group of its own.
    public var group: String?
    public var test: Test

    public init(direction: Direction = .increase, tolerance: Double = 0.1, critical: Bool = false, weight: Double = 1,
                group: String? = nil, test: Test = .auto) {
        self.direction = direction
        self.tolerance = tolerance
        self.critical = critical
        self.weight = weight
        self.group = group
        self.test = test
    }
}

/// The plan's `judge:` settings: the window both cohorts are compared over, how sure the judge must be, the score
/// thresholds, the fewest samples a side before any verdict, and how often a judgement is made.
public struct JudgeSettings: Sendable, Codable, Hashable {
    /// The trailing span of samples compared.
    public var window: TimeInterval
    /// The confidence of the shift's interval (0.98: the interval holds the true shift 98 times in 100).
    public var confidence: Double
    /// Scores at or above `pass` PASS, at or above `marginal` are MARGINAL, below FAIL.
    public var pass: Double
    public var marginal: Double
    /// Fewer samples than this on either side is NO DATA.
    public var minSamples: Int
    /// How often the judge judges: on this grid from T0 (or from the epoch before it), so every war room, a restart
    /// and a backtest judge at the same instants.
    public var every: TimeInterval

    public static let standard = JudgeSettings()

    public init(window: TimeInterval = 600, confidence: Double = 0.98, pass: Double = 95, marginal: Double = 75,
                minSamples: Int = 20, every: TimeInterval = 60) {
        self.window = window
        self.confidence = confidence
        self.pass = pass
        self.marginal = marginal
        self.minSamples = minSamples
        self.every = every
    }
}
