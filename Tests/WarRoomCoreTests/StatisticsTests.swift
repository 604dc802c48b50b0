import Foundation
import Testing
import WarRoomTestSupport
@testable import WarRoomCore

/// The statistics against scipy itself: each test builds its cases (seeded random ones and the adversarial ones the
/// canary judge must survive), runs `scripts/scipy-reference` once on all of them, and compares every number.
///
/// Tolerances, relative (|a − b| ≤ tolerance · max(|a|, |b|)):
/// - U, the Hodges-Lehmann shift and Bauer's interval: 1e-9. They are order statistics and sums of half-integers, so
///   they should agree to the bit; the slack only forgives a last-bit difference in a mean of two middle values.
/// - p-values: 1e-7. Mann-Whitney's is the same closed formula on both sides (about 1e-14 apart in practice), but the
///   binomial test's pmf comes from log-gamma here and from Boost there, and a term whose pmf sits at the edge of
///   scipy's 1 + 1e-7 allowance could be counted on one side only; Levene's goes through an F tail computed two ways.
/// - Levene's statistic: 1e-9, plus 1e-12 absolute: it is a ratio of sums of squared deviations, which cancel when
///   the spreads are nearly equal, and numpy sums pairwise where this sums in order.
/// - The rate ratio's interval: 1e-9 against scipy's own `beta.ppf`/`beta.isf` (the exact Clopper-Pearson ends), and
///   against `proportion_ci(method="exact")` only as far as its `brentq` goes, 2e-12 + 4·eps·q on the proportion q.
/// - The distributions: 1e-14 for the normal's functions (1e-12 for the cdf beyond 5 standard deviations, where erfc
///   magnifies the rounding of z/√2 by 2z²/2 on both sides), 1e-11 for the incomplete beta and what rests on it (its
///   log-gamma prefactor loses up to ~1e-12 for parameters in the hundreds).
///
/// Deliberate differences from scipy, checked as such: Levene's 0/0 (no deviation differs from any other) is
/// statistic 0 and p 1 here, NaN in scipy. (Not compared: below z = −37.5 scipy's normal cdf is 0 where glibc's erfc
/// still gives the subnormal value, 2.9e-316 at −38.)
@Suite struct StatisticsScipyTests {
    @Test(.timeLimit(.minutes(1))) func distributionsMatchScipy() throws {
        let normalPoints: [Double] = [-37, -30, -12.5, -8, -5, -3, -1.959963984540054, -1, -0.3, 0, 1e-9, 0.5, 1, 2.5, 4, 7, 9]
        let quantilePoints: [Double] = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2,
                                        0.3, 0.075, 0.4, 0.425, 0.45, 0.5, 0.55, 0.575, 0.6, 0.8, 0.9, 0.95, 0.975,
                                        0.98, 0.99, 0.995, 0.999, 1 - 1e-6, 1 - 1e-10, 1 - 1e-15]
        let betaPoints: [[Double]] = [
            [0.3, 2, 5], [0.9, 0.5, 10], [0.01, 100, 3], [0.5, 500, 500], [0.2, 0.5, 0.5], [0.999, 3, 7],
            [0.5, 1, 1], [1e-10, 0.5, 0.5], [0.75, 50, 20], [0.99, 0.5, 49], [0.02, 1, 200], [0.6, 7, 4],
            [0.05, 3, 997], [0.995, 998, 2], [0.4, 250.5, 0.5],
        ]
        let fPoints: [[Double]] = [
            [0, 1, 10], [0.001, 1, 38], [0.5, 1, 38], [1, 1, 2], [3.84, 1, 998], [10, 1, 18], [100, 1, 58],
            [1e4, 1, 998], [2.5, 3, 7], [0.2, 1, 1],
        ]
        let binomialPoints: [[Double]] = [
            [3, 10, 0.3], [0, 5, 0.25], [5, 5, 0.25], [17, 40, 0.25], [0, 200, 0.01], [150, 400, 0.4],
            [2, 9, 0.75], [500, 1000, 0.5], [1, 3, 0.999],
        ]
        let binomialTails = binomialPoints.filter { $0[0] < $0[1] }
        let json = """
            [{"normalCDF": \(list(normalPoints)), "normalQuantile": \(list(quantilePoints)), \
            "beta": [\(betaPoints.map(list).joined(separator: ","))], \
            "fSurvival": [\(fPoints.map(list).joined(separator: ","))], \
            "binomialPMF": [\(binomialPoints.map(list).joined(separator: ","))], \
            "binomialCDF": [\(binomialTails.map(list).joined(separator: ","))], \
            "binomialSurvival": [\(binomialTails.map(list).joined(separator: ","))]}]
            """
        let reference = try ScipyReference.run(json)[0]
        let cdf = try ScipyReference.numbers(reference, "normalCDF")
        for (z, expected) in zip(normalPoints, cdf) {
            let actual = Distributions.normalCDF(z)
            // Far out, erfc's relative sensitivity to its argument is 2x², and z/√2 rounds: both sides lose digits.
            let tolerance = abs(z) < 5 ? 1e-14 : 1e-12
            #expect(close(actual, expected, tolerance), "normalCDF(\(z)) = \(actual), scipy \(expected)")
        }
        let quantiles = try ScipyReference.numbers(reference, "normalQuantile")
        for (p, expected) in zip(quantilePoints, quantiles) {
            let actual = Distributions.normalQuantile(p)
            #expect(close(actual, expected, 1e-14), "normalQuantile(\(p)) = \(actual), scipy \(expected)")
        }
        for (point, expected) in zip(betaPoints, try ScipyReference.numbers(reference, "beta")) {
            let actual = Distributions.regularizedIncompleteBeta(point[0], a: point[1], b: point[2])
            #expect(close(actual, expected, 1e-11), "I_\(point[0])(\(point[1]), \(point[2])) = \(actual), scipy \(expected)")
        }
        for (point, expected) in zip(fPoints, try ScipyReference.numbers(reference, "fSurvival")) {
            let actual = Distributions.fSurvival(point[0], d1: point[1], d2: point[2])
            #expect(close(actual, expected, 1e-11), "fSurvival\(point) = \(actual), scipy \(expected)")
        }
        for (point, expected) in zip(binomialPoints, try ScipyReference.numbers(reference, "binomialPMF")) {
            let actual = Distributions.binomialPMF(Int(point[0]), n: Int(point[1]), p: point[2])
            #expect(close(actual, expected, 1e-11), "binomialPMF\(point) = \(actual), scipy \(expected)")
        }
        for (point, expected) in zip(binomialTails, try ScipyReference.numbers(reference, "binomialCDF")) {
            let actual = Distributions.binomialCDF(Int(point[0]), n: Int(point[1]), p: point[2])
            #expect(close(actual, expected, 1e-11), "binomialCDF\(point) = \(actual), scipy \(expected)")
        }
        for (point, expected) in zip(binomialTails, try ScipyReference.numbers(reference, "binomialSurvival")) {
            let actual = Distributions.binomialSurvival(Int(point[0]), n: Int(point[1]), p: point[2])
            #expect(close(actual, expected, 1e-11), "binomialSurvival\(point) = \(actual), scipy \(expected)")
        }
        // The beta quantile inverts the incomplete beta to the last bit or two.
        for point in betaPoints {
            let probability = Distributions.regularizedIncompleteBeta(point[0], a: point[1], b: point[2])
            guard probability > 0, probability < 1 else { continue }
            let x = Distributions.betaQuantile(probability, a: point[1], b: point[2])
            let back = Distributions.regularizedIncompleteBeta(x, a: point[1], b: point[2])
            #expect(close(back, probability, 1e-12), "betaQuantile(\(probability), \(point[1]), \(point[2])) = \(x)")
        }
    }

    @Test(.timeLimit(.minutes(1))) func rankSumAndSpreadMatchScipy() throws {
        var random = SeededRandom(label: "statistics rank-sum and spread")
        var cases = SampleCase.adversarial(using: &random)
        for _ in 0..<120 { cases.append(.random(using: &random)) }
        let results = try ScipyReference.run("[" + cases.map(\.json).joined(separator: ",") + "]")
        #expect(results.count == cases.count)
        var worst: [String: Double] = [:]
        defer { report(worst, "rank-sum") }
        for (index, (sample, reference)) in zip(cases, results).enumerated() {
            let label = "case \(index) (\(sample.name), seed \(random.seed))"
            let test = try #require(RankSumTest(canary: sample.canary, baseline: sample.baseline, confidence: sample.confidence), "\(label)")
            try expectClose(test.u, reference, "u", 1e-9, label, &worst)
            try expectClose(test.pValue, reference, "p", 1e-7, label, &worst)
            try expectClose(test.shift, reference, "shift", 1e-9, label, &worst)
            try expectClose(test.interval.lowerBound, reference, "lower", 1e-9, label, &worst)
            try expectClose(test.interval.upperBound, reference, "upper", 1e-9, label, &worst)
            let exceedance = try #require(ExceedanceTest(canary: sample.canary, baseline: sample.baseline), "\(label)")
            #expect(Double(exceedance.above) == (try ScipyReference.number(reference, "above")), "\(label)")
            #expect(Double(exceedance.below) == (try ScipyReference.number(reference, "below")), "\(label)")
            try expectClose(exceedance.pAbove, reference, "pAbove", 1e-12, label, &worst)
            try expectClose(exceedance.pBelow, reference, "pBelow", 1e-12, label, &worst)
            guard sample.canary.count >= 2, sample.baseline.count >= 2 else {
                #expect(SpreadTest(canary: sample.canary, baseline: sample.baseline) == nil, "\(label)")
                continue
            }
            let spread = try #require(SpreadTest(canary: sample.canary, baseline: sample.baseline), "\(label)")
            let statistic = try ScipyReference.number(reference, "leveneStatistic")
            if statistic.isNaN {
                // scipy's 0/0; ours is "no evidence": statistic 0, p 1.
                #expect(spread.statistic == 0 && spread.pValue == 1, "\(label): \(spread)")
            } else {
                #expect(close(spread.statistic, statistic, 1e-9, absolute: 1e-12),
                        "\(label): Levene statistic \(spread.statistic), scipy \(statistic)")
                try expectClose(spread.pValue, reference, "leveneP", 1e-7, label, &worst)
                if spread.statistic != statistic, statistic != 0 {
                    worst["leveneStatistic"] = max(worst["leveneStatistic"] ?? 0, abs(spread.statistic - statistic) / abs(statistic))
                }
            }
        }
    }

    @Test(.timeLimit(.minutes(1))) func poissonRatesMatchScipy() throws {
        var random = SeededRandom(label: "statistics Poisson rates")
        var cases: [CountCase] = [
            // Sparse error counts, 0, 1 or 2 an interval: the judge's blind spot.
            CountCase(canaryCount: 7, canaryExposure: 10, baselineCount: 6, baselineExposure: 30, confidence: 0.95),
            CountCase(canaryCount: 2, canaryExposure: 10, baselineCount: 0, baselineExposure: 30, confidence: 0.95),
            CountCase(canaryCount: 0, canaryExposure: 10, baselineCount: 3, baselineExposure: 30, confidence: 0.95),
            CountCase(canaryCount: 1, canaryExposure: 5, baselineCount: 1, baselineExposure: 5, confidence: 0.9),
            CountCase(canaryCount: 0, canaryExposure: 10, baselineCount: 0, baselineExposure: 30, confidence: 0.95),
            CountCase(canaryCount: 1, canaryExposure: 1, baselineCount: 0, baselineExposure: 1, confidence: 0.99),
            CountCase(canaryCount: 12, canaryExposure: 20, baselineCount: 12, baselineExposure: 20, confidence: 0.98),
            CountCase(canaryCount: 40, canaryExposure: 10, baselineCount: 10, baselineExposure: 40, confidence: 0.999),
            CountCase(canaryCount: 300, canaryExposure: 7.5, baselineCount: 900, baselineExposure: 22.5, confidence: 0.95),
            CountCase(canaryCount: 1, canaryExposure: 0.001, baselineCount: 5000, baselineExposure: 1000, confidence: 0.95),
        ]
        for _ in 0..<80 {
            let canaryExposure = Double(Int.random(in: 1...60, using: &random))
            let baselineExposure = Double(Int.random(in: 1...120, using: &random))
            let rate = Double.random(in: 0...3, using: &random)
            let change = [0.5, 1, 1, 2, 5].randomElement(using: &random)!
            cases.append(CountCase(
                canaryCount: poisson(rate * change * canaryExposure, using: &random), canaryExposure: canaryExposure,
                baselineCount: poisson(rate * baselineExposure, using: &random), baselineExposure: baselineExposure,
                confidence: [0.8, 0.9, 0.95, 0.98, 0.99].randomElement(using: &random)!))
        }
        let results = try ScipyReference.run("[" + cases.map(\.json).joined(separator: ",") + "]")
        #expect(results.count == cases.count)
        var worst: [String: Double] = [:]
        defer { report(worst, "Poisson") }
        for (index, (count, reference)) in zip(cases, results).enumerated() {
            let label = "case \(index) (\(count.canaryCount)/\(count.canaryExposure) vs \(count.baselineCount)/\(count.baselineExposure), seed \(random.seed))"
            let test = try #require(PoissonRateTest(canaryCount: count.canaryCount, canaryExposure: count.canaryExposure,
                                                    baselineCount: count.baselineCount, baselineExposure: count.baselineExposure,
                                                    confidence: count.confidence), "\(label)")
            try expectClose(test.pValue, reference, "p", 1e-7, label, &worst)
            try expectClose(test.interval.lowerBound, reference, "betaLower", 1e-9, label, &worst)
            try expectClose(test.interval.upperBound, reference, "betaUpper", 1e-9, label, &worst)
            // scipy's own exact interval, as far as brentq takes it: compared as proportions.
            let scale = count.baselineExposure / count.canaryExposure
            for (actual, key) in [(test.interval.lowerBound, "lower"), (test.interval.upperBound, "upper")] {
                let expected = try ScipyReference.number(reference, key)
                let ours = proportion(actual, scale: scale)
                let theirs = proportion(expected, scale: scale)
                #expect(abs(ours - theirs) <= 2e-12 + 4 * Double.ulpOfOne * theirs,
                        "\(label): \(key) \(actual) (proportion \(ours)), scipy \(expected) (\(theirs))")
            }
            if count.baselineCount == 0 {
                #expect(test.rateRatio == nil, "\(label)")
            } else {
                let ratio = Double(count.canaryCount) / count.canaryExposure / (Double(count.baselineCount) / count.baselineExposure)
                let ours = try #require(test.rateRatio)
                #expect(close(ours, ratio, 1e-12), "\(label): rate ratio \(ours), expected \(ratio)")
            }
        }
    }
}

