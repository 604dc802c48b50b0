import Foundation
import Testing
import WarRoomTestSupport

/// `warroom run` on a plan that tails real files, including a hostile log line.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "tmux is not installed"))
struct RunEndToEndTests {
    @Test func tailsFilesAndShowsEscapeSequencesInert() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-run-\(UUID().uuidString)")
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
            gate: [error_rate]
          - name: Full 100%
            traffic: 100%
            min_duration: 0s
        metrics:
          - name: error_rate
            unit: "%"
            baseline: 0.4
            success: "< 1"
            alert: "> 2"
        triggers:
          - error_rate > 2% for 5m
        rollback:
          steps: [Roll back]
        checklist:
          launch_day:
            - Smoke tests passing
        sources:
          - name: app
            file: metrics.jsonl
        logs:
          - name: app
            path: app.log
        """
        try plan.write(to: directory.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        let now = ISO8601DateFormatter().string(from: Date())
        try "{\"name\":\"error_rate\",\"value\":0.73,\"time\":\"\(now)\"}\n"
            .write(to: directory.appendingPathComponent("metrics.jsonl"), atomically: true, encoding: .utf8)
        let log = directory.appendingPathComponent("app.log")
        try "\(now) INFO service started\n".write(to: log, atomically: true, encoding: .utf8)

        let tmux = Tmux()
        try tmux.start([Tmux.binary.path, "run", directory.appendingPathComponent("plan.yaml").path,
                        "--journal", directory.appendingPathComponent("j.sqlite").path], width: 120, height: 36)
        try tmux.waitFor(text: "service started")
        // With the clipboard open to programs, an OSC 52 that got through would land in a tmux buffer.
        try tmux.tmux(["set-option", "-g", "set-clipboard", "on"])
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        handle.write(Data("\(now) ERROR pwned \u{1B}]52;c;ZWNobyBoaQ==\u{07} \u{1B}[2J\u{1B}[31mred\n".utf8))
        try handle.close()
        let screen = try tmux.waitFor(text: "pwned")
        #expect(screen.contains("␛]52;c;ZWNobyBoaQ==␇ ␛[2J␛[31mred"))
        try tmux.waitFor(text: "0.73%")
        #expect(throws: (any Error).self, "OSC 52 must not reach tmux's clipboard") { try tmux.tmux(["show-buffer"]) }
        #expect(try tmux.screen().contains("WARROOM"), "CSI 2J must not have cleared the screen")
        try tmux.send("q")
        try tmux.send("y")
        try tmux.waitFor("the program to exit") { _ in (try? tmux.paneIsDead()) == true }
    }

    @Test func aBrokenPlanIsReportedLikeACompilerAndNothingStarts() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let plan = repository.appendingPathComponent("fixtures/plans/invalid/typos.yaml").path
        let journal = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-never-\(UUID().uuidString).sqlite").path
        do {
            try Tmux.run(Tmux.binary.path, ["run", plan, "--journal", journal])
            Issue.record("a broken plan must fail")
        } catch let failure as CommandFailure {
            #expect(failure.status == 1)
            #expect(failure.output.hasPrefix("\(plan):4:3: error: unknown key 'verison' in release; did you mean 'version'?"))
            #expect(!failure.output.contains("Error: "), "diagnostics are printed as they are")
        }
        #expect(!FileManager.default.fileExists(atPath: journal), "no journal is created for a plan that does not load")
    }
}
