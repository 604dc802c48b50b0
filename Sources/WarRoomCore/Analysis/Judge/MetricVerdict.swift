import Foundation

/// The judge's call on one metric: PASS, HIGH, LOW or NO DATA, with its reason in one line and the numbers behind it.
public struct MetricVerdict: Sendable, Codable, Hashable, Identifiable {
    public enum Call: String, Sendable, Codable, Hashable, CaseIterable {
        case pass = "PASS"
        /// The canary is higher than the baseline, at the judge's confidence, and by more than the tolerance (the
        /// Hodges-Lehmann estimate beyond it; for counts, the whole interval of the rate ratio), or it spreads wider.
        case high = "HIGH"
        case low = "LOW"
        /// Too few samples on a side to say anything.
        case noData = "NO DATA"
    }

    public var metric: String
    public var call: Call
    /// A call that counts against the score: HIGH where an increase is bad, LOW where a decrease is.
    public var fails: Bool
    public var critical: Bool
    /// Why, in one line, with the numbers.
    public var reason: String
    public var evidence: JudgeEvidence?

    public var id: String { metric }

    public init(metric: String, call: Call, fails: Bool, critical: Bool, reason: String, evidence: JudgeEvidence? = nil) {
        self.metric = metric
        self.call = call
        self.fails = fails
        self.critical = critical
        self.reason = reason
        self.evidence = evidence
    }
}

/// The numbers a verdict rests on, kept whole so an explanation, a replay and the post-mortem can show them.
public struct JudgeEvidence: Sendable, Codable, Hashable {
    /// Which test compared the cohorts.
    public enum Comparison: Sendable, Codable, Hashable {
        case rank(RankSumTest)
        case counts(PoissonRateTest)
    }

    public var canarySamples: Int
    public var baselineSamples: Int
    public var canaryMedian: Double
    public var baselineMedian: Double
    public var canaryMean: Double
    public var baselineMean: Double
    /// The change tolerated, in the metric's unit (the tolerance times the baseline's level).
    public var allowed: Double
    public var comparison: Comparison
    /// The change in spread; nil for counts, or with too few values.
    public var spread: SpreadTest?
    /// Canary values beyond every baseline value; nil for counts.
    public var exceedance: ExceedanceTest?

    /// The canary's mean over the baseline's; nil when the baseline's mean is 0.
    public var meanRatio: Double? { baselineMean == 0 ? nil : canaryMean / baselineMean }

    /// The p-value of the test that compared the levels.
    public var pValue: Double {
        switch comparison {
        case .rank(let test): test.pValue
        case .counts(let test): test.pValue
        }
    }
}
