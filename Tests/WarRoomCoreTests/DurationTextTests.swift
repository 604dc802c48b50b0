import Testing
@testable import WarRoomCore

@Suite struct DurationTextTests {
    @Test(arguments: [("5m", 300.0), ("90s", 90), ("1h30m", 5400), ("2d", 172_800), ("0.5h", 1800)])
    func parses(_ text: String, _ seconds: Double) {
        #expect(DurationText.parse(text) == seconds)
    }

    @Test(arguments: ["", "5", "m", "5x", "five minutes", "5m3"])
    func rejects(_ text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test func formats() {
        #expect(DurationText.format(0) == "0s")
        #expect(DurationText.format(192) == "3m12s")
        #expect(DurationText.format(3900) == "1h05m")
        #expect(DurationText.format(90000) == "1d01h")
        #expect(DurationText.formatOffset(-750) == "T-12m30s")
        #expect(DurationText.formatPlan(5400) == "1h30m")
        #expect(DurationText.parseOffset("T+15m") == 900)
        #expect(DurationText.parseOffset("T-30m") == -1800)
    }
}

struct CountdownTextTests {
    @Test func countdownsRoundUpSoTheyNeverSayZeroWhileWaiting() {
        #expect(DurationText.formatRemaining(0.4) == "1s")
        #expect(DurationText.formatRemaining(7.2) == "8s")
        #expect(DurationText.formatRemaining(60) == "1m00s")
        #expect(DurationText.formatRemaining(-3) == "0s")
    }

    /// A digit run that reads as infinity, or months, made a poll interval trap and a backtest tick for months.
    @Test func aPlanDurationIsFiniteAndAtMostThirtyDays() {
        #expect(DurationText.parse("30d") == Double(30 * 86400))
        #expect(DurationText.parse("31d") == nil)
        #expect(DurationText.parse("99999999999999999999999d") == nil)
        #expect(DurationText.parse(String(repeating: "9", count: 400) + "s") == nil)
        #expect(DurationText.format(.infinity) == "out of range")
        #expect(DurationText.format(.nan) == "out of range")
        #expect(DurationText.formatOffset(-1e300) == "T out of range")
    }
}
