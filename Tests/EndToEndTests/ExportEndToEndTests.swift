import Foundation
import Testing
import WarRoomCore

/// `warroom export` run as the real binary on a journal the real demo wrote: every format, the
/// `export_made` entry that follows a file export, and a read-only journal that still exports.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "tmux is not installed"))
struct ExportEndToEndTests {
    static let hostileNote = "<script>alert(1)</script>"
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-export-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func sqlite(_ journal: String, _ query: String) throws -> String {
        try Tmux.run("/usr/bin/env", ["sqlite3", "-readonly", journal, query]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A regression demo at ×300: a checklist tick, the trigger firing, a hostile note, then quit.
    func recordJournal() throws -> String {
        let journal = directory.appendingPathComponent("release.sqlite").path
        let tmux = Tmux()
        try tmux.start([Tmux.binary.path, "demo", "--scenario", "regression", "--speed", "300", "--journal", journal,
                        "--as", "ann"], width: 100, height: 30)
        try tmux.waitFor(text: "T+")
        try tmux.send("Space")
        try tmux.waitFor(text: "[✓]")
        try tmux.waitFor(text: "FIRING", timeout: 60)
        try tmux.send("n")
        try tmux.type(Self.hostileNote)
        try tmux.send("Enter")
        try tmux.send("q")
        try tmux.send("y")
        try tmux.waitFor("the demo to exit") { _ in (try? tmux.paneIsDead()) == true }
        #expect(try tmux.exitStatus() == 0)
        return journal
    }

    @Test func everyFormatExportsAndIsRecorded() throws {
        let journal = try recordJournal()
        defer { try? FileManager.default.removeItem(at: directory) }
        let events = try sqlite(journal, "select count(*) from events")
        let hash = try sqlite(journal, "select value from meta where key = 'plan_hash'")
        let metrics = try sqlite(journal, "select count(distinct metric) from samples")

        let stdout = try Tmux.run(Tmux.binary.path, ["export", journal])
        #expect(stdout.hasPrefix("# Post-mortem: "))
        #expect(try Tmux.run(Tmux.binary.path, ["export", journal, "-o", "-"]) == stdout, "-o - is standard output")
        #expect(try sqlite(journal, "select count(*) from events") == events, "printing to standard output records nothing")

        var outputs: [String: String] = [:]
        var counts: [String: Int] = [:]
        for format in ["markdown", "json", "ndjson", "html"] {
            counts[format] = Int(try sqlite(journal, "select count(*) from events"))
            let file = directory.appendingPathComponent("postmortem.\(format)").path
            let printed = try Tmux.run(Tmux.binary.path, ["export", journal, "--format", format, "-o", file, "--as", "ann"])
            #expect(printed.isEmpty, "\(format): \(printed)")
            outputs[format] = try String(contentsOfFile: file, encoding: .utf8)
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(format): as private as the journal it copies")
            let recorded = try sqlite(journal, "select actor || ' ' || json_extract(payload, '$.exportMade.format') || ' ' || "
                + "json_extract(payload, '$.exportMade.file') from events where kind = 'export_made' order by seq desc limit 1")
            #expect(recorded == "ann \(format) \(file)")
        }
        #expect(try sqlite(journal, "select count(*) from events") == String(Int(events)! + 4))
        #expect(try sqlite(journal, "select value from meta where key = 'plan_hash'") == hash, "recording never changes the plan")

        let markdown = try #require(outputs["markdown"])
        for section in ["## Summary", "## Timeline", "## Stages", "## Metrics per stage", "## Triggers", "## Decisions", "## Checklist", "## Notes"] {
            #expect(markdown.contains("\n\(section)\n"), "markdown lacks \(section)")
        }
        #expect(markdown.contains("\\<script>alert(1)\\</script>"), "a backslash escape, never an entity")

        let json = try #require(outputs["json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(document["format"] as? String == "warroom-export")
        #expect(document["generator"] as? String == "warroom \(WarroomVersion.current)")
        #expect((document["events"] as? [Any])?.count == counts["json"], "every entry, up to the export itself")
        #expect((document["samples"] as? [Any])?.isEmpty == false)

        let lines = try #require(outputs["ndjson"]).split(separator: "\n")
        let types = try lines.map { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["type"] as? String
        }
        #expect(types.first == "header")
        #expect(types.filter { $0 == "event" }.count == counts["ndjson"] && types.filter { $0 == "sample" }.count > 0)

        let html = try #require(outputs["html"])
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.components(separatedBy: "<svg").count - 1 >= Int(metrics)!, "a chart per sampled metric")
    }

    /// A journal nobody may write (read-only file in a read-only directory) exports; the note says it was not recorded.
    @Test func aReadOnlyJournalStillExports() throws {
        let journal = try recordJournal()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = try sqlite(journal, "select count(*) from events")
        let output = directory.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: output.path)
        // The journal as handed to a reader: every file of it readable, none writable, in a directory they may not write.
        for file in [journal, journal + "-wal", journal + "-shm"] where FileManager.default.fileExists(atPath: file) {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path) }

        // Root writes through any mode bits, so as root the export runs as nobody, who may only read.
        var command = [Tmux.binary.path]
        if geteuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
                Issue.record("running as root without setpriv (util-linux): cannot make the journal read-only")
                return
            }
            command = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", Tmux.binary.path]
        } else {
            for file in [journal, journal + "-wal", journal + "-shm"] where FileManager.default.fileExists(atPath: file) {
                try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: file)
            }
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory.path)
        }
        for format in ["markdown", "html"] {
            if format == "html" {
                // Without a -wal beside it (a journal copied or archived alone) the reader cannot create one either:
                // the file alone holds every entry. Nothing has it open, so an empty -wal and its -shm may go.
                let wal = (try? FileManager.default.attributesOfItem(atPath: journal + "-wal")[.size] as? Int) ?? 0
                #expect(wal == 0, "the readers above leave an empty -wal")
                try? FileManager.default.removeItem(atPath: journal + "-wal")
                try? FileManager.default.removeItem(atPath: journal + "-shm")
            }
            let file = output.appendingPathComponent("postmortem.\(format)").path
            let printed = try Tmux.run(command[0], Array(command.dropFirst()) + ["export", journal, "--format", format, "-o", file])
            #expect(printed.hasPrefix("warroom: wrote \(file), but the export was not recorded in the journal: "), "\(printed)")
            #expect(printed.split(separator: "\n").count == 1, "one line: \(printed)")
            #expect(try String(contentsOfFile: file, encoding: .utf8).contains("checkout"))
        }
        #expect(try sqlite(journal, "select count(*) from events") == before)
    }
}