/// The statistics on their own: brute force, edges and refusals.
@Suite struct StatisticsTests {
    @Test func rankSumSelectionEqualsSortingEveryDifference() throws {
        var random = SeededRandom(label: "statistics brute force")
        let shapes: [(String, (inout SeededRandom) -> Double)] = [
            ("normal", { normal(100, 5, using: &$0) }),
            ("ties", { (normal(10, 3, using: &$0)).rounded() }),
            ("heavy tail", { exp(normal(0, 2, using: &$0)) }),
        ]
        for (name, draw) in shapes {
            let canary = (0..<500).map { _ in draw(&random) + 1.5 }
            let baseline = (0..<500).map { _ in draw(&random) }
            try expectBruteForce(canary, baseline, confidence: 0.95, "500 a side, \(name), seed \(random.seed)")
        }
        // Every small shape, odd and even n·m.
        for n in 1...7 {
            for m in 1...7 {
                let canary = (0..<n).map { _ in Double(Int.random(in: 0...4, using: &random)) }
                let baseline = (0..<m).map { _ in Double.random(in: -2...6, using: &random) }
                for confidence in [0.5, 0.9, 0.99] {
                    try expectBruteForce(canary, baseline, confidence: confidence, "\(n)×\(m), seed \(random.seed)")
                }
            }
        }
    }

