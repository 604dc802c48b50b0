import Foundation
import Testing

/// Wide text through the real binary, curses and tmux: a log line of emoji, CJK, a flag, a ZWJ family and an accent
/// shows whole, and neither its row nor the rows below it move, also when the frame diff moves it up a row.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "tmux is not installed"))
struct WideTextEndToEndTests {
    /// Skin-tone modifiers are left out: tmux 3.3a draws 👍🏽 four columns wide where the program, and newer
    /// terminals, count two (see docs/decisions.md).
    static let wide = "☕ ✅ ❌ 中文 👨‍👩‍👧 🇩🇪 cafe\u{301} wide-end"

    @Test func wideLogLinesKeepEveryRowInPlace() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-wide-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plan = """
        release: {name: wide, version: 1.0.0, owner: Dana, on_call: Sam}
        strategy: canary
        stages:
          - {name: Canary 5%, traffic: 5%, min_duration: 5m, gate: [error_rate]}
          - {name: Full 100%, traffic: 100%, min_duration: 0s}
        metrics:
          - {name: error_rate, unit: "%", baseline: 0.4, success: "< 1", alert: "> 2", source: app}
        triggers: [error_rate > 2% for 5m]
        rollback: {steps: [Roll back]}
        checklist: {launch_day: [☕ Smoke tests ✅ 中文 passing]}
        sources: [{name: app, file: metrics.jsonl}]
        logs: [{name: app, path: app.log}]
        """
        try plan.write(to: directory.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        let now = ISO8601DateFormatter().string(from: Date())
        try "{\"name\":\"error_rate\",\"value\":0.73,\"time\":\"\(now)\"}\n"
            .write(to: directory.appendingPathComponent("metrics.jsonl"), atomically: true, encoding: .utf8)
        let log = directory.appendingPathComponent("app.log")
        try "\(now) INFO service started\n".write(to: log, atomically: true, encoding: .utf8)

        let tmux = Tmux()
        try tmux.start([Tmux.binary.path, "run", directory.appendingPathComponent("plan.yaml").path,
                        "--journal", directory.appendingPathComponent("j.sqlite").path], width: 80, height: 24)
        var screen = try tmux.waitFor(text: "service started")
        // The checklist item's wide glyphs take their columns: the decisions pane beside it stays in its column.
        let rows = screen.split(separator: "\n").map(String.init)
        if let item = rows.firstIndex(where: { $0.contains("Smoke tests") }), item > 0 {
            #expect(rows[item].contains("☕ Smoke tests ✅ 中文 passing"))
            #expect(column(of: "T+1h", in: rows[item]) == column(of: "T+15m", in: rows[item - 1]),
                    "the checklist row pushed the decisions pane:\n\(screen)")
        } else {
            Issue.record("no checklist item on screen:\n\(screen)")
        }

        // The logs pane shows three rows: each step checks the newest ones, and moves the rows before them up one,
        // so the frame diff rewrites rows that held wide glyphs.
        let lines = ["\(now) ERROR \(Self.wide)", "\(now) INFO after-wide marker",
                     // 16 columns of time and level, then 21 of timestamp and 5 of "WARN ", then "x": 43 before the
                     // CJK, so 18 and the "…" that says it was cut fill the 37 columns left.
                     "\(now) WARN x" + String(repeating: "中", count: 40) + "TAIL", "\(now) INFO after-long marker"]
        let shown = [lines[0], lines[1], "\(now) WARN x" + String(repeating: "中", count: 18) + "…", lines[3]]
        let levels = ["ERROR", "INFO", "WARN", "INFO"]
        try append(log, Array(lines[0...1]))
        screen = try tmux.waitFor(text: "after-wide marker")
        checkLogRows(screen, from: 0, through: 1, shown: shown, levels: levels)
        try append(log, [lines[2]])
        screen = try tmux.waitFor(text: "WARN x中")
        checkLogRows(screen, from: 0, through: 2, shown: shown, levels: levels)
        try append(log, [lines[3]])
        screen = try tmux.waitFor(text: "after-long marker")
        checkLogRows(screen, from: 1, through: 3, shown: shown, levels: levels)
        #expect(!screen.contains("TAIL"), "the long line is cut at the pane's edge")

        try tmux.send("q")
        try tmux.send("y")
        try tmux.waitFor("the program to exit") { _ in (try? tmux.paneIsDead()) == true }
    }

    private func append(_ file: URL, _ lines: [String]) throws {
        let handle = try FileHandle(forWritingTo: file)
        handle.seekToEndOfFile()
        handle.write(Data(lines.map { $0 + "\n" }.joined().utf8))
        try handle.close()
    }

    /// The log rows `first...last` of `shown` are the last rows of the logs pane, each whole and where it belongs,
    /// with the status bar still the last row of the screen.
    private func checkLogRows(_ screen: String, from first: Int, through last: Int, shown: [String], levels: [String],
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let status = rows.lastIndex(where: { $0.hasPrefix(" ?:help") }), status >= last - first + 1 else {
            Issue.record("the status bar is not the last row:\n\(screen)", sourceLocation: sourceLocation)
            return
        }
        for (offset, index) in (first...last).enumerated() {
            let row = rows[status - (last - first + 1) + offset]
            #expect(isLogRow(row, level: levels[index], text: shown[index]),
                    "row should be \(levels[index]) \(shown[index]), is \(row):\n\(screen)", sourceLocation: sourceLocation)
            #expect(column(of: nil, in: row) <= 80, "row wider than the screen: \(row)", sourceLocation: sourceLocation)
        }
    }

    /// ` HH:MM:SS LEVEL text`, the level padded to six columns, nothing after the text but blanks.
    private func isLogRow(_ row: String, level: String, text: String) -> Bool {
        guard row.prefix(10).wholeMatch(of: /\ \d\d:\d\d:\d\d\ /) != nil else { return false }
        var rest = row.dropFirst(10)
        while rest.last == " " { rest = rest.dropLast() }
        return String(rest) == level + String(repeating: " ", count: 6 - level.count) + text
    }

    /// The screen column where `text` starts in `row` (the row's width when nil), counting the wide glyphs this test
    /// writes as two columns, as tmux does.
    private func column(of text: String?, in row: String) -> Int {
        let end = text.flatMap { row.range(of: $0)?.lowerBound } ?? row.endIndex
        return row[..<end].reduce(0) { $0 + ("☕✅❌中文👨‍👩‍👧🇩🇪".contains($1) ? 2 : 1) }
    }
}
