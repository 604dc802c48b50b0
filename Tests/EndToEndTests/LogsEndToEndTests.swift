import Foundation
import Testing
import WarRoomTestSupport

/// The logs pane in the real binary in a real terminal: a search, a filter, pausing and following a growing log.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "tmux is not installed"))
struct LogsEndToEndTests {
    @Test(.timeLimit(.minutes(2))) func searchFilterPauseAndFollow() throws {
        let directory = TemporaryDirectory("logs-e2e")
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
        try directory.write(plan, to: "plan.yaml")
        let now = ISO8601DateFormatter().string(from: Date())
        try directory.write((0..<8).map { index in
            index % 6 == 0 ? "\(now) ERROR upstream payments-gw timeout (order \(index))\n" : "\(now) INFO GET /api/cart 200 (\(index))\n"
        }.joined(), to: "app.log")
        try directory.write("\(now) WARN retrying payments-gw\n", to: "worker.log")

        let tmux = Tmux()
        try tmux.start([Tmux.binary.path, "run", directory.file("plan.yaml"), "--journal", directory.file("j.sqlite")],
                       width: 120, height: 36)
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
        screen = try tmux.waitFor(text: "/order [06]\\b/ 2/9 match")
        #expect(screen.contains("2 lines match /order [06]\\b/"))

        try tmux.type("f")
        screen = try tmux.waitFor(text: "only /order [06]\\b/ 2/9")
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
        try tmux.waitFor(text: "PAUSED +0 new")
        directory.append((0..<3).map { "\(now) INFO arrived while paused \($0)\n" }.joined(), to: "app.log")
        screen = try tmux.waitFor(text: "PAUSED +3 new")
        #expect(!screen.contains("arrived while paused"))
        try tmux.type("F")
        try tmux.waitFor(text: "arrived while paused 2")
        try tmux.send("q")
        try tmux.send("y")
        try tmux.waitFor("the program to exit") { _ in (try? tmux.paneIsDead()) == true }
    }
}