    @Test func refusals() {
        #expect(RankSumTest(canary: [], baseline: [1], confidence: 0.95) == nil)
        #expect(RankSumTest(canary: [1], baseline: [], confidence: 0.95) == nil)
        #expect(RankSumTest(canary: [1, .nan], baseline: [1], confidence: 0.95) == nil)
        #expect(RankSumTest(canary: [1], baseline: [.infinity], confidence: 0.95) == nil)
        #expect(RankSumTest(canary: [1], baseline: [2], confidence: 1) == nil)
        #expect(SpreadTest(canary: [1], baseline: [1, 2]) == nil)
        #expect(SpreadTest(canary: [1, 2], baseline: [1, -.infinity]) == nil)
        #expect(PoissonRateTest(canaryCount: -1, canaryExposure: 1, baselineCount: 0, baselineExposure: 1, confidence: 0.95) == nil)
        #expect(PoissonRateTest(canaryCount: 1, canaryExposure: 0, baselineCount: 0, baselineExposure: 1, confidence: 0.95) == nil)
        #expect(PoissonRateTest(canaryCount: 1, canaryExposure: 1, baselineCount: 0, baselineExposure: .infinity, confidence: 0.95) == nil)
    }

    @Test func edges() throws {
        let tied = try #require(RankSumTest(canary: [3, 3, 3], baseline: [3, 3, 3, 3], confidence: 0.95))
        #expect(tied.pValue == 1 && tied.shift == 0 && tied.interval == 0...0 && tied.commonLanguage == 0.5)
        let flat = try #require(SpreadTest(canary: [5, 5], baseline: [7, 7, 7]))
        #expect(flat.statistic == 0 && flat.pValue == 1 && flat.ratio == 1)
        let wider = try #require(SpreadTest(canary: [4, 6], baseline: [7, 7, 7]))
        #expect(wider.ratio == .infinity && wider.statistic == .infinity && wider.pValue == 0)
        let none = try #require(PoissonRateTest(canaryCount: 0, canaryExposure: 3, baselineCount: 0, baselineExposure: 9, confidence: 0.95))
        #expect(none.pValue == 1 && none.rateRatio == nil && none.interval == 0...Double.infinity)
        #expect(Distributions.normalQuantile(0) == -.infinity && Distributions.normalQuantile(1) == .infinity)
        #expect(Distributions.normalQuantile(1.5).isNaN)
        #expect(Distributions.fSurvival(0, d1: 1, d2: 5) == 1)
    }

