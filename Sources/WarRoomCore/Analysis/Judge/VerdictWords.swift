import Foundation

/// A verdict's reason in one line, with the numbers: what moved, how sure, against what tolerance.
struct VerdictWords {
    let unit: MetricUnit
    let tolerance: Double
    let confidence: Double

    /// `+38% (+78ms, 98% CI +61ms to +95ms; allowed ±20.5ms), p 0.0001, canary higher in 91% of pairs`
    func shift(_ test: RankSumTest, evidence: JudgeEvidence) -> String {
        let relative = evidence.baselineMedian != 0 ? AnalysisWords.signedPercent(test.shift / abs(evidence.baselineMedian)) + " " : ""
        return "\(relative)(\(signed(test.shift)), \(AnalysisWords.percent(confidence)) CI \(signed(test.interval.lowerBound)) to "
            + "\(signed(test.interval.upperBound)); allowed ±\(unit.format(evidence.allowed))), p \(AnalysisWords.p(test.pValue)), "
            + "canary higher in \(AnalysisWords.percent(test.commonLanguage)) of pairs"
    }

    /// `rate 3.1× the baseline's (98% CI 1.8× to 5.6×; allowed 1.1×), 31 vs 10 in 20 intervals each, p 0.0004`
    func rates(_ test: PoissonRateTest) -> String {
        let ratio = test.rateRatio.map { "rate \(AnalysisWords.times($0)) the baseline's" } ?? "baseline counted none"
        return "\(ratio) (\(AnalysisWords.percent(confidence)) CI \(AnalysisWords.times(test.interval.lowerBound)) to "
            + "\(AnalysisWords.times(test.interval.upperBound)); allowed \(AnalysisWords.times(1 + tolerance))), \(test.canaryCount) vs "
            + "\(test.baselineCount) in \(Int(test.canaryExposure)) and \(Int(test.baselineExposure)) intervals, p \(AnalysisWords.p(test.pValue))"
    }

    /// `7 of 10 canary values more than 10ms above every baseline value (Rosenbaum p 0.0016)`
    func exceedance(_ count: Int, of total: Int, margin: Double, p: Double, above: Bool) -> String {
        "\(count) of \(total) canary values more than \(unit.format(margin)) \(above ? "above" : "below") every baseline value "
            + "(Rosenbaum p \(AnalysisWords.p(p)))"
    }

    /// `spread 4.8× the baseline's (Brown-Forsythe p 0.0001)`
    func spread(_ test: SpreadTest) -> String {
        "spread \(AnalysisWords.times(test.ratio)) the baseline's (Brown-Forsythe p \(AnalysisWords.p(test.pValue)))"
    }

    private func signed(_ value: Double) -> String { unit.formatSigned(value) }

}
