import Foundation
import Testing
import WarRoomCore
@testable import WarRoomJournal

/// The analysis every exporter shares: stage periods, trigger episodes, per-period metric figures, UTC text.
@Suite struct ExportAnalysisTests {
    let report = PostMortem(plan: Fixtures.plan, entries: Fixtures.sessionWithCommand, samples: Fixtures.samples)

    @Test func stagesEndByPromotionAndRollback() {
        let periods = report.stages.periods
        #expect(periods.map(\.name) == ["Canary 5%", "Canary 25%"])
        #expect(periods[0].start == Fixtures.t0 && periods[0].end == Fixtures.at(960))
        #expect(periods[0].ending == .promoted(by: "dana"))
        #expect(periods[0].enteredBy == "dana")
        #expect(periods[1].duration == 940)
        #expect(periods[1].ending == .rolledBack(by: "dana", reason: "error rate above 2%"))
        #expect(report.stages.rolledBackAt == Fixtures.at(1900))
        #expect(report.stages.period(ofStage: 2) == nil)
    }

    @Test func theLastStageIsCurrentUntilTheEnd() {
        let promoted = PostMortem(plan: Fixtures.plan, entries: Array(Fixtures.session.prefix(9)))
        let last = promoted.stages.periods.last
        #expect(last?.ending == .current)
        #expect(last?.end == Fixtures.at(1500))
        #expect(promoted.stages.rolledBackAt == nil)
        #expect(PostMortem(plan: Fixtures.plan, entries: Array(Fixtures.session.prefix(5))).stages.periods.isEmpty)
    }

    @Test func promotionPastAGateKeepsItsReason() {
        var entries = Array(Fixtures.session.prefix(7))
        let override = PromotionOverride(reason: "p99 feed down, error rate clean", gate: "WAIT", gateReasons: ["p99_latency: no data"])
        entries.append(JournalEntry(seq: 8, time: Fixtures.at(700), actor: "sam", session: "s-1",
                                    event: .stagePromoted(from: 0, to: 1, stage: "Canary 25%", override: override)))
        let periods = PostMortem(plan: Fixtures.plan, entries: entries).stages.periods
        #expect(periods.last?.override == override)
        #expect(periods.first?.duration == 700)
    }

    @Test func triggerEpisodeRunsFromPendingToResolved() throws {
        let episodes = report.triggers.periods
        try #require(episodes.count == 1)
        let episode = episodes[0]
        #expect(episode.pending == .init(at: Fixtures.at(1500), value: 2.4))
        #expect(episode.firing == .init(at: Fixtures.at(1800), value: 3.1))
        #expect(episode.resolved == .init(at: Fixtures.at(2100), value: 0.5))
        #expect(episode.acknowledged == .init(by: "sam", at: Fixtures.at(1830)))
        #expect(episode.firedFor(until: report.end) == 300)
        #expect(episode.pendingFor(until: report.end) == 300)
    }

    @Test func repeatedTransitionsFromAnotherSessionAreOneEpisode() {
        let rule = "error_rate > 2% for 5m"
        let script: [(TimeInterval, JournalEvent)] = [
            (0, .triggerPending(trigger: rule, value: 2.2)), (3, .triggerPending(trigger: rule, value: 2.3)),
            (300, .triggerFiring(trigger: rule, value: 2.5)), (302, .triggerFiring(trigger: rule, value: 2.6)),
            (400, .triggerResolved(trigger: rule, value: 1)), (401, .triggerResolved(trigger: rule, value: 1)),
            (500, .triggerPending(trigger: rule, value: 2.1)), (560, .triggerResolved(trigger: rule, value: 1.5)),
            (600, .triggerFiring(trigger: "health.ready fails 3 consecutive", value: 0)),
        ]
        let entries = script.enumerated().map { index, line in
            JournalEntry(seq: Int64(index + 1), time: Fixtures.at(line.0), actor: "warroom", session: "s-\(index % 2)", event: line.1)
        }
        let episodes = TriggerPeriods(entries: entries).periods
        #expect(episodes.count == 3)
        #expect(episodes[0].pending?.at == Fixtures.at(0) && episodes[0].firing?.at == Fixtures.at(300))
        #expect(episodes[0].resolved?.at == Fixtures.at(400))
        #expect(episodes[1].firing == nil && episodes[1].pendingFor(until: Fixtures.at(999)) == 60)
        #expect(episodes[2].resolved == nil && episodes[2].firedFor(until: Fixtures.at(700)) == 100)
    }