    /// The shift and interval against every difference sorted, to the bit.
    private func expectBruteForce(_ canary: [Double], _ baseline: [Double], confidence: Double, _ label: String) throws {
        let test = try #require(RankSumTest(canary: canary, baseline: baseline, confidence: confidence))
        var differences: [Double] = []
        differences.reserveCapacity(canary.count * baseline.count)
        for x in canary { for y in baseline { differences.append(x - y) } }
        differences.sort()
        let count = differences.count
        let median = count % 2 == 1 ? differences[count / 2] : (differences[count / 2 - 1] + differences[count / 2]) / 2
        #expect(test.shift == median, "\(label): shift \(test.shift), sorted \(median)")
        let z = Distributions.normalQuantile(1 - (1 - confidence) / 2)
        let reach = Double(count) / 2 - z * (Double(count) * Double(canary.count + baseline.count + 1) / 12).squareRoot()
        let k = max(0, Int(reach.rounded(.down)))
        #expect(test.interval == differences[k]...differences[count - k - 1], "\(label): interval \(test.interval)")
    }
}

// MARK: - Cases

/// Two samples for the rank-sum and spread tests.
private struct SampleCase {
    var name: String
    var canary: [Double]
    var baseline: [Double]
    var confidence: Double

    var json: String { #"{"canary": \#(list(canary)), "baseline": \#(list(baseline)), "confidence": \#(confidence)}"# }

    static func random(using random: inout SeededRandom) -> SampleCase {
        let n = Int.random(in: 1...(Bool.random(using: &random) ? 12 : 250), using: &random)
        let m = Int.random(in: 1...(Bool.random(using: &random) ? 12 : 250), using: &random)
        let shift = [0, 0, 0.5, 3, -2].randomElement(using: &random)!
        let spread = [1, 1, 2, 0.5].randomElement(using: &random)!
        let rounded = Bool.random(using: &random)
        func draw(_ centre: Double, _ scale: Double, _ random: inout SeededRandom) -> Double {
            let value = normal(centre, scale, using: &random)
            return rounded ? value.rounded() : value
        }
        return SampleCase(
            name: "random \(n)×\(m)\(rounded ? ", ties" : "")",
            canary: (0..<n).map { _ in draw(50 + shift, 4 * spread, &random) },
            baseline: (0..<m).map { _ in draw(50, 4, &random) },
            confidence: [0.8, 0.9, 0.95, 0.98, 0.99].randomElement(using: &random)!)
    }

    static func adversarial(using random: inout SeededRandom) -> [SampleCase] {
        let baseline = (0..<20).map { _ in normal(100, 5, using: &random) }
        // 14 of 20 canary points at 100 times a baseline value: the median moves, but the judge once missed it.
        let outliers = (0..<20).map { index in index < 14 ? 100 * normal(100, 5, using: &random) : normal(100, 5, using: &random) }
        let sparseCanary = (0..<10).map { _ in Double(Int.random(in: 0...2, using: &random)) }
        let sparseBaseline = (0..<30).map { _ in Double([0, 0, 0, 1, 1, 2].randomElement(using: &random)!) }
        return [
            SampleCase(name: "all ties", canary: [3, 3, 3], baseline: [3, 3, 3, 3], confidence: 0.95),
            SampleCase(name: "constant canary", canary: Array(repeating: 5, count: 10),
                       baseline: (0..<15).map { _ in normal(5, 1, using: &random) }, confidence: 0.95),
            SampleCase(name: "constant baseline", canary: (0..<12).map { _ in normal(6, 2, using: &random) },
                       baseline: Array(repeating: 6, count: 8), confidence: 0.9),
            SampleCase(name: "both constant, apart", canary: [2, 2, 2], baseline: [9, 9], confidence: 0.95),
            SampleCase(name: "1×1", canary: [1], baseline: [2], confidence: 0.95),
            SampleCase(name: "1×2", canary: [4], baseline: [2, 9], confidence: 0.95),
            SampleCase(name: "2×1", canary: [4, -1], baseline: [2], confidence: 0.95),
            SampleCase(name: "2×2", canary: [4, 7], baseline: [2, 3], confidence: 0.8),
            SampleCase(name: "2×2 tied", canary: [2, 3], baseline: [2, 3], confidence: 0.99),
            SampleCase(name: "huge magnitudes", canary: (0..<25).map { _ in 1e15 + Double(Int.random(in: -50...50, using: &random)) },
                       baseline: (0..<30).map { _ in 1e15 + Double(Int.random(in: -40...60, using: &random)) }, confidence: 0.95),
            SampleCase(name: "±1e15", canary: (0..<9).map { _ in Bool.random(using: &random) ? 1e15 : -1e15 },
                       baseline: (0..<11).map { _ in Double.random(in: -1e15...1e15, using: &random) }, confidence: 0.95),
            SampleCase(name: "negative", canary: (0..<40).map { _ in normal(-300, 20, using: &random) },
                       baseline: (0..<35).map { _ in normal(-310, 20, using: &random) }, confidence: 0.98),
            SampleCase(name: "14 of 20 at 100×", canary: outliers, baseline: baseline, confidence: 0.95),
            SampleCase(name: "same median, 5× spread", canary: (0..<20).map { _ in normal(100, 25, using: &random) },
                       baseline: baseline, confidence: 0.95),
            SampleCase(name: "sparse error counts", canary: sparseCanary, baseline: sparseBaseline, confidence: 0.95),
            SampleCase(name: "equal deviations", canary: [0, 2], baseline: [5, 7], confidence: 0.95),
        ]
    }
}

/// Two counts for the Poisson rate test.
private struct CountCase {
    var canaryCount: Int
    var canaryExposure: Double
    var baselineCount: Int
    var baselineExposure: Double
    var confidence: Double

