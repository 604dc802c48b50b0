import Testing
import WarRoomCore

/// A change that rounds to nothing reads `+0`, never `−0` (seen in the demo's canary view as `+0% (−0%, …)`).
@Suite struct SignedChangeTests {
    @Test func signsFollowTheWrittenMagnitude() {
        #expect(MetricUnit.milliseconds.formatSigned(78) == "+78ms")
        #expect(MetricUnit.milliseconds.formatSigned(-5.7) == "−5.7ms")
        #expect(MetricUnit.percent.formatSigned(-0.2) == "−0.2%")
        #expect(MetricUnit.percent.formatSigned(-0.001) == "+0%")
        #expect(MetricUnit.percent.formatSigned(-0.0) == "+0%")
        #expect(MetricUnit.count.formatSigned(0) == "+0")
    }
}
