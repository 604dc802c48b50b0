import Foundation
import Testing
@testable import WarRoomCore

@Suite struct SampleDownsamplerTests {
    let base = Date(timeIntervalSince1970: 1_800_000_000)  // a multiple of 10 s

    func sample(_ name: String, _ value: Double, at offset: TimeInterval) -> MetricSample {
        MetricSample(name: name, value: value, time: base.addingTimeInterval(offset))
    }

    @Test func samplesOfOneWindowBecomeOneBucketWithItsFigures() {
        var downsampler = SampleDownsampler(width: 10, grace: 30)
        for (value, offset) in [(3.0, 1.0), (1.0, 4.0), (8.0, 9.5)] { downsampler.add(sample("p99", value, at: offset)) }
        downsampler.add(sample("p99", 2, at: 10))  // the next window
        let closed = downsampler.takeClosed(now: base.addingTimeInterval(40))
        #expect(closed == [SampleBucket(metric: "p99", start: base, width: 10, count: 3, min: 1, max: 8, sum: 12, last: 8)])
        #expect(closed.first?.mean == 4)
        #expect(downsampler.pendingCount == 1, "the second window is not closed until 30 s after its end")
        #expect(downsampler.takeClosed(now: base.addingTimeInterval(49.9)).isEmpty)
        #expect(downsampler.takeClosed(now: base.addingTimeInterval(50)).map(\.start) == [base.addingTimeInterval(10)])
    }

    @Test func aLateSampleCountsButDoesNotBecomeTheLastValue() {
        var downsampler = SampleDownsampler(width: 10, grace: 30)
        downsampler.add(sample("rps", 100, at: 8))
        downsampler.add(sample("rps", 50, at: 2))  // arrives later, happened earlier
        let bucket = downsampler.takeAll()
        #expect(bucket.map(\.last) == [100])
        #expect(bucket.map(\.count) == [2])
    }

    @Test func windowsAreCutOnTheSameGridByEveryProcessAndComeOutInTimeOrder() {
        var downsampler = SampleDownsampler(width: 10, grace: 0)
        downsampler.add(sample("b", 1, at: 25))
        downsampler.add(sample("a", 1, at: 21))
        downsampler.add(sample("a", 1, at: 3))
        downsampler.add(MetricSample(name: "a", value: .nan, time: base))
        let closed = downsampler.takeAll()
        #expect(closed.map(\.metric) == ["a", "a", "b"])
        #expect(closed.map { $0.start.timeIntervalSince(base) } == [0, 20, 20])
        #expect(closed.first?.count == 1, "a NaN is not a sample")
        #expect(downsampler.pendingCount == 0)
    }
}
