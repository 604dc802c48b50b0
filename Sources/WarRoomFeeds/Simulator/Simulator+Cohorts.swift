import Foundation
import WarRoomCore

/// The canary's and the stable version's own series, for the canary judge and the objectives' ledgers.
///
/// In the regression scenario the canary alone goes bad: first a drift well inside the thresholds (from
/// ``Simulator/canaryDriftStart``), which the judge sees because it compares the two versions, then the climb every
/// regressing metric makes (from ``Simulator/regressionStart``). The stable version stays healthy throughout.
extension Simulator {
    /// When the canary starts drifting worse, well before the thresholds' triggers could fire.
    public static let canaryDriftStart: TimeInterval = 10 * 60
    static let canaryDriftRamp: TimeInterval = 2 * 60
    /// How much worse the drift makes the canary: half as high again, or a quarter lower.
    static let canaryDrift = 0.5
    /// The service's requests per second, and the canary's share of them.
    static let requestRate = 1200.0, canaryShare = 0.05
    /// The share of requests that fail: normally, and at the canary's worst.
    static let normalFailures = 0.0004, canaryFailuresAtWorst = 0.03

    /// How far the canary's drift has gone at `slot`, from 0 to 1, eased.
    func canaryDrift(slot: Int) -> Double {
        guard scenario == .regression else { return 0 }
        let fraction = min(max((Double(slot) * Self.sampleInterval - Self.canaryDriftStart) / Self.canaryDriftRamp, 0), 1)
        return fraction * fraction * (3 - 2 * fraction)
    }

    /// The cohort series that no metric of the plan writes: sides named as series (not queries, not other metrics),
    /// then each objective's good (or bad) and total counts, per cohort.
    func cohortSamples(slot: Int) -> [MetricSample] {
        let time = slotTime(slot)
        let written = Set(metrics.map(\.name))
        var samples: [MetricSample] = []
        for metric in metrics {
            guard let cohorts = metric.cohorts else { continue }
            for (cohort, side) in [(JudgedCohort.canary, cohorts.canary), (.baseline, cohorts.baseline)]
            where side.query == nil && !written.contains(side.series) {
                samples.append(MetricSample(name: side.series, value: cohortValue(of: metric, cohort: cohort, slot: slot), time: time))
            }
        }
        for slo in slos {
            let counts = requests(slot: slot, stream: Noise.hash(slo.name))
            for (cohort, events) in slo.ledgers where events.goodQuery == nil {
                let (total, failed) = switch cohort {
                case .all: (counts.canary.total + counts.stable.total, counts.canary.failed + counts.stable.failed)
                case .canary: counts.canary
                case .baseline: counts.stable
                }
                samples.append(MetricSample(name: events.good, value: events.countsBad ? failed : total - failed, time: time))
                samples.append(MetricSample(name: events.total, value: total, time: time))
            }
        }
        return samples
    }

    /// One version's value of a metric: its normal level with a little independent noise; the canary's worse by its
    /// drift, then by the regression, for the metrics that regress.
    func cohortValue(of metric: MetricSpec, cohort: JudgedCohort, slot: Int) -> Double {
        let level = Self.normalLevel(of: metric)
        let stream = Noise.hash(metric.name + ":" + cohort.rawValue)
        // Mostly a golden-ratio sequence: it looks random, yet spreads evenly over any window, so two healthy versions
        // show the same level and spread and the demo's judge does not cry wolf on chance alone.
        let phase = noise.unit(stream, 0, 5)
        let turn = Double(slot) * 0.618_033_988_749_895 + phase
        let even = 2 * (turn - turn.rounded(.down)) - 1
        let healthy = level * (1 + 0.03 * even + 0.004 * noise.signed(stream, slot, 2))
        guard cohort == .canary, Self.regresses(metric) else { return healthy }
        let drift = Self.canaryDrift * canaryDrift(slot: slot)
        let drifted = metric.lowerIsBetter ? healthy * (1 + drift) : healthy * (1 - drift / 2)
        let progress = regressionProgress(slot: slot)
        return drifted + (badLevel(of: metric) - drifted) * progress
    }

    /// Requests (per second, over the slot) and how many of them failed, for each version.
    func requests(slot: Int, stream: UInt64) -> (canary: (total: Double, failed: Double), stable: (total: Double, failed: Double)) {
        let rate = Self.requestRate * (1 + 0.02 * noise.signed(stream, slot, 3))
        let canaryTotal = rate * Self.canaryShare, stableTotal = rate - canaryTotal
        let worse = max(canaryDrift(slot: slot) * 0.3, regressionProgress(slot: slot))
        let canaryFailures = Self.normalFailures + (Self.canaryFailuresAtWorst - Self.normalFailures) * worse
        let jitter = 1 + 0.2 * noise.signed(stream, slot, 4)
        return ((canaryTotal, canaryTotal * canaryFailures * jitter), (stableTotal, stableTotal * Self.normalFailures * jitter))
    }
}
