import Foundation
import Testing
@testable import WarRoomCore

/// A backtest ends, and says what it could judge, whatever the input: no data at all, or samples centuries apart.
@Suite struct BacktestTotalityTests {
    let base = BacktestTests()

    @Test func withNoDataAtAllTheOutcomeIsInconclusiveNotClean() throws {
        let result = Backtest.run(plan: try base.plan(), events: [], t0: base.t0)
        #expect(result.outcome == .inconclusive)
        #expect(result.outcome.exitCode == 2)
        #expect(result.missing.map(\.metric) == ["error_rate"])
        #expect(result.report.contains("no data: error_rate"))
    }

    /// Without a bound on ticks these took 6e10 steps of 10 s (0000 to 2026), or 1e17 (an epoch of 1e18).
    @Test(.timeLimit(.minutes(1)), arguments: [-62_135_596_800, 253_402_300_799, 1e18, -1e18] as [TimeInterval])
    func samplesFarApartEndQuickly(far: TimeInterval) throws {
        let farAway = Date(timeIntervalSince1970: far)
        let events = base.samples(minutes: 20) { $0 >= 300 ? 3 : 0.4 }
            + [.sample(MetricSample(name: "error_rate", value: 0.4, time: farAway))]
        let began = ContinuousClock.now
        let result = Backtest.run(plan: try base.plan(), events: events, t0: base.t0)
        #expect(ContinuousClock.now - began < .seconds(5))
        #expect(result.fired.map(\.at) == [base.t0.addingTimeInterval(600)], "the real firing is still found")
        #expect(!result.report.isEmpty)
    }

    /// Jumping over a silence must not skip what happens in it: the decision point, and staleness.
    @Test func aLongSilenceStillReachesTheDecisionPointAndGoesStale() throws {
        let events: [Event] = [
            .sample(MetricSample(name: "error_rate", value: 0.4, time: base.t0)),
            .sample(MetricSample(name: "error_rate", value: 0.4, time: base.t0.addingTimeInterval(86_400 * 30))),
        ]
        let result = Backtest.run(plan: try base.plan(), events: events, t0: base.t0)
        #expect(result.transitions.contains { $0.kind == .decision && $0.subject == "T+15m" && $0.offset == 900 })
        let stale = result.transitions.first { $0.kind == .metric && $0.to == "STALE" }
        #expect(stale.map { $0.offset <= 130 } == true, "stale about 2 minutes after the last sample, not a month later")
        #expect(result.outcome == .inconclusive)
    }
}

/// The one policy for outside text leaving the program.
@Suite struct InertTextTests {
    @Test func everyControlIsMadeVisible() {
        #expect(InertText.line("\u{1B}]52;c;aGk=\u{07}") == "␛]52;c;aGk=␇")
        #expect(InertText.line("a\u{9B}31m\u{7F}") == "a⟨U+009B⟩31m␡")
        #expect(InertText.line("ab\u{202E}cd\u{2066}") == "ab⟨U+202E⟩cd⟨U+2066⟩")
        #expect(InertText.line("one\ntwo\tthree\r") == "one␊two three␍")
        #expect(InertText.lines("one\r\ntwo\tthree\rfour\n") == "one\ntwo\tthree␍four\n")
    }

    @Test func plainTextIsReturnedAsItIs() {
        for text in ["", "café ✓ → …", "中文 ☕ 👍🏽 🇩🇪", "error_rate > 2% for 5m"] {
            #expect(InertText.line(text) == text)
            #expect(InertText.lines(text) == text)
            #expect(InertText.json(text) == text)
        }
    }

    @Test func jsonKeepsItsValueButEscapesWhatATerminalWouldAct() throws {
        let value = ["note": "x\u{9B}31m\u{202E}y\u{7F}"]
        let json = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        let inert = InertText.json(json)
        #expect(inert == #"{"note":"x\u009B31m\u202Ey\u007F"}"#)
        #expect(try JSONDecoder().decode([String: String].self, from: Data(inert.utf8)) == value)
    }
}

/// Double to Int for any Double.
@Suite struct SaturatingTests {
    @Test func everyDoubleConverts() {
        #expect(Int(saturating: .nan) == 0)
        #expect(Int(saturating: .infinity) == .max)
        #expect(Int(saturating: -.infinity) == .min)
        #expect(Int(saturating: 1e308) == .max)
        #expect(Int(saturating: -1e308) == .min)
        #expect(Int(saturating: 9.3e18) == .max)
        #expect(Int(saturating: 42.9) == 42)
        #expect(Int(saturating: -42.9) == -42)
    }
}
