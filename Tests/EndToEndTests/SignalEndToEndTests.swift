import Foundation
import Testing
import WarRoomTestSupport

/// The live war room in a real terminal, fed the widest values a metric file can hold, then ended by Ctrl-\:
/// it stays up, shows what it could not use, and hands the terminal back whole.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "tmux is not installed"), .timeLimit(.minutes(2)))
struct SignalEndToEndTests {
    let directory = TemporaryDirectory("signal-e2e")

    func startWarRoom(_ tmux: Tmux) throws -> String {
        let plan = """
            release: {name: tiny, version: 1.0.0, owner: Dana, on_call: Sam}
            strategy: canary
            stages:
              - {name: Canary 5%, traffic: 5%, min_duration: 5m, gate: [error_rate]}
              - {name: Full 100%, traffic: 100%}
            sources:
              - {name: app, file: metrics.jsonl, from: start}
            metrics:
              - {name: error_rate, unit: "%", baseline: 0.4, success: "< 1", alert: "> 2", source: app}
              - {name: p99_latency, unit: ms, baseline: 200, success: "< 300", alert: "> 450", source: app}
            triggers:
              - error_rate > 2% for 5m
              - avg(p99_latency, 1m) > 450ms
            rollback:
              steps: [Roll back]
            """
        try directory.write(plan, to: "plan.yaml")
        let now = Date()
        var lines = ""
        for (offset, value) in [0.5, 1e308, -1e308, 1.7976931348623157e308, -Double.leastNonzeroMagnitude, 0.73].enumerated() {
            let time = ISO8601DateFormatter().string(from: now.addingTimeInterval(Double(offset - 6)))
            lines += "{\"time\": \"\(time)\", \"error_rate\": \(value), \"p99_latency\": \(-value)}\n"
        }
        try directory.write(lines, to: "metrics.jsonl")
        let journal = directory.file("journal.sqlite")
        try tmux.start([Tmux.binary.path, "run", directory.file("plan.yaml"), "--journal", journal, "--as", "ann"],
                       width: 100, height: 30)
        // Every byte the war room sends its terminal, to see what it leaves the terminal in (tmux forgets a dead
        // pane's cursor and keypad modes).
        try tmux.tmux(["pipe-pane", "-t", tmux.session, "-o", "cat >> " + Tmux.quote(directory.file("terminal.out"))])
        try tmux.waitFor(text: "error_rate")
        return journal
    }

    func flags(_ tmux: Tmux) throws -> String {
        try tmux.tmux(["display-message", "-p", "-t", tmux.session, "#{alternate_on} #{cursor_flag} #{keypad_flag}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func extremeValuesDoNotTakeTheWarRoomDownAndCtrlBackslashEndsItCleanly() throws {
        let tmux = Tmux()
        let journal = try startWarRoom(tmux)
        let screen = try tmux.waitFor(text: "0.73%")
        #expect(try !tmux.paneIsDead(), "the war room is still up:\n\(screen)")
        #expect(try flags(tmux) == "1 0 1", "in the alternate screen, cursor hidden, keypad on")

        try tmux.send("C-\\")
        try tmux.waitFor("the war room to exit") { _ in (try? tmux.paneIsDead()) == true }
        #expect(try tmux.exitStatus() == 131, "128 + SIGQUIT")
        #expect(try flags(tmux).hasPrefix("0 "), "the alternate screen is left")
        // What xterm-256color's terminfo says undoes curses: normal screen, visible cursor, keypad off.
        let bytes = (try? String(contentsOfFile: directory.file("terminal.out"), encoding: .utf8)) ?? ""
        let tail = bytes.components(separatedBy: "\u{1B}[?1049h").last ?? ""
        for (sequence, meaning) in [("\u{1B}[?1049l", "normal screen"), ("\u{1B}[?25h", "cursor shown"), ("\u{1B}[?1l", "keypad off")] {
            #expect(tail.contains(sequence), "\(meaning) is restored")
        }
        let after = try tmux.tmux(["capture-pane", "-p", "-t", tmux.session, "-S", "-100"])
        #expect(!after.contains("Backtrace") && !after.contains("crashed"), "no crash report: \(after)")
        #expect(after.contains("journal kept at"), "\(after)")
        let last = try Tmux.run("/usr/bin/env", ["sqlite3", "-readonly", journal, "select kind from events order by seq desc limit 1"])
        #expect(last.trimmingCharacters(in: .whitespacesAndNewlines) == "session_detached")
    }

    /// A crash (here SIGSEGV from outside, as a fault would raise it) hands the terminal back first, so its report
    /// prints on a usable terminal instead of over the war room.
    @Test func aCrashRestoresTheTerminalBeforeItsReport() throws {
        let tmux = Tmux()
        _ = try startWarRoom(tmux)
        let pane = try tmux.tmux(["display-message", "-p", "-t", tmux.session, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let pids = try Tmux.run("/usr/bin/env", ["pgrep", "-f", "-P", pane, "warroom run"])
        guard let pid = pids.split(separator: "\n").first.flatMap({ Int32($0) }) else {
            Issue.record("no warroom process under pane \(pane): \(pids)")
            return
        }
        kill(pid, SIGSEGV)
        let report = try tmux.waitFor("the crash report") { $0.contains("crashed") || $0.contains("Segmentation") }
        #expect(try flags(tmux).hasPrefix("0 "), "the report is on the normal screen:\n\(report)")
        let bytes = (try? String(contentsOfFile: directory.file("terminal.out"), encoding: .utf8)) ?? ""
        let tail = bytes.components(separatedBy: "\u{1B}[?1049h").last ?? ""
        #expect(tail.contains("\u{1B}[?1049l") && tail.contains("\u{1B}[?25h"), "normal screen and cursor restored")
        // Swift's backtracer then waits for a key on a terminal; the tmux server is killed with the test.
    }
}
