import Foundation
import Testing
@testable import WarRoomFeeds

/// Timestamp is total: every year, epoch, fraction and offset gives a date or nil, never a trap or a long loop.
@Suite struct TimestampTests {
    /// 2026-11-22T14:03:07Z
    let stamp = Date(timeIntervalSince1970: 1_795_356_187)

    @Test func extremeYearsAreDatesForTheLimitsToJudge() {
        #expect(Timestamp.parse("9999-12-31T23:59:59Z") == Date(timeIntervalSince1970: 253_402_300_799))
        #expect(Timestamp.parse("0000-01-01T00:00:00Z") == Date(timeIntervalSince1970: -62_167_219_200))
        #expect(Timestamp.parse("0000-01-01T00:00:00-23:59") == Date(timeIntervalSince1970: -62_167_219_200 + 86_340))
        #expect(Timestamp.parse("9999-12-31T23:59:60.999999999999999999999+00:00") != nil)
    }

    @Test func epochsOfAnySizeGiveADateOrNil() {
        #expect(Timestamp.parse("1e18") == Date(timeIntervalSince1970: 1e15), "taken as milliseconds")
        #expect(Timestamp.parse("-1e18") == nil)
        #expect(Timestamp.parse(String(repeating: "9", count: 400)) == nil, "an infinity once read")
        #expect(Timestamp.parse(String(repeating: "9", count: 300)) != nil)
        #expect(Timestamp.parse("1e308") == Date(timeIntervalSince1970: 1e305))
        #expect(Timestamp.parse("nan") == nil)
        #expect(Timestamp.parse("inf") == nil)
        #expect(Timestamp.parse("0x6553F100") == nil, "hex is no epoch, as it is no metric value")
        #expect(Timestamp.epoch(.greatestFiniteMagnitude) == Date(timeIntervalSince1970: .greatestFiniteMagnitude / 1000))
        #expect(Timestamp.epoch(-.leastNonzeroMagnitude) == nil)
    }

    @Test func longFractionsAreReadInLinearTime() throws {
        let digits = String(repeating: "7", count: 1_000_000)
        let started = ContinuousClock.now
        let date = try #require(Timestamp.parse("2026-11-22T14:03:07.\(digits)Z"))
        #expect(abs(date.timeIntervalSince(stamp) - 0.777_777_777) < 1e-6)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func anOffsetIsHoursBelow24AndMinutesBelow60() {
        #expect(Timestamp.parse("2026-11-22T15:03:07+01:00") == stamp)
        #expect(Timestamp.parse("2026-11-22T14:03:07+99:99") == nil)
        #expect(Timestamp.parse("2026-11-22T14:03:07+24:00") == nil)
        #expect(Timestamp.parse("2026-11-22T14:03:07+01:60") == nil)
        // In a log line's prefix, what is no offset is left as text.
        #expect(Timestamp.prefix(of: "2026-11-22T14:03:07+99:99 ERROR")?.length == 19)
    }

    @Test func everyPrefixOfATimestampIsReadOrRefusedWithinItsBytes() {
        let full = "2026-11-22T14:03:07.250+01:30 ERROR"
        for end in full.indices {
            let text = full[..<end]
            if let (_, length) = Timestamp.prefix(of: text) { #expect(length <= text.utf8.count, "\(text)") }
        }
    }
}