    var json: String {
        #"{"canaryCount": \#(canaryCount), "canaryExposure": \#(canaryExposure), "baselineCount": \#(baselineCount), "# +
            #""baselineExposure": \#(baselineExposure), "confidence": \#(confidence)}"#
    }
}

// MARK: - scipy

/// Runs `scripts/scipy-reference` on a JSON list of cases and reads back its numbers.
private enum ScipyReference {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ cases: String) throws -> [[String: Any]] {
        let directory = TemporaryDirectory("scipy-reference")
        try directory.write(cases, to: "cases.json")
        let output: String
        do {
            output = try Spawn.run("/usr/bin/env", ["python3", Repository.path("scripts/scipy-reference"), directory.file("cases.json")])
        } catch {
            throw Unavailable(description: "scripts/scipy-reference failed (\(error)). These tests compare against scipy: "
                + "install python3 and then `python3 -m pip install scipy` (CI does).")
        }
        // stdout and stderr come back together; the answer is the one line that is a JSON list.
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("[") }),
              let results = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [[String: Any]] else {
            throw Unavailable(description: "scripts/scipy-reference printed no JSON list: \(output)")
        }
        return results
    }

    static func number(_ result: [String: Any], _ key: String) throws -> Double {
        guard let text = result[key] as? String, let value = Double(text) else {
            throw Unavailable(description: "scipy-reference gave no number for \(key): \(result)")
        }
        return value
    }

    static func numbers(_ result: [String: Any], _ key: String) throws -> [Double] {
        guard let texts = result[key] as? [String] else {
            throw Unavailable(description: "scipy-reference gave no list for \(key): \(result)")
        }
        return try texts.map { text in
            guard let value = Double(text) else { throw Unavailable(description: "not a number: \(text)") }
            return value
        }
    }
}

