import Foundation
import Testing
@testable import WarRoomCore

struct FutureSampleTests {
    @Test func aSampleFromTheFutureIsRefusedAndCountedNotAllowedToHideRealData() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.act(.start)
        harness.at(60)
        // Sent raw: the harness's `sample` would tick the clock forward first, as the runtime does for real time.
        harness.send(.sample(MetricSample(name: "error_rate", value: 0.2, time: Fixture.t0.addingTimeInterval(60 + 2 * 3600))))
        #expect(harness.state.futureSamples["error_rate"] == 1)
        #expect(harness.state.series["error_rate"]?.latest == nil, "the future sample is not the metric's value")
        harness.sample("error_rate", 3, at: 60)
        #expect(harness.state.series["error_rate"]?.latest?.value == 3, "the real breach after it still counts")
        harness.send(.sample(MetricSample(name: "error_rate", value: 3.1, time: Fixture.t0.addingTimeInterval(60 + 30))))  // a slightly fast sender
        #expect(harness.state.series["error_rate"]?.latest?.value == 3.1)
    }
}
