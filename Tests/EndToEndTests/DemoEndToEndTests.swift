import Foundation
import Testing

/// The real binary in a real terminal: keys in, screen read back, journal checked afterwards.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "tmux is not installed"))
struct DemoEndToEndTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func sqlite(_ journal: URL, _ query: String) throws -> String {
        try Tmux.run("/usr/bin/env", ["sqlite3", journal.path, query])
    }

    @Test func healthyReleaseAt80x24() throws {
        let journal = directory.appendingPathComponent("demo.sqlite")
        let tmux = Tmux()
        try tmux.start([Tmux.binary.path, "demo", "--speed", "60", "--journal", journal.path, "--as", "ann"], width: 80, height: 24)
        try tmux.waitFor(text: "WARROOM")
        try tmux.waitFor(text: "T+")

        try tmux.send("Space")  // the checklist has focus, first item selected
        try tmux.waitFor(text: "[✓]")

        try tmux.send("p")
        try tmux.waitFor(text: "Promote Canary 5% → Canary 25%?")
        try tmux.send("y")  // the gate is not READY this early: promoting anyway takes a reason
        try tmux.waitFor(text: "why promote anyway?")
        try tmux.type("e2e override")
        try tmux.send("Enter")
        try tmux.waitFor(text: "Stage 2/4")

        try tmux.waitFor(text: "DUE", timeout: 40)  // T+15m arrives 15 s in at --speed 60
        try tmux.send("d")
        try tmux.waitFor(text: "g go")
        try tmux.send("g")
        try tmux.waitFor(text: "Note (optional)")
        try tmux.type("e2e looks good")
        try tmux.send("Enter")
        try tmux.waitFor(text: "GO by ann")

        try tmux.send("n")
        try tmux.type("<script>alert(1)</script>")
        try tmux.send("Enter")

        try tmux.send("q")
        try tmux.waitFor(text: "Quit warroom?")
        try tmux.send("y")
        try tmux.waitFor("the program to exit") { _ in (try? tmux.paneIsDead()) == true }
        let status = try tmux.exitStatus()
        #expect(status == 0, "warroom exited with \(status.map(String.init) ?? "no status"):\n\((try? tmux.screen()) ?? "")")

        let kinds = try sqlite(journal, "select kind || ' ' || actor from events order by seq")
        for expected in ["release_started ann", "checklist_ticked ann", "stage_promoted ann", "decision_recorded ann",
                         "note ann", "session_detached ann"] {
            #expect(kinds.contains(expected), "journal lacks \(expected):\n\(kinds)")
        }
        let mode = try FileManager.default.attributesOfItem(atPath: journal.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let export = try Tmux.run(Tmux.binary.path, ["export", journal.path, "--format", "markdown"])
        #expect(export.contains("e2e looks good"))
        #expect(export.contains("\\<script>"))
        #expect(!export.replacingOccurrences(of: "\\<", with: "").contains("<script>"))
    }

    @Test func regressionRecommendsRollbackWithoutAKeyPress() throws {
        let journal = directory.appendingPathComponent("regression.sqlite")
        let tmux = Tmux()
        try tmux.start([Tmux.binary.path, "demo", "--scenario", "regression", "--speed", "200", "--journal", journal.path,
                        "--as", "bo"], width: 160, height: 48)
        try tmux.waitFor(text: "PENDING", timeout: 40)
        try tmux.waitFor(text: "ROLLBACK RECOMMENDED", timeout: 40)
        try tmux.waitFor(text: "FIRING")

        try tmux.send("a")
        try tmux.waitFor(text: "acked by bo")

        try tmux.send("r")
        try tmux.waitFor(text: "The rollback steps of the plan")
        try tmux.send("y")
        try tmux.waitFor(text: "ROLLED BACK")

        try tmux.send("q")
        try tmux.send("y")
        try tmux.waitFor("the program to exit") { _ in (try? tmux.paneIsDead()) == true }

        let kinds = try sqlite(journal, "select kind from events order by seq")
        for expected in ["trigger_pending", "trigger_firing", "trigger_acknowledged", "rolled_back"] {
            #expect(kinds.contains(expected), "journal lacks \(expected):\n\(kinds)")
        }
    }

    @Test func twoPeopleShareOneJournal() throws {
        let journal = directory.appendingPathComponent("shared.sqlite")
        let first = Tmux(), second = Tmux()
        try first.start([Tmux.binary.path, "demo", "--journal", journal.path, "--as", "dee"], width: 100, height: 30)
        try first.waitFor(text: "T+")
        try second.start([Tmux.binary.path, "demo", "--journal", journal.path, "--as", "eli"], width: 100, height: 30)
        try first.waitFor(text: "with ")
        try second.send("Space")
        let seen = try first.waitFor(text: "[✓]")
        #expect(seen.contains("eli"), "the other person's tick shows who made it")
        for tmux in [first, second] {
            try tmux.send("q")
            try tmux.send("y")
            try tmux.waitFor("the program to exit") { _ in (try? tmux.paneIsDead()) == true }
        }
        #expect(try sqlite(journal, "select count(*) from events where kind = 'release_started'").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    @Test func restartResumesFromTheJournal() throws {
        let journal = directory.appendingPathComponent("resume.sqlite")
        for round in 0..<2 {
            let tmux = Tmux()
            // Wide enough for the header's resumed notice beside the judge's word, which outranks it at 100 columns.
            try tmux.start([Tmux.binary.path, "demo", "--journal", journal.path, "--as", "cy"], width: 160, height: 30)
            try tmux.waitFor(text: "WARROOM")
            if round == 0 {
                try tmux.send("Space")
                try tmux.waitFor(text: "[✓]")
            } else {
                let screen = try tmux.waitFor(text: "resumed (")
                #expect(screen.contains("[✓]"))
            }
            try tmux.send("q")
            try tmux.send("y")
            try tmux.waitFor("the program to exit") { _ in (try? tmux.paneIsDead()) == true }
        }
        #expect(try sqlite(journal, "select count(*) from events where kind = 'release_started'").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }
}
