import Foundation
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomFeeds

@Suite struct CommandFeedTests {
    let started = Date(timeIntervalSince1970: 5_000)

    func feed(_ line: String, format: MetricFormat = .plain, timeout: Duration = .seconds(60),
              renames: [String: String] = [:]) -> CommandFeed {
        CommandFeed(name: "probe", command: ShellCommand(line, timeout: timeout), format: format, renames: renames)
    }

    func samples(_ events: [Event]) -> [MetricSample] { events.compactMap { if case .sample(let s) = $0 { s } else { nil } } }
    func reports(_ events: [Event]) -> [SourceReport] { events.compactMap { if case .source(let r) = $0 { r } else { nil } } }

    // MARK: What an outcome means (no process)

    @Test func successfulOutputBecomesSamplesStampedWithTheStartOfTheRun() {
        var probe = feed("unused", renames: ["errors": "error_count"])
        let output = Array("errors 3\nrps 1180 1795356187\n".utf8)
        #expect(probe.events(for: .finished(.exited(0), output: output, errorOutput: Array("warming up\n".utf8)), startedAt: started) == [
            .sample(MetricSample(name: "error_count", value: 3, time: started)),
            .sample(MetricSample(name: "rps", value: 1180, time: Date(timeIntervalSince1970: 1_795_356_187))),
            .source(SourceReport(source: "probe")),
        ])
    }

    @Test func everyKindOfFailureIsAReportNeverASample() {
        let cases: [(CommandOutcome, String)] = [
            (.timedOut(after: .milliseconds(500)), "timed out after 0.5 s and was killed"),
            (.finished(.exited(3), output: Array("x 1\n".utf8), errorOutput: Array("\n  curl: (7) connection refused \nmore\n".utf8)),
             "exited with status 3: curl: (7) connection refused"),
            (.finished(.exited(1), output: [], errorOutput: []), "exited with status 1"),
            (.finished(.signalled(9), output: [], errorOutput: []), "killed by signal 9"),
            (.couldNotRun("no such file"), "could not run: no such file"),
            (.finished(.exited(0), output: [], errorOutput: []), "printed no samples"),
            (.finished(.exited(0), output: Array("# only a comment\n".utf8), errorOutput: []), "printed no samples"),
        ]
        for (outcome, failure) in cases {
            var probe = feed("unused")
            let events = probe.events(for: outcome, startedAt: started)
            #expect(samples(events) == [], "\(outcome)")
            #expect(reports(events).map(\.failure) == [failure], "\(outcome)")
        }
    }

    @Test func unparsableOutputIsAFailureAndCountsItsLines() {
        var probe = feed("unused", format: .csv)
        let events = probe.events(for: .finished(.exited(0), output: Array("time,x\n1795356187,abc\n".utf8), errorOutput: []), startedAt: started)
        #expect(events == [.source(SourceReport(
            source: "probe", failure: #"printed nothing readable as csv (line 2: column 12: 'x' "abc" is not a number)"#,
            malformedLines: 1, lastMalformed: #"line 2: column 12: 'x' "abc" is not a number: 1795356187,abc"#))])
        // Some good lines: samples, and the bad ones only counted.
        let mixed = probe.events(for: .finished(.exited(0), output: Array("time,x\n1795356187,abc\n1795356188,1\n".utf8), errorOutput: []),
                                 startedAt: started)
        #expect(samples(mixed) == [MetricSample(name: "x", value: 1, time: Date(timeIntervalSince1970: 1_795_356_188))])
        #expect(reports(mixed).map(\.failure) == [nil])
        #expect(reports(mixed).map(\.malformedLines) == [2])
    }

    @Test func recoveryClearsTheFailureAndAnUnchangedStateSendsNoReport() {
        var probe = feed("unused")
        let good = CommandOutcome.finished(.exited(0), output: Array("x 1\n".utf8), errorOutput: [])
        #expect(reports(probe.events(for: good, startedAt: started)) == [SourceReport(source: "probe")])
        #expect(reports(probe.events(for: good, startedAt: started)) == [])
        #expect(reports(probe.events(for: .timedOut(after: .seconds(2)), startedAt: started))
            == [SourceReport(source: "probe", failure: "timed out after 2 s and was killed")])
        #expect(reports(probe.events(for: .timedOut(after: .seconds(2)), startedAt: started)) == [])
        #expect(probe.events(for: good, startedAt: started)
            == [.sample(MetricSample(name: "x", value: 1, time: started)), .source(SourceReport(source: "probe"))])
    }

    @Test func outputLinesKeepALastLineWithoutNewlineAndDropCR() {
        #expect(CommandOutcome.lines(of: Array("a 1\r\nb 2".utf8)) == ["a 1", "b 2"])
        #expect(CommandOutcome.lines(of: Array("\n".utf8)) == [""])
        #expect(CommandOutcome.lines(of: []) == [])
    }

    // MARK: Real commands

    @Test func printfOutputIsParsedInTheSourceFormat() async {
        var plain = feed(#"printf 'error_rate 0.4\np99 212 1795356187\n'"#)
        #expect(await plain.runOnce(now: started) == [
            .sample(MetricSample(name: "error_rate", value: 0.4, time: started)),
            .sample(MetricSample(name: "p99", value: 212, time: Date(timeIntervalSince1970: 1_795_356_187))),
            .source(SourceReport(source: "probe")),
        ])
        var prometheus = feed(#"printf '# TYPE up gauge\nup{job="api"} 1\n'"#, format: .prometheus,
                              renames: [#"up{job="api"}"#: "api_up"])
        #expect(samples(await prometheus.runOnce(now: started)) == [MetricSample(name: "up", value: 1, time: started),
                                                                    MetricSample(name: "api_up", value: 1, time: started)])
    }

    @Test func aHangIsKilledAtTheTimeout() async {
        // The command would run a minute; finishing within half of that can only mean it was killed.
        var probe = feed("sleep 60; echo 'x 1'", timeout: .milliseconds(500))
        let clock = ContinuousClock()
        let start = clock.now
        let events = await probe.runOnce(now: started)
        let elapsed = clock.now - start
        #expect(events == [.source(SourceReport(source: "probe", failure: "timed out after 0.5 s and was killed"))])
        #expect(elapsed >= .milliseconds(450) && elapsed < .seconds(30))
    }

    @Test func theTimeoutKillsWhatTheCommandStartedToo() async throws {
        let dir = TemporaryDirectory()
        let pidFile = dir.file("child.pid")
        // A background grandchild that would outlive the shell, holding its output open.
        var probe = feed("sleep 120 & echo $! > '\(pidFile)'; wait", timeout: .milliseconds(500))
        let clock = ContinuousClock()
        let start = clock.now
        #expect(reports(await probe.runOnce(now: started)).map(\.failure) == ["timed out after 0.5 s and was killed"])
        #expect(clock.now - start < .seconds(60), "not held up by the grandchild keeping the output open")
        let text = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(Int32(text))
        // Killed, it is gone or a zombie waiting for init; bounded wait for the signal to land.
        var alive = true
        for _ in 0..<200 where alive {
            alive = Self.isRunning(pid)
            if alive { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(!alive)
    }

    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        // The state follows the parenthesised command name.
        guard let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }

    @Test func aNonZeroExitShowsItsStatusAndFirstStderrLine() async {
        var probe = feed("echo 'x 1'; echo 'upstream said no' >&2; echo 'details' >&2; exit 3")
        #expect(await probe.runOnce(now: started)
            == [.source(SourceReport(source: "probe", failure: "exited with status 3: upstream said no"))])
    }

    @Test func garbageOutputIsAFailure() async {
        var probe = feed("echo 'all good!'")
        let reports = reports(await probe.runOnce(now: started))
        #expect(reports.map(\.failure)
            == ["printed nothing readable as plain (line 1: column 5: value 'good!' of 'all' is not a number)"])
    }

    @Test func stderrOfASuccessfulRunIsNotAFailure() async {
        var probe = feed("echo 'deprecated flag' >&2; echo 'x 2'")
        #expect(await probe.runOnce(now: started)
            == [.sample(MetricSample(name: "x", value: 2, time: started)), .source(SourceReport(source: "probe"))])
    }

    @Test func aMissingProgramIsTheShellsExitStatus() async {
        var probe = feed("/nonexistent/probe")
        let failure = reports(await probe.runOnce(now: started)).first?.failure
        #expect(failure?.hasPrefix("exited with status 127: ") == true)
        #expect(failure?.contains("/nonexistent/probe") == true)
    }

    @Test func outputPastTheLimitIsAFailureNotACutDocument() async {
        let outcome = await ShellCommand("head -c 3000 /dev/zero | tr '\\0' x", timeout: .seconds(60), outputLimit: 1000).run()
        #expect(outcome == .couldNotRun("printed more than 1000 bytes"))
    }

    @Test func runRepeatsUntilCancelled() async {
        let probe = feed("echo 'x 1'")
        let (stream, continuation) = AsyncStream<Event>.makeStream()
        let task = Task {
            await probe.run(interval: .milliseconds(20), now: { Date(timeIntervalSince1970: 7) }, emit: { continuation.yield($0) })
        }
        var iterator = stream.makeAsyncIterator()
        var samples = 0
        while samples < 2, let event = await iterator.next() {
            if case .sample(let sample) = event {
                #expect(sample == MetricSample(name: "x", value: 1, time: Date(timeIntervalSince1970: 7)))
                samples += 1
            }
        }
        #expect(samples == 2)
        task.cancel()
        await task.value
    }
}