    @Test func overlappingFiringPeriodsCountOnce() {
        let script: [(TimeInterval, JournalEvent)] = [
            (0, .releaseStarted(t0: Fixtures.t0)),
            (100, .triggerFiring(trigger: "a", value: 1)), (150, .triggerFiring(trigger: "b", value: 1)),
            (200, .triggerResolved(trigger: "a", value: 0)), (400, .triggerFiring(trigger: "a", value: 1)),
            (250, .triggerResolved(trigger: "b", value: 0)), (500, .note(text: "end")),
        ]
        let entries = script.enumerated().map { index, line in
            JournalEntry(seq: Int64(index + 1), time: Fixtures.at(line.0), actor: "warroom", session: "s", event: line.1)
        }
        let report = PostMortem(plan: Fixtures.plan, entries: entries)
        #expect(report.firingTime == 250, "100–250 with a and b overlapping, then 400 to the end")
        #expect(report.triggerDescription == "3 fired (at least one firing for 4m10s)")
    }

    @Test func metricFiguresPerStage() throws {
        let summaries = MetricSummary.all(report)
        #expect(summaries.map(\.metric) == ["error_rate", "p99_latency"])
        let errors = summaries[0]
        #expect(errors.rows.map(\.period.label) == ["Before T0", "Canary 5%", "Canary 25%", "After rollback"])
        let canary = try #require(errors.rows[1].stats)
        #expect(canary.windows == 96, "T+0s to T+16m00s is 96 windows of 10 s")
        #expect(canary.samples == 192)
        #expect(canary.max < 1 && canary.min > 0.3)
        let wide = try #require(errors.rows[2].stats)
        #expect(wide.windows == 94)
        #expect(errors.mark(wide.max) == .breach)
        #expect(errors.mark(canary.max) == nil)
        let latency = summaries[1]
        #expect(latency.mark(try #require(latency.rows[2].stats).p99) == .warn)
    }

    @Test func periodsWithoutSamplesSaySo() {
        let noSamples = PostMortem(plan: Fixtures.plan, entries: Fixtures.session)
        let rows = MetricSummary.all(noSamples)[0].rows
        #expect(rows.map(\.period.label) == ["Canary 5%", "Canary 25%", "After rollback"], "no 'Before T0' row without samples")
        #expect(rows.allSatisfy { $0.stats == nil })
    }

    @Test func averageIsOverSamplesAndP99OverWindowMeans() throws {
        let buckets = (0..<200).map { (index: Int) -> SampleBucket in
            let value = Double(index)
            let count = index == 199 ? 10 : 1
            return SampleBucket(metric: "m", start: Fixtures.at(value * 10), width: 10, count: count,
                                min: value, max: value, sum: value * Double(count), last: value)
        }
        let stats = try #require(MetricStats(buckets[...]))
        #expect(stats.windows == 200 && stats.samples == 209)
        #expect(stats.p99 == 197, "nearest rank: the 198th of 200 sorted means")
        #expect(abs(stats.average - (Double(199 * 198 / 2) + 1990) / 209) < 1e-9)
        #expect(MetricStats([SampleBucket]()[...]) == nil)
    }

    @Test func aWindowBelongsToThePeriodHoldingItsMidpoint() {
        let series = SampleSeries(metric: "m", buckets: [0, 10, 20].map {
            SampleBucket(metric: "m", start: Fixtures.at($0), width: 10, count: 1, min: 1, max: 1, sum: 1, last: 1)
        })
        #expect(series.slice(from: Fixtures.at(0), to: Fixtures.at(14)).count == 1)
        #expect(series.slice(from: Fixtures.at(0), to: Fixtures.at(16)).count == 2)
        #expect(series.slice(from: Fixtures.at(16), to: .distantFuture).count == 1)
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1_741_082_400.25, "2025-03-04T10:00:00.250Z"),
        (1_741_082_399.9999, "2025-03-04T09:59:59.999Z"),
        (951_782_400, "2000-02-29T00:00:00.000Z"),
        (4_107_542_399, "2100-02-28T23:59:59.000Z"),
        (-1.5, "1969-12-31T23:59:58.500Z"),
    ])
    func utcTextNeedsNoCalendar(seconds: Double, expected: String) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(UTCFormat.iso8601(date) == expected)
        #expect(UTCFormat.dateTime(date) == expected.prefix(19).replacingOccurrences(of: "T", with: " "))
        #expect(UTCFormat.time(date) == String(expected.dropFirst(11).prefix(8)))
    }
}
