import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomPlan

/// `warroom-bench judge`: times the canary judge on the runtime's own path — `AppState.judgeCanary()` on a state
/// folded from a journaled batch of samples — with eight judged metrics of 500 samples a side in the judge's window,
/// and writes the samples and every verdict's figures so `scripts/bench-judge` can have scipy do the same work on
/// the same samples and check both agree.
struct JudgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "judge",
        abstract: "Time the canary judge (ms per metric per evaluation) on seeded cohorts of 500 samples a side.",
        discussion: """
        Writes the samples (--data) and the verdicts' figures (--results) as JSON for a reference to read. The \
        figure is the best round's mean: a busy moment slows a round, not the code.
        """
    )

    @Option(help: "Samples per side in the judge's window.")
    var points = 500

    @Option(help: "Evaluations per round.")
    var evaluations = 20

    @Option(help: "Rounds; the figure is the fastest round's mean.")
    var rounds = 15

    @Option(help: "The samples' seed.")
    var seed: UInt64 = 19

    @Option(help: "Where to write the samples, as JSON.")
    var data: String?

    @Option(help: "Where to write each metric's figures, as JSON.")
    var results: String?

    func validate() throws {
        guard (20...1000).contains(points) else { throw ValidationError("--points must be 20–1000 (the judge's window holds one a second)") }
        guard evaluations > 0, rounds > 0 else { throw ValidationError("--evaluations and --rounds must be above 0") }
    }

    func run() throws {
        let cohorts = Self.shapes.map { $0.cohorts(points: points, seed: seed) }
        let plan: Plan
        do {
            plan = try PlanLoader.load(text: Self.planText(Self.shapes), file: "judge-bench.yaml")
        } catch {
            throw ValidationError("the benchmark's own plan does not load: \(error.description)")
        }
        // The judge's grid instant, and one sample a second up to it: all of them inside its window.
        let at = Date(timeIntervalSince1970: 1_796_558_400)  // 2026-12-06 12:00:00 UTC, on the minute grid
        var samples: [MetricSample] = []
        for (shape, cohort) in zip(Self.shapes, cohorts) {
            for (side, values) in [("canary", cohort.canary), ("stable", cohort.baseline)] {
                for (index, value) in values.enumerated() {
                    samples.append(MetricSample(name: "\(shape.name)_\(side)", value: value,
                                                time: at.addingTimeInterval(Double(index - values.count + 1))))
                }
            }
        }
        var state = AppState(plan: plan, session: "bench", now: at)
        _ = state.apply(.recorded(JournalEntry(seq: 1, time: at, actor: "warroom", session: "bench",
                                               event: .samplesRecorded(SampleBatch(samples: samples)))))
        guard state.canary == nil else { throw ValidationError("the folded state was judged before the timing") }

        // Each evaluation judges a copy of the folded state, as the runtime's turn does once the fold has moved.
        let clock = ContinuousClock()
        var best = Duration.seconds(1_000_000)
        var judgement: Judgement?
        for _ in 0..<rounds {
            let start = clock.now
            for _ in 0..<evaluations {
                var turn = state
                turn.judgeCanary()
                judgement = turn.canary
            }
            best = min(best, clock.now - start)
        }
        guard let judgement, judgement.verdicts.count == Self.shapes.count else {
            throw ValidationError("the judge gave no judgement for \(Self.shapes.count) metrics")
        }
        let metrics = Double(judgement.verdicts.count)
        let perMetric = best / .milliseconds(1) / Double(evaluations) / metrics

        // The judge alone, without the state around it, for comparison.
        let judge = CanaryJudge(plan: plan)
        var bare = Duration.seconds(1_000_000)
        for _ in 0..<rounds {
            let start = clock.now
            for _ in 0..<evaluations { _ = judge.judge(state.series, at: at) }
            bare = min(bare, clock.now - start)
        }

        let figures = judgement.verdicts.map(Figures.init)
        print("\(judgement.verdicts.count) judged metrics, \(points) samples a side in a \(DurationText.formatPlan(plan.judge.window)) "
              + "window, seed \(seed): \(judgement.outcome.rawValue) \(Judgement.formatScore(judgement.score)) (\(judgement.why))")
        for figure in figures { print(figure.line) }
        print(String(format: "judgeCanary: %.4f ms per metric per evaluation (%.3f ms per evaluation of %ld metrics; best of %ld rounds of %ld)",
                     perMetric, perMetric * metrics, judgement.verdicts.count, rounds, evaluations))
        print(String(format: "CanaryJudge.judge alone: %.4f ms per metric per evaluation",
                     bare / .milliseconds(1) / Double(evaluations) / metrics))

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        if let data {
            let written = BenchData(confidence: plan.judge.confidence, metrics: zip(Self.shapes, cohorts).map { shape, cohort in
                BenchData.Metric(name: shape.name, test: shape.test.rawValue, tolerance: shape.tolerance,
                                 canary: cohort.canary, baseline: cohort.baseline)
            })
            try encoder.encode(written).write(to: URL(fileURLWithPath: data))
        }
        if let results {
            try encoder.encode(BenchResults(msPerMetric: perMetric, metrics: figures)).write(to: URL(fileURLWithPath: results))
        }
    }

    // MARK: The metrics

    /// One judged metric and how its two sides are drawn.
    struct Shape {
        enum Draw {
            case normal(mean: Double, sd: Double)
            /// Whole numbers: many ties.
            case rounded(mean: Double, sd: Double)
            /// Mostly normal, with `share` of the values at `far`.
            case farOff(mean: Double, sd: Double, share: Double, far: Double)
            case poisson(rate: Double)
        }

        var name: String
        var yaml: String
        var test: MetricJudging.Test = .auto
        var tolerance = 0.10
        var canary: Draw
        var baseline: Draw

        func cohorts(points: Int, seed: UInt64) -> (canary: [Double], baseline: [Double]) {
            // Each metric draws from its own seed, so adding one leaves the others' samples as they were.
            var random = SplitMix64(seed: seed &+ UInt64(truncatingIfNeeded: name.utf8.reduce(0) { $0 &* 31 &+ Int($1) }))
            let canary = (0..<points).map { _ in Self.draw(self.canary, &random) }
            let baseline = (0..<points).map { _ in Self.draw(self.baseline, &random) }
            return (canary, baseline)
        }

        static func draw(_ draw: Draw, _ random: inout SplitMix64) -> Double {
            switch draw {
            case .normal(let mean, let sd):
                return ((mean + sd * normal(&random)) * 1000).rounded() / 1000
            case .rounded(let mean, let sd):
                return max(0, (mean + sd * normal(&random)).rounded())
            case .farOff(let mean, let sd, let share, let far):
                return Double.random(in: 0..<1, using: &random) < share
                    ? far : ((mean + sd * normal(&random)) * 1000).rounded() / 1000
            case .poisson(let rate):
                // Knuth's: multiply uniforms until the product drops below e^−rate.
                let limit = exp(-rate)
                var count = 0.0, product = Double.random(in: 0..<1, using: &random)
                while product > limit {
                    count += 1
                    product *= Double.random(in: 0..<1, using: &random)
                }
                return count
            }
        }

        /// Box-Muller.
        static func normal(_ random: inout SplitMix64) -> Double {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &random)
            let v = Double.random(in: 0..<1, using: &random)
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
    }

    /// Equal, shifted, spread wider, a few far off, tied whole numbers, 15% lower, and sparse counts equal and doubled.
    static let shapes: [Shape] = [
        Shape(name: "latency_equal", yaml: #"unit: ms, success: "< 300", alert: "> 500""#,
              canary: .normal(mean: 200, sd: 20), baseline: .normal(mean: 200, sd: 20)),
        Shape(name: "latency_shifted", yaml: #"unit: ms, success: "< 300", alert: "> 500""#,
              canary: .normal(mean: 230, sd: 20), baseline: .normal(mean: 200, sd: 20)),
        Shape(name: "latency_spread", yaml: #"unit: ms, success: "< 300", alert: "> 500""#,
              canary: .normal(mean: 200, sd: 45), baseline: .normal(mean: 200, sd: 20)),
        Shape(name: "latency_far_off", yaml: #"unit: ms, success: "< 300", alert: "> 500""#,
              canary: .farOff(mean: 200, sd: 20, share: 0.02, far: 5000), baseline: .normal(mean: 200, sd: 20)),
        Shape(name: "queue_depth", yaml: #"success: "< 30", alert: "> 60""#,
              canary: .rounded(mean: 12, sd: 3), baseline: .rounded(mean: 12, sd: 3)),
        Shape(name: "throughput", yaml: #"success: "> 800", alert: "< 500""#,
              canary: .normal(mean: 850, sd: 60), baseline: .normal(mean: 1000, sd: 60)),
        Shape(name: "errors_equal", yaml: #"success: "< 5", alert: "> 20""#,
              canary: .poisson(rate: 0.3), baseline: .poisson(rate: 0.3)),
        Shape(name: "errors_doubled", yaml: #"success: "< 5", alert: "> 20""#,
              canary: .poisson(rate: 0.6), baseline: .poisson(rate: 0.3)),
    ]

    static func planText(_ shapes: [Shape]) -> String {
        var text = """
        release: {name: judge-bench, version: 1.0.0, owner: Bench, on_call: Bench, start: "2026-12-06T11:00:00Z"}
        strategy: canary
        stages:
          - {name: Canary 10%, traffic: 10%}
          - {name: Full rollout, traffic: 100%}
        judge: {window: 10m, confidence: 98%, min_samples: 20}
        metrics:

        """
        for shape in shapes {
            text += "  - {name: \(shape.name), \(shape.yaml), cohorts: {canary: \(shape.name)_canary, baseline: \(shape.name)_stable}, "
                + "judge: {tolerance: \(Int(shape.tolerance * 100))%, test: \(shape.test.rawValue)}}\n"
        }
        text += "rollback:\n  steps: [Abort the rollout]\n"
        return text
    }

    // MARK: What is written

    struct BenchData: Encodable {
        struct Metric: Encodable {
            var name: String
            var test: String
            var tolerance: Double
            var canary: [Double]
            var baseline: [Double]
        }
        var confidence: Double
        var metrics: [Metric]
    }

    struct BenchResults: Encodable {
        var msPerMetric: Double
        var metrics: [Figures]
    }

    /// One verdict's figures: a rank test's, or a rate test's (the others nil).
    struct Figures: Encodable {
        var metric: String
        var call: String
        var test: String
        var canarySamples: Int
        var baselineSamples: Int
        var u: Double?
        var p: Double
        var shift: Double?
        var lower: Double
        var upper: Double
        var spreadStatistic: Double?
        var spreadP: Double?
        var above: Int?
        var below: Int?
        var pAbove: Double?
        var pBelow: Double?
        var canaryCount: Int?
        var baselineCount: Int?

        init(_ verdict: MetricVerdict) {
            metric = verdict.metric
            call = verdict.call.rawValue
            let evidence = verdict.evidence
            canarySamples = evidence?.canarySamples ?? 0
            baselineSamples = evidence?.baselineSamples ?? 0
            p = evidence?.pValue ?? .nan
            lower = .nan
            upper = .nan
            test = "none"
            switch evidence?.comparison {
            case .rank(let rank):
                test = "rank"
                u = rank.u
                shift = rank.shift
                lower = rank.interval.lowerBound
                upper = rank.interval.upperBound
            case .counts(let counts):
                test = "counts"
                canaryCount = counts.canaryCount
                baselineCount = counts.baselineCount
                lower = counts.interval.lowerBound
                upper = counts.interval.upperBound
            case nil:
                break
            }
            spreadStatistic = evidence?.spread?.statistic
            spreadP = evidence?.spread?.pValue
            above = evidence?.exceedance?.above
            below = evidence?.exceedance?.below
            pAbove = evidence?.exceedance?.pAbove
            pBelow = evidence?.exceedance?.pBelow
        }

        var line: String {
            let words = switch test {
            case "rank":
                String(format: "U %.1f p %.6g HL %+.6g [%.6g, %.6g] BF %.6g (p %.4g) beyond %ld above %ld below",
                       u ?? .nan, p, shift ?? .nan, lower, upper, spreadStatistic ?? .nan, spreadP ?? .nan, above ?? 0, below ?? 0)
            case "counts":
                String(format: "counts %ld vs %ld, p %.6g, rate ratio [%.6g, %.6g]", canaryCount ?? 0, baselineCount ?? 0, p, lower, upper)
            default:
                "no data"
            }
            return "  \(metric.padding(toLength: 16, withPad: " ", startingAt: 0)) \(call.padding(toLength: 5, withPad: " ", startingAt: 0)) "
                + "\(canarySamples)/\(baselineSamples)  \(words)"
        }
    }
}
