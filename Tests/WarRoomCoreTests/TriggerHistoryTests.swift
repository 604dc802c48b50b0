import Foundation
import Testing
@testable import WarRoomCore

/// A trigger's journaled firings survive a restart, count once however many sessions record them, and are
/// closed by fresh data that no longer breaches.
@Suite struct TriggerHistoryTests {
    let rule = "error_rate > 2% for 5m"

    func first(_ journal: [JournalEntry]) -> [String] { journal.filter { !$0.event.isFeedData }.map(\.event.kind) }

    /// A first session that saw the trigger fire, and its journal.
    func firedJournal() throws -> [JournalEntry] {
        var first = Fixture.Harness(plan: try Fixture.plan())
        first.act(.start)
        first.sample("error_rate", 3, at: 60)
        first.sample("error_rate", 3, at: 360)
        #expect(first.state.triggers[rule]?.isFiring == true)
        return first.journal
    }

    @Test func aRestartShowsTheJournaledFiringUntilFreshDataClearsIt() throws {
        let journal = try firedJournal()
        var restarted = Fixture.Harness(plan: try Fixture.plan(), now: Fixture.t0.addingTimeInterval(400))
        restarted.journal = journal
        restarted.state.resume(from: journal)
        #expect(restarted.state.triggers[rule]?.phase == .firing(since: Fixture.t0.addingTimeInterval(360)),
                "firing since the journaled time, not pending again")
        restarted.at(410)
        #expect(restarted.kinds == first(journal), "a restart journals nothing again")
        #expect(restarted.state.triggerHistory[rule]?.isOpen == true)
        #expect(restarted.state.triggerHistory[rule]?.lastFired == Fixture.t0.addingTimeInterval(360))

        restarted.sample("error_rate", 0.5, at: 420)
        #expect(restarted.kinds.last == "trigger_resolved")
        #expect(restarted.state.triggerHistory[rule]?.isOpen == false)
        #expect(restarted.state.triggerHistory[rule]?.firedCount == 1)
        restarted.sample("error_rate", 0.4, at: 430)
        #expect(restarted.kinds.filter { $0 == "trigger_resolved" }.count == 1, "resolved once, not on every sample")
    }

    @Test func theSameFiringFromTwoSessionsCountsOnce() throws {
        var journal = try firedJournal()
        var copy = journal.last!
        copy.session = "s2"
        copy.seq = Int64(journal.count + 1)
        journal.append(copy)
        var state = AppState(plan: try Fixture.plan(), session: "s3", now: Fixture.t0)
        state.resume(from: journal)
        #expect(state.triggerHistory[rule]?.firedCount == 1)
    }

    @Test func aRefiringAfterResolutionCountsAgain() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.act(.start)
        for start in [0.0, 1000] {
            harness.sample("error_rate", 3, at: start + 10)
            harness.sample("error_rate", 3, at: start + 310)
            harness.sample("error_rate", 0.2, at: start + 320)
        }
        #expect(harness.state.triggerHistory[rule]?.firedCount == 2)
        #expect(harness.state.triggerHistory[rule]?.lastFired == Fixture.t0.addingTimeInterval(1310))
    }
}
