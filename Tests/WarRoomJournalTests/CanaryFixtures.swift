import Foundation
import WarRoomCore
import WarRoomTestSupport

/// The fixture session with a canary judged and an objective kept: p99 latency judged by ranks, errors by rates, and a
/// metric whose name is hostile text; the judge journaled PASS, then FAIL (changed), then FAIL again after the
/// decision; and the samples of an objective whose canary loses 2% of its requests from T+5m.
enum CanaryFixtures {
    static let hostile = "<script>alert(1)</script>\u{1B}]0;owned\u{07}"

    static var plan: Plan {
        var plan = Fixtures.plan
        func cohorts(_ name: String) -> MetricCohorts {
            MetricCohorts(canary: .init(series: name + "_canary"), baseline: .init(series: name + "_baseline"))
        }
        plan.metrics += [
            MetricSpec(name: "p99_canary_latency", unit: .milliseconds, baseline: 250, success: Bound(.below, 300),
                       alert: Bound(.above, 450), cohorts: cohorts("p99"), judging: MetricJudging(critical: true)),
            MetricSpec(name: "errors", unit: .count, baseline: nil, success: Bound(.below, 40), alert: Bound(.above, 80),
                       cohorts: cohorts("errors")),
            MetricSpec(name: hostile, unit: .count, baseline: nil, success: Bound(.below, 40), alert: Bound(.above, 80),
                       cohorts: cohorts("hostile")),
        ]
        plan.slos = [SLOSpec(name: "checkout", objective: 0.999, events: .init(good: "good", total: "total"),
                             canary: .init(good: "good_canary", total: "total_canary"),
                             description: nil),
                     SLOSpec(name: hostile, objective: 0.99, events: .init(good: "bad", countsBad: true, total: "total"))]
        plan.triggers.append(try! TriggerRule(parsing: "burn_rate(checkout, 1h, 5m) > 14.4"))
        return plan
    }

    /// The statistics' values as the journal stores them (their only initialisers compute them).
    static func decoded<T: Decodable>(_ json: String) -> T { try! JSONDecoder().decode(T.self, from: Data(json.utf8)) }

    static func rank(shift: Double, low: Double, high: Double, p: Double, u: Double) -> String {
        #"{"rank":{"_0":{"canaryCount":60,"baselineCount":60,"u":\#(u),"pValue":\#(p),"shift":\#(shift),"interval":[\#(low),\#(high)],"confidence":0.98}}}"#
    }

    static func evidence(canary: (median: Double, mean: Double), baseline: (median: Double, mean: Double), allowed: Double,
                         comparison: String, spread: String?) -> JudgeEvidence {
        decoded(#"{"canarySamples":60,"baselineSamples":60,"canaryMedian":\#(canary.median),"baselineMedian":\#(baseline.median),"#
            + #""canaryMean":\#(canary.mean),"baselineMean":\#(baseline.mean),"allowed":\#(allowed),"comparison":\#(comparison)"#
            + (spread.map { #","spread":\#($0)"# } ?? "") + "}")
    }

    static var verdicts: (pass: [MetricVerdict], fail: [MetricVerdict]) {
        let spread = #"{"statistic":0.3,"pValue":0.58,"ratio":1.05}"#
        let latency = evidence(canary: (252, 251.5), baseline: (250, 250.2), allowed: 25,
                               comparison: rank(shift: 2, low: -3, high: 7, p: 0.41, u: 1900), spread: spread)
        let slow = evidence(canary: (328, 329.1), baseline: (250, 250.2), allowed: 25,
                            comparison: rank(shift: 78, low: 61, high: 95, p: 0.00001, u: 3276), spread: spread)
        let errors = evidence(canary: (0, 0.4), baseline: (0, 0.1), allowed: 0.01,
                              comparison: #"{"counts":{"_0":{"canaryCount":24,"baselineCount":6,"canaryExposure":60,"baselineExposure":60,"pValue":0.0009,"rateRatio":4,"interval":[1.5,12.3],"confidence":0.98}}}"#,
                              spread: nil)
        let hostileVerdict = MetricVerdict(metric: hostile, call: .noData, fails: false, critical: false,
                                           reason: "too few samples: " + HostileText.corpus.joined(separator: " "))
        return ([MetricVerdict(metric: "p99_canary_latency", call: .pass, fails: false, critical: true, reason: "+1% (+2ms, 98% CI −3ms to +7ms; allowed ±25ms), p 0.41", evidence: latency),
                 MetricVerdict(metric: "errors", call: .pass, fails: false, critical: false, reason: "rate 1.0× the baseline's", evidence: nil),
                 hostileVerdict],
                [MetricVerdict(metric: "p99_canary_latency", call: .high, fails: true, critical: true, reason: "+31% (+78ms, 98% CI +61ms to +95ms; allowed ±25ms), p <0.0001", evidence: slow),
                 MetricVerdict(metric: "errors", call: .high, fails: true, critical: false, reason: "rate 4.0× the baseline's", evidence: errors),
                 hostileVerdict])
    }

    /// Per 10 s from T0 to T+20m: 600 requests a cohort; the canary loses 2% from T+5m.
    static var samples: [JournalEntry] {
        stride(from: 0, through: 1200, by: 10).map { second in
            let bad = second >= 300 ? 12.0 : 0
            let time = Fixtures.at(Double(second))
            let batch = SampleBatch(samples: [
                MetricSample(name: "good", value: 6000 - bad, time: time), MetricSample(name: "total", value: 6000, time: time),
                MetricSample(name: "bad", value: bad, time: time),
                MetricSample(name: "good_canary", value: 600 - bad, time: time), MetricSample(name: "total_canary", value: 600, time: time),
            ])
            return JournalEntry(time: time, actor: "warroom", session: "s-1", event: .samplesRecorded(batch))
        }
    }

    static var entries: [JournalEntry] {
        let (pass, fail) = verdicts
        let judged: [(TimeInterval, Judgement, JudgementOccasion)] = [
            (240, Judgement(at: Fixtures.at(240), score: 100, outcome: .pass, why: "2 of 2 judged metrics pass; 1 without data", verdicts: pass), .changed),
            (660, Judgement(at: Fixtures.at(660), score: 0, outcome: .fail, why: "critical metric p99_canary_latency is HIGH", verdicts: fail, failStreak: 1), .changed),
            (902, Judgement(at: Fixtures.at(900), score: 0, outcome: .fail, why: "critical metric p99_canary_latency is HIGH \(hostile)", verdicts: fail, failStreak: 2), .decision),
        ]
        let judgements = judged.map { JournalEntry(time: Fixtures.at($0.0), actor: "warroom", session: "s-1", event: .judged($0.1, occasion: $0.2)) }
        let merged = (Fixtures.session + samples + judgements).enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
        return merged.enumerated().map { index, pair in
            var entry = pair.element
            entry.seq = Int64(index + 1)
            return entry
        }
    }
}
