import Foundation
import Testing
@testable import WarRoomFeeds

@Suite struct LineTimesTests {
    static func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    @Test func countsAStretchAsEveryTimeWouldBeLookedAt() {
        // In order, with a few lines written late (as two writers or a rounded-up millisecond make them).
        let written: [Double] = [1, 2, 3, 5, 4, 6, 7, 6.5, 8, 2.5, 9, 10, 10, 11]
        var times = LineTimes()
        for second in written { times.insert(Self.at(second)) }
        for start in stride(from: 0.0, through: 12, by: 0.5) {
            for end in stride(from: start, through: 12, by: 0.5) {
                let expected = written.count { $0 > start && $0 <= end }
                #expect(times.count(after: Self.at(start), through: Self.at(end)) == expected, "(\(start), \(end)]")
            }
        }
        #expect(times.first == Self.at(1) && times.last == Self.at(11))
    }

    @Test func dropsEveryTimeUpToTheCutEvenOneWrittenLate() {
        var times = LineTimes()
        for second in [5.0, 6, 7, 3, 8] { times.insert(Self.at(second)) }
        times.removeFirst(through: Self.at(6))
        #expect(times.count(after: Self.at(0), through: Self.at(100)) == 2)
        #expect(times.first == Self.at(7))
    }
}
