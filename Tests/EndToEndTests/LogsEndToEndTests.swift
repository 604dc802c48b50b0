import Foundation
import Testing

/// The logs pane in the real binary in a real terminal: a search, a filter, pausing and following a growing log.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "tmux is not installed"))
struct LogsEndToEndTests {
    @Test(.timeLimit(.minutes(2))) func searchFilterPauseAndFollow() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plan = """
        release: {name: tiny, version: 1.0.0, owner: Dana, on_call: Sam}
        strategy: canary
        stages:
          - {name: Canary 5%, traffic: 5%, min_duration: 5m}
          - {name: Full 100%, traffic: 100%}
        metrics:
          - {name: log_errors, log: app, count: error, window: 1m, success: "< 5", alert: "> 20"}
        triggers:
          - log_errors > 20 for 5m
        rollback:
          steps: [Roll back]
        logs:
          - {name: app, path: app.log, journal_rate: 100}
          - {name: worker, path: worker.log}
        """
        try plan.write(to: directory.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        let now = ISO8601DateFormatter().string(from: Date())
        let app = directory.appendingPathComponent("app.log"), worker = directory.appendingPathComponent("worker.log")
        try (0..<8).map { index in
            index % 6 == 0 ? "\(now) ERROR upstream payments-gw timeout (order \(index))\n" : "\(now) INFO GET /api/cart 200 (\(index))\n"
        }.joined().write(to: app, atomically: true, encoding: .utf8)
        try "\(now) WARN retrying payments-gw\n".write(to: worker, atomically: true, encoding: .utf8)

        let tmux = Tmux()
        try tmux.start([Tmux.binary.path, "run", directory.appendingPathComponent("plan.yaml").path,
                        "--journal", directory.appendingPathComponent("j.sqlite").path], width: 120, height: 36)
        // One time and one level a row, the log's name, the message without the line's own prefix.
        var screen = try tmux.waitFor(text: "worker retrying payments-gw")
        #expect(screen.contains("ERROR app    upstream payments-gw timeout (order 6)"))
        #expect(!screen.contains("\(now) ERROR"), "the line's own time and level are not repeated")

        try tmux.type("/")
        try tmux.waitFor(text: "Search the logs")
        try tmux.type("order [06]\\b")
        try tmux.send("Tab")
        try tmux.waitFor(text: "regular expression")
        try tmux.send("Enter")
        screen = try tmux.waitFor(text: "/order [06]\\b/ 2 of 9 match")
        #expect(screen.contains("2 lines match /order [06]\\b/"))

        try tmux.type("f")
        screen = try tmux.waitFor(text: "only /order [06]\\b/: 2 of 9")
        let rows = screen.split(separator: "\n").filter { $0.contains(" ERROR ") || $0.contains(" INFO ") || $0.contains(" WARN ") }
        #expect(rows.count == 2 && rows.allSatisfy { $0.contains("order 0)") || $0.contains("order 6)") }, "\(rows)")

        // Clear the search: every line again, and still paused on the match.
        try tmux.type("/")
        try tmux.waitFor(text: "Search the logs")
        for _ in "order [06]\\b" { try tmux.send("BSpace") }
        try tmux.send("Enter")
        try tmux.waitFor(text: "Search cleared.")
        try tmux.type("G")
        try tmux.waitFor(text: "GET /api/cart 200 (7)")

        try tmux.type("F")
        try tmux.waitFor(text: "PAUSED, 0 new")
        let handle = try FileHandle(forWritingTo: app)
        handle.seekToEndOfFile()
        handle.write(Data((0..<3).map { "\(now) INFO arrived while paused \($0)\n" }.joined().utf8))
        try handle.close()
        screen = try tmux.waitFor(text: "PAUSED, 3 new")
        #expect(!screen.contains("arrived while paused"))
        try tmux.type("F")
        try tmux.waitFor(text: "arrived while paused 2")
        try tmux.send("q")
        try tmux.send("y")
        try tmux.waitFor("the program to exit") { _ in (try? tmux.paneIsDead()) == true }
    }
}
