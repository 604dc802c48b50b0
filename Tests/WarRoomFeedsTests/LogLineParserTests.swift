import Foundation
import Testing
import WarRoomCore
@testable import WarRoomFeeds

@Suite struct LogLineParserTests {
    let arrival = Date(timeIntervalSince1970: 1_000)
    /// 2026-11-22T14:03:07Z
    let stamp = Date(timeIntervalSince1970: 1_795_356_187)

    func parse(_ line: String) -> LogLine { LogLineParser.parse(line, source: "app.log", arrival: arrival) }

    @Test func isoPrefixAndLevel() {
        let line = parse("2026-11-22T14:03:07Z ERROR upstream payments-gw timeout after 2000ms")
        // The row shows the time and level from the line's fields: its text is the message alone.
        #expect(line == LogLine(time: stamp, level: .error, text: "upstream payments-gw timeout after 2000ms", source: "app.log"))
        #expect(parse("2026-11-22T14:03:07.5+00:00 WARNING disk 91%").level == .warn)
        #expect(abs(parse("2026-11-22 14:03:07,123 INFO started").time.timeIntervalSince(stamp) - 0.123) < 1e-6)
    }

    @Test func bracketedForms() {
        #expect(parse("[ERROR] payment failed").level == .error)
        #expect(parse("[ERROR] payment failed").time == arrival)
        let line = parse("[2026-11-22 14:03:07] [warn] retrying payments-gw")
        #expect(line.level == .warn && line.time == stamp)
        #expect(parse("[2026-11-22T14:03:07Z] CRITICAL: pool exhausted").level == .fatal)
        #expect(parse("ERR: could not bind").level == .error)
        #expect(parse("panic: runtime error: index out of range").level == .fatal)
    }

    @Test func zoneWordAndBracketedTag() {
        let line = parse("2026-11-22 14:03:07 UTC [migrate] ERROR lock timeout on ledger_entries")
        #expect(line.level == .error && line.time == stamp)
        #expect(parse("2026-11-22 14:03:07 GMT WARN replica lag").level == .warn)
        #expect(parse("[main] INFO started").level == .info)
        // Only one tag is skipped, and only a bracketed one: a level deep in the message does not count.
        #expect(parse("[a] [b] ERROR x").level == .unknown)
        #expect(parse("2026-11-22 14:03:07 UTC migrate ERROR x").level == .unknown)
        // A word that merely starts with UTC is not a zone.
        #expect(parse("2026-11-22 14:03:07 UTCX ERROR x").level == .unknown)
    }

    @Test func jsonLogs() {
        let line = parse(#"{"ts":"2026-11-22T14:03:07Z","level":"error","msg":"charge failed","order":42}"#)
        #expect(line == LogLine(time: stamp, level: .error, text: "charge failed", source: "app.log"))
        #expect(parse(#"{"severity":"WARNING","message":"slow"}"#).level == .warn)
        #expect(parse(#"{"lvl":"crit","message":"x"}"#).level == .fatal)
        #expect(parse(#"{"level":50,"time":1795356187,"msg":"pino"}"#) == LogLine(time: stamp, level: .error, text: "pino", source: "app.log"))
        // Out of any level's range, or of Int's: a level, never a crash.
        #expect(parse(#"{"level":1e999,"msg":"x"}"#).level == .unknown)
        #expect(parse(#"{"level":-1e300,"msg":"x"}"#).level == .trace)
        #expect(parse(#"{"level":9e18,"msg":"x"}"#).level == .fatal)
        #expect(parse(#"{"note":"no level"}"#) == LogLine(time: arrival, level: .unknown, text: #"{"note":"no level"}"#, source: "app.log"))
    }

    @Test func logfmt() {
        let text = #"time=2026-11-22T14:03:07Z level=error msg="upstream timeout" service=payments-gw"#
        #expect(parse(text) == LogLine(time: stamp, level: .error, text: text, source: "app.log"))
        #expect(parse(#"lvl=WARN msg="cache cold""#).level == .warn)
        #expect(parse(#"lvl=WARN msg="cache cold""#).time == arrival)
    }

    @Test func levelWordsMap() {
        #expect(LogLineParser.level(named: "WARNING") == .warn)
        #expect(LogLineParser.level(named: "err") == .error)
        #expect(["CRITICAL", "fatal", "Panic"].allSatisfy { LogLineParser.level(named: $0) == .fatal })
        #expect(LogLineParser.level(named: "debug") == .debug)
        #expect(LogLineParser.level(named: "errors") == nil)
    }

    @Test func unknownFormatsStillComeThrough() {
        #expect(parse("something happened, error or not") == LogLine(time: arrival, level: .unknown,
                                                                     text: "something happened, error or not", source: "app.log"))
        #expect(parse("").level == .unknown)
    }

    @Test func escapeSequencesStayRaw() {
        let raw = "2026-11-22T14:03:07Z INFO user agent \u{1B}]52;c;ZWNobyBoaQ==\u{07} logged in"
        #expect(parse(raw).text == "user agent \u{1B}]52;c;ZWNobyBoaQ==\u{07} logged in")
        #expect(parse(raw).level == .info)
    }
}

/// A row shows the time and level once: the text keeps what the line says after them, in every prefixed format.
@Suite struct LogMessageTests {
    let arrival = Date(timeIntervalSince1970: 2_000)

    func text(_ line: String) -> String { LogLineParser.parse(line, source: "app", arrival: arrival).text }

    @Test(arguments: [
        ("2026-12-06T00:05:07.522Z INFO committed offset 42", "committed offset 42"),
        ("2026-12-02 05:05:41 UTC [migrate] ERROR lock timeout", "[migrate] lock timeout"),
        ("[2026-11-22 14:03:07] [warn] disk 91%", "disk 91%"),
        ("[ERROR] upstream down", "upstream down"),
        ("ERROR: upstream down", "upstream down"),
        ("2026-11-22T14:03:07Z WARN - retrying", "retrying"),
        ("2026-11-22T14:03:07Z | ERROR | boom", "ERROR | boom"),
        ("[main] started", "[main] started"),
        ("2026-11-22T14:03:07Z plain words", "plain words"),
        ("2026-11-22T14:03:07Z ERROR", "2026-11-22T14:03:07Z ERROR"),
        ("no prefix ERROR here", "no prefix ERROR here"),
        ("{\"level\":\"error\",\"msg\":\"json message\"}", "json message"),
        ("level=error msg=\"logfmt stays whole\"", "level=error msg=\"logfmt stays whole\""),
    ])
    func theTimeAndLevelAreNotRepeated(line: String, expected: String) {
        #expect(text(line) == expected)
    }
}