/// Expects `actual` within `tolerance` of scipy's `key`, and keeps the largest relative difference seen per key.
private func expectClose(_ actual: Double, _ reference: [String: Any], _ key: String, _ tolerance: Double, _ label: String,
                         _ worst: inout [String: Double], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let expected = try ScipyReference.number(reference, key)
    if actual.isFinite, expected.isFinite, actual != expected {
        worst[key] = max(worst[key] ?? 0, abs(actual - expected) / max(abs(actual), abs(expected)))
    }
    #expect(close(actual, expected, tolerance), "\(label): \(key) \(actual), scipy \(expected)", sourceLocation: sourceLocation)
}

private func report(_ worst: [String: Double], _ name: String) {
    let text = worst.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    print("[statistics \(name)] largest relative differences from scipy: \(text.isEmpty ? "none" : text)")
}

/// Within `relative` of each other (and `absolute`); equal infinities are close, NaN is close to nothing.
private func close(_ actual: Double, _ expected: Double, _ relative: Double, absolute: Double = 0) -> Bool {
    if actual == expected { return true }
    guard actual.isFinite, expected.isFinite else { return false }
    return abs(actual - expected) <= relative * max(abs(actual), abs(expected)) + absolute
}

/// A rate ratio back to the binomial proportion it came from.
private func proportion(_ ratio: Double, scale: Double) -> Double {
    ratio.isInfinite ? 1 : ratio / (ratio + scale)
}

/// A JSON list of numbers, each in Swift's shortest form that reads back to the same double.
private func list(_ values: [Double]) -> String {
    "[" + values.map { "\($0)" }.joined(separator: ",") + "]"
}

private func normal(_ mean: Double, _ deviation: Double, using random: inout SeededRandom) -> Double {
    let u = Double.random(in: Double.ulpOfOne..<1, using: &random)
    let v = Double.random(in: 0..<1, using: &random)
    return mean + deviation * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
}

/// A Poisson count: Knuth's product of uniforms for small means, the normal approximation for large ones.
private func poisson(_ mean: Double, using random: inout SeededRandom) -> Int {
    if mean > 30 { return max(0, Int(normal(mean, mean.squareRoot(), using: &random).rounded())) }
    let limit = exp(-mean)
    var count = 0
    var product = Double.random(in: 0..<1, using: &random)
    while product > limit {
        count += 1
        product *= Double.random(in: 0..<1, using: &random)
    }
    return count
}
