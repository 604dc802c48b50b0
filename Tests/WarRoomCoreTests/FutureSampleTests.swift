import Foundation
import Testing
@testable import WarRoomCore

struct FutureSampleTests {
    @Test func aSampleFromTheFutureIsRefusedAndCountedNotAllowedToHideRealData() throws {
        var harness = Fixture.Harness(plan: try Fixture.plan())
        harness.act(.start)
        harness.at(60)
        harness.sample("error_rate", 0.2, at: 60 + 2 * 3600)  // two hours ahead: a skewed clock
        #expect(harness.state.futureSamples["error_rate"] == 1)
        #expect(harness.state.series["error_rate"]?.latest == nil, "the future sample is not the metric's value")
        harness.sample("error_rate", 3, at: 60)
        #expect(harness.state.series["error_rate"]?.latest?.value == 3, "the real breach after it still counts")
        harness.sample("error_rate", 3.1, at: 60 + 30)  // within the tolerance of a slightly fast sender
        #expect(harness.state.series["error_rate"]?.latest?.value == 3.1)
    }
}
