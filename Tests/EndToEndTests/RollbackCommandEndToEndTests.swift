import Foundation
import Testing

/// Rolling back and running the plan's rollback step commands from the dialog, in the real binary.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "tmux is not installed"))
struct RollbackCommandEndToEndTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-rollback-\(UUID().uuidString)")

    func plan(steps: String) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let plan = """
        release:
          name: tiny
          version: 1.0.0
          owner: Dana
          on_call: Sam
        strategy: canary
        stages:
          - name: Canary 5%
            traffic: 5%
            min_duration: 5m
          - name: Full 100%
            traffic: 100%
            min_duration: 0s
        metrics:
          - name: error_rate
            unit: "%"
            success: "< 1"
            alert: "> 2"
        rollback:
          steps:
        \(steps)
        checklist:
          launch_day:
            - Smoke tests passing
        """
        let path = directory.appendingPathComponent("plan.yaml").path
        try plan.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    var journal: String { directory.appendingPathComponent("j.sqlite").path }

    func commandRuns() throws -> String {
        try Tmux.run("/usr/bin/env", ["sqlite3", "-readonly", journal,
                                      "SELECT actor, json_extract(payload, '$.commandRun.exitStatus'), json_extract(payload, '$.commandRun.output') FROM events WHERE kind = 'command_run' ORDER BY seq"])
    }

    @Test func aStepRunsOnlyAfterTheRollbackAndAConfirmationAndItsOutputIsJournaled() throws {
        let marker = directory.appendingPathComponent("abort-ran").path
        let path = try plan(steps: """
              - text: Abort the rollout
                command: echo aborting canary; echo "stable serves 100%" >&2; touch \(marker)
              - text: Show the rollout
                command: echo step two; exit 3
              - Tell the channel
        """)
        let tmux = Tmux()
        try tmux.start([Tmux.binary.path, "run", path, "--journal", journal, "--as", "sam"], width: 100, height: 40)
        try tmux.waitFor(text: "WARROOM")
        try tmux.send("s")
        try tmux.send("y")
        try tmux.waitFor(text: "Canary 5%")
        try tmux.send("r")
        var screen = try tmux.waitFor(text: "y record rollback")
        #expect(screen.contains("$ echo aborting canary"), "the confirmation shows each step's command")
        try tmux.send("y")
        screen = try tmux.waitFor(text: "Rollback steps")
        #expect(screen.contains("▶ 1. Abort the rollout"))
        #expect(!FileManager.default.fileExists(atPath: marker), "recording the rollback runs nothing")
        try tmux.send("x")
        try tmux.waitFor(text: "Run step 1's command now?")
        try tmux.send("n")
        try tmux.waitFor(text: "Rollback steps")
        #expect(!FileManager.default.fileExists(atPath: marker), "cancelled: nothing ran")
        try tmux.send("x")
        try tmux.waitFor(text: "Run step 1's command now?")
        try tmux.send("y")
        screen = try tmux.waitFor(text: "✓ exit 0 · sam")
        #expect(screen.contains("aborting canary") && screen.contains("stable serves 100%"), "the output is shown")
        #expect(FileManager.default.fileExists(atPath: marker))
        try tmux.send("j")
        try tmux.send("x")
        try tmux.waitFor(text: "Run step 2's command now?")
        try tmux.send("y")
        try tmux.waitFor(text: "✗ exit 3 · sam")
        try tmux.send("j")
        try tmux.send("x")
        try tmux.waitFor(text: "Step 3 has no command: it is done by hand.")
        let runs = try commandRuns()
        #expect(runs == "sam|0|aborting canary\nstable serves 100%\n\nsam|3|step two\n\n")
        // Step 3 done by hand, and step 2, whose command failed, done by hand instead.
        try tmux.send("Space")
        try tmux.waitFor(text: "✓ done by hand · sam")
        try tmux.send("k")
        try tmux.send("Space")
        try tmux.waitFor(text: "3/3 steps done")
        let marks = try Tmux.run("/usr/bin/env", ["sqlite3", "-readonly", journal, "SELECT actor || '|' || "
            + "json_extract(payload, '$.rollbackStepMarked.step') FROM events WHERE kind = 'rollback_step_marked' ORDER BY seq"])
        #expect(marks == "sam|2\nsam|1\n")
        try tmux.send("Escape")
        try tmux.send("q")
        try tmux.send("y")
        try tmux.waitFor("the program to exit") { _ in (try? tmux.paneIsDead()) == true }
    }

    @Test func quittingKillsARunningStepAndSaysSo() throws {
        let marker = directory.appendingPathComponent("finished").path
        let path = try plan(steps: """
              - text: Drain slowly
                command: sleep 30; touch \(marker)
        """)
        let tmux = Tmux()
        try tmux.start([Tmux.binary.path, "run", path, "--journal", journal, "--as", "sam"], width: 100, height: 40)
        try tmux.waitFor(text: "WARROOM")
        for key in ["s", "y", "r", "y", "x", "y"] { try tmux.send(key) }
        try tmux.waitFor(text: "running…")
        #expect(Self.processes(mentioning: marker) > 0, "the command runs")
        try tmux.send("Escape")
        try tmux.send("q")
        try tmux.waitFor(text: "quitting kills it")
        try tmux.send("y")
        try tmux.waitFor("the program to exit") { _ in (try? tmux.paneIsDead()) == true }
        let runs = try commandRuns()
        #expect(runs == "sam||[warroom: killed because warroom quit while it ran]\n")
        #expect(Self.processes(mentioning: marker) == 0, "the command and its children are gone")
    }

    /// Two war rooms on one journal confirm the same step within milliseconds of each other: the command runs
    /// once, and both screens say where it ran.
    @Test func twoWarRoomsConfirmingTheSameStepRunItOnce() throws {
        let marker = directory.appendingPathComponent("runs").path
        let path = try plan(steps: """
              - text: Abort the rollout
                command: echo ran >> \(marker); sleep 2
        """)
        let sam = Tmux(), dana = Tmux()
        try sam.start([Tmux.binary.path, "run", path, "--journal", journal, "--as", "sam"], width: 100, height: 40)
        try sam.waitFor(text: "WARROOM")
        for key in ["s", "y", "r", "y"] { try sam.send(key) }
        try sam.waitFor(text: "Rollback steps")
        try dana.start([Tmux.binary.path, "run", path, "--journal", journal, "--as", "dana"], width: 100, height: 40)
        try dana.waitFor(text: "ROLLED BACK")
        try dana.send("r")
        try dana.waitFor(text: "Rollback steps")
        for room in [sam, dana] {
            try room.send("x")
            try room.waitFor(text: "Run step 1's command now?")
        }
        // Both confirm before either war room polls the journal again (every 0.5 s). Whichever start reaches the
        // journal first runs; usually both starts are journaled and the second is refused as a lost race.
        try sam.send("y")
        try dana.send("y")
        try sam.waitFor(text: "✓ exit 0 ·")
        let starts = try Tmux.run("/usr/bin/env", ["sqlite3", "-readonly", journal,
                                                   "SELECT actor FROM events WHERE kind = 'command_started' ORDER BY seq"])
        let winner = try #require(starts.split(separator: "\n").first.map(String.init))
        let (won, lost) = winner == "sam" ? (sam, dana) : (dana, sam)
        let loser = winner == "sam" ? "dana" : "sam"
        try lost.waitFor(text: "✓ exit 0 · \(winner)")
        try won.waitFor(text: "✓ exit 0 · \(winner)")
        #expect(try String(contentsOfFile: marker, encoding: .utf8) == "ran\n", "the command ran once")
        let runs = try Tmux.run("/usr/bin/env", ["sqlite3", "-readonly", journal,
                                                 "SELECT actor, json_extract(payload, '$.commandRun.step') FROM events WHERE kind = 'command_run'"])
        #expect(runs == "\(winner)|0\n", "one result, by the war room that ran it")
        #expect(starts == "\(winner)\n\(loser)\n" || starts == "\(winner)\n", "the loser's start, if journaled, came second")
        for room in [sam, dana] {
            for key in ["Escape", "q", "y"] { try room.send(key) }
            try room.waitFor("the program to exit") { _ in (try? room.paneIsDead()) == true }
        }
    }

    /// A war room killed with -9 while its step runs: the step's processes die with it (its watchdog), and the
    /// other war room on the journal notices at once, journals the session as gone, and may run the step again
    /// instead of waiting 11 minutes for it to lapse.
    @Test func aWarRoomKilledMidStepTakesItsCommandAlongAndReleasesTheStep() throws {
        let marker = directory.appendingPathComponent("finished").path
        let path = try plan(steps: """
              - text: Drain slowly
                command: sleep 30; touch \(marker)
        """)
        let sam = Tmux(), dana = Tmux()
        try sam.start([Tmux.binary.path, "run", path, "--journal", journal, "--as", "sam"], width: 100, height: 40)
        try sam.waitFor(text: "WARROOM")
        for key in ["s", "y", "r", "y", "x", "y"] { try sam.send(key) }
        try sam.waitFor(text: "running…")
        try dana.start([Tmux.binary.path, "run", path, "--journal", journal, "--as", "dana"], width: 100, height: 40)
        try dana.waitFor(text: "ROLLED BACK")
        try dana.send("r")
        try dana.waitFor(text: "running in sam's war room")
        #expect(Self.processes(mentioning: marker) > 0, "the step runs")

        let pane = try sam.tmux(["display-message", "-p", "-t", sam.session, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let warroom = try #require(Int32(try Tmux.run("/usr/bin/env", ["pgrep", "-P", pane]).split(separator: "\n").first ?? ""))
        kill(warroom, SIGKILL)

        let deadline = Date().addingTimeInterval(10)
        while Self.processes(mentioning: marker) > 0, Date() < deadline { usleep(100_000) }
        #expect(Self.processes(mentioning: marker) == 0, "the step's processes died with their war room")
        try dana.waitFor("the step to be released", timeout: 10) { !$0.contains("running in sam's war room") }
        let gone = try Tmux.run("/usr/bin/env", ["sqlite3", "-readonly", journal,
                                                 "SELECT actor FROM events WHERE kind = 'session_gone'"])
        #expect(gone == "dana\n", "dana's war room journaled sam's as gone, once")
        try dana.send("x")
        try dana.waitFor(text: "Run step 1's command now?")
        for key in ["n", "Escape", "q", "y"] { try dana.send(key) }
        try dana.waitFor("the program to exit") { _ in (try? dana.paneIsDead()) == true }
        #expect(!FileManager.default.fileExists(atPath: marker), "the killed step never finished")
    }

    /// How many running processes have `text` in their command line, from /proc.
    static func processes(mentioning text: String) -> Int {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc").filter { Int($0) != nil }) ?? []
        return pids.count { pid in
            guard let line = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: line, as: UTF8.self).contains(text)
        }
    }
}
