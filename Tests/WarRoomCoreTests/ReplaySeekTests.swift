import Foundation
import Testing
@testable import WarRoomCore

/// Seeking in a 24-hour journal: a seek refolds at most one checkpoint interval, never the day.
@Suite struct ReplaySeekTests {
    static let day: TimeInterval = 86_400

    /// A day of three metrics in 10-second windows (25,920 windows) and a few human entries.
    static func dayTimeline(checkpointInterval: TimeInterval) throws -> ReplayTimeline {
        let t0 = Fixture.t0
        var samples: [SampleBucket] = []
        samples.reserveCapacity(26_000)
        for window in 0..<Int(day / 10) {
            let start = t0.addingTimeInterval(Double(window) * 10)
            for (metric, value) in [("error_rate", 0.4 + Double(window % 7) / 100), ("p99_latency", 210.0), ("health", 1.0)] {
                samples.append(SampleBucket(metric: metric, start: start, width: 10, count: 2, min: value, max: value,
                                            sum: 2 * value, last: value))
            }
        }
        let entries = [
            JournalEntry(seq: 1, time: t0, actor: "sam", session: "s1", event: .sessionAttached(pid: 1)),
            JournalEntry(seq: 2, time: t0, actor: "sam", session: "s1", event: .releaseStarted(t0: t0)),
            JournalEntry(seq: 3, time: t0.addingTimeInterval(3600), actor: "sam", session: "s1",
                         event: .stagePromoted(from: 0, to: 1, stage: "Canary 50%")),
            JournalEntry(seq: 4, time: t0.addingTimeInterval(80_000), actor: "dana", session: "s1", event: .note(text: "late")),
        ]
        return ReplayTimeline(plan: try Fixture.plan(), entries: entries, samples: samples, checkpointInterval: checkpointInterval)
    }

    @Test func seekingToTheLastHourRefoldsOneIntervalAtMost() throws {
        let clock = ContinuousClock()
        var timeline: ReplayTimeline?
        let build = try clock.measure { timeline = try Self.dayTimeline(checkpointInterval: ReplayTimeline.defaultCheckpointInterval) }
        let day = try #require(timeline)
        #expect(day.checkpoints.count == 289)

        var cursor = ReplayCursor(timeline: day, at: day.origin)
        let target = day.origin.addingTimeInterval(23 * 3600 + 299)
        let seek = clock.measure { cursor.move(to: target) }
        // 299 s of three metrics is 29 windows each; without checkpoints it would be 24,840 windows.
        #expect(cursor.lastFolded <= 3 * 30 + 4)
        #expect(cursor.state.notes.map(\.text) == ["late"])

        var back = cursor
        let backSeek = clock.measure { back.move(to: day.origin.addingTimeInterval(3599)) }
        #expect(back.state.stageIndex == 0)
        #expect(back.lastFolded <= 3 * 30 + 4)

        let none = try Self.dayTimeline(checkpointInterval: 1e9)
        var unchecked = ReplayCursor(timeline: none, at: none.origin)
        let fullFold = clock.measure { unchecked.move(to: target) }
        #expect(ShownState(unchecked.state) == ShownState(cursor.state))
        print("replay seek on a 24 h journal (\(day.steps.count) steps): build with checkpoints \(build), "
              + "seek to T+23h \(seek), seek back \(backSeek), the same seek without checkpoints \(fullFold)")
    }
}
