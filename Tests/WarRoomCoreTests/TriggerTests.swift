import Foundation
import Testing
@testable import WarRoomCore

@Suite struct TriggerTests {
    let rule = "error_rate > 2% for 5m"

    @Test func sustainedBreachGoesPendingThenFires() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.act(.start)
        harness.sample("error_rate", 2.5, at: 60)
        #expect(harness.state.triggers[rule]?.phase == .pending(since: Fixture.t0.addingTimeInterval(60)))
        #expect(harness.state.firesAt(harness.state.plan.triggers[0]) == Fixture.t0.addingTimeInterval(360))
        harness.sample("error_rate", 3.0, at: 300)
        #expect(harness.state.triggers[rule]?.isPending == true)
        harness.sample("error_rate", 3.1, at: 360)
        #expect(harness.state.triggers[rule]?.phase == .firing(since: Fixture.t0.addingTimeInterval(360)))
        #expect(harness.bells == 1)
        #expect(harness.state.overallStatus == .rollbackRecommended)
        #expect(harness.kinds.suffix(2) == ["trigger_pending", "trigger_firing"])
    }

    @Test func aSpikeShorterThanTheWindowNeverFires() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.sample("error_rate", 5, at: 0)
        harness.sample("error_rate", 5, at: 240)
        harness.sample("error_rate", 0.5, at: 250)
        harness.at(900)
        #expect(harness.state.triggers[rule]?.phase == .inactive)
        #expect(harness.kinds == ["trigger_pending", "trigger_resolved"])
        #expect(harness.bells == 0)
    }

    @Test func clockTickFiresAPendingTriggerOnFreshData() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.sample("error_rate", 2.5, at: 0)
        harness.sample("error_rate", 2.5, at: 100)
        harness.at(299)
        #expect(harness.state.triggers[rule]?.isPending == true)
        harness.sample("error_rate", 2.5, at: 200)
        harness.at(300)
        #expect(harness.state.triggers[rule]?.isFiring == true)
    }

    @Test func staleDataNeverFiresNorCountsAsHealthy() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.healthy(at: 0)
        harness.sample("error_rate", 2.5, at: 10)
        harness.at(400)  // error_rate is 390s old, beyond its 120s staleness window
        #expect(harness.state.triggers[rule]?.isPending == true, "no fresh proof, so no firing")
        #expect(harness.state.status(of: harness.state.plan.metrics[0]) == .stale)
        #expect(harness.state.overallStatus == .staleData)
    }

    @Test func relativeToBaseline() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        let latency = "p99_latency > 2x baseline for 10m"
        harness.sample("p99_latency", 410, at: 0)  // baseline 210 → threshold 420
        #expect(harness.state.triggers[latency]?.phase == .inactive)
        harness.sample("p99_latency", 430, at: 10)
        #expect(harness.state.triggers[latency]?.isPending == true)
    }

    @Test func consecutiveFailures() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        let health = "health fails 3 consecutive"
        harness.sample("health", 0, at: 0)
        harness.sample("health", 0, at: 5)
        #expect(harness.state.triggers[health]?.isPending == true)
        #expect(harness.state.consecutiveFailures(of: harness.state.plan.triggers[2]) == 2)
        harness.sample("health", 0, at: 10)
        #expect(harness.state.triggers[health]?.isFiring == true)
        harness.sample("health", 1, at: 15)
        #expect(harness.state.triggers[health]?.phase == .inactive)
    }

    @Test func acknowledgementLastsUntilResolved() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.act(.start)
        harness.sample("error_rate", 3, at: 0)
        harness.sample("error_rate", 3, at: 300)
        harness.act(.acknowledge(trigger: rule), as: "sam")
        #expect(harness.state.acks[rule]?.by == "sam")
        harness.act(.acknowledge(trigger: rule), as: "ann")
        #expect(harness.refusals == [.alreadyAcknowledged(by: "sam")])
        harness.at(310)
        harness.sample("error_rate", 0.5, at: 320)
        #expect(harness.state.acks[rule] == nil)
    }

    @Test func outOfOrderSamplesAreDropped() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.sample("error_rate", 0.5, at: 100)
        harness.sample("error_rate", 9, at: 50)
        #expect(harness.state.series["error_rate"]?.latest?.value == 0.5)
        #expect(harness.kinds.isEmpty)
    }
}
