import Foundation
import Testing
import WarRoomTestSupport

/// `warroom note` from a shell: silent on success, never starts a journal, finds the one it is meant for.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "tmux is not installed"))
struct NoteEndToEndTests {
    let scene: JournalScene

    /// A journal started by `warroom run` and closed again.
    init() async throws {
        scene = try JournalScene()
        let tmux = Tmux()
        try await scene.start(tmux, as: "ann")
        try await scene.quit(tmux)
    }

    /// `warroom ARGS` run by a shell in `directory` with `environment` added, as a script would.
    func note(in directory: URL? = nil, environment: String = "", _ arguments: [String]) throws -> (status: Int32, output: String) {
        let line = "cd \(Tmux.quote((directory ?? scene.directory).path)) && exec env \(environment) "
            + ([Tmux.binary.path, "note"] + arguments).map(Tmux.quote).joined(separator: " ")
        do {
            return (0, try Tmux.run("/bin/sh", ["-c", line]))
        } catch let failure as CommandFailure {
            return (failure.status, failure.output)
        }
    }

    func notes() throws -> [String] {
        try scene.sqlite("SELECT actor || ' ' || session || ' ' || json_extract(payload, '$.note.text') FROM events WHERE kind = 'note' ORDER BY seq")
    }

    @Test func aNoteIsRecordedSilentlyWithItsAuthorAndSession() async throws {
        let result = try note(["--journal", scene.journal, "--as", "ci", "deploy", "step 3 done"])
        #expect(result.status == 0)
        #expect(result.output.isEmpty, "nothing printed on success: \(result.output)")
        let recorded = try notes()
        #expect(recorded.count == 1)
        #expect(recorded.first?.hasPrefix("ci note-") == true)
        #expect(recorded.first?.hasSuffix(" deploy step 3 done") == true)

        let login = String(cString: getpwuid(getuid())!.pointee.pw_name)
        #expect(try note(environment: "-u USER -u LOGNAME", ["--journal", scene.journal, "by login"]).status == 0)
        #expect(try notes().last?.hasPrefix("\(login) note-") == true, "without --as or $USER, the account name")
    }

    @Test func theJournalComesFromTheOptionTheEnvironmentOrTheOnlyOneHere() async throws {
        let elsewhere = scene.directory.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: false)

        #expect(try note(in: elsewhere, environment: "WARROOM_JOURNAL=\(Tmux.quote(scene.journal))", ["from env"]).status == 0)

        let none = try note(in: elsewhere, ["lost"])
        #expect(none.status == 1)
        #expect(none.output.contains("no warroom-*.sqlite in \(elsewhere.path)"), "\(none.output)")
        #expect(none.output.contains("--journal") && none.output.contains("WARROOM_JOURNAL"))

        let only = elsewhere.appendingPathComponent("warroom-tiny-1.0.0.sqlite")
        try FileManager.default.copyItem(atPath: scene.journal, toPath: only.path)
        #expect(try note(in: elsewhere, ["found here"]).status == 0)
        #expect(try scene.sqlite("SELECT count(*) FROM events WHERE kind = 'note'") == ["1"], "went to the local one, not ours")

        try FileManager.default.copyItem(atPath: scene.journal, toPath: elsewhere.appendingPathComponent("warroom-other-2.0.sqlite").path)
        let several = try note(in: elsewhere, ["ambiguous"])
        #expect(several.status == 1)
        #expect(several.output.contains("warroom-other-2.0.sqlite, warroom-tiny-1.0.0.sqlite"), "\(several.output)")
        #expect(try notes().map { $0.split(separator: " ", maxSplits: 2).last! } == ["from env"])
    }

    @Test func noteNeverStartsAJournalNorRecordsEmptyText() async throws {
        let missing = scene.directory.appendingPathComponent("missing.sqlite").path
        let refused = try note(["--journal", missing, "hello"])
        #expect(refused.status == 1)
        #expect(refused.output.contains("\(missing): no such journal"))
        #expect(!FileManager.default.fileExists(atPath: missing))

        for empty in [[], ["   "], ["", " \t"]] {
            let result = try note(["--journal", scene.journal] + empty)
            #expect(result.status == 64, "\(empty): \(result.output)")
        }
        #expect(try notes().isEmpty)
    }

    @Test func escapeSequencesInANoteReachTheScreenInert() async throws {
        let tmux = Tmux()
        try await scene.start(tmux, as: "ann")
        // With the clipboard open to programs, an OSC 52 that got through would land in a tmux buffer.
        try tmux.tmux(["set-option", "-g", "set-clipboard", "on"])
        let hostile = "pwned \u{1B}]52;c;ZWNobyBoaQ==\u{07} \u{1B}[2J\u{1B}[31mred"
        #expect(try note(["--journal", scene.journal, "--as", "eve", hostile]).status == 0)
        let screen = try await tmux.waitUntil(text: "Note from eve: pwned", timeout: 2)
        #expect(screen.contains("␛]52;c;ZWNobyBoaQ==␇ ␛[2J␛[31mred"))
        #expect(throws: (any Error).self, "OSC 52 must not reach tmux's clipboard") { try tmux.tmux(["show-buffer"]) }
        #expect(screen.contains("WARROOM"), "CSI 2J must not have cleared the screen")
        try await scene.quit(tmux)
        let kept = try scene.sqlite("""
            SELECT count(*) FROM events WHERE json_extract(payload, '$.note.text') =
              'pwned ' || char(27) || ']52;c;ZWNobyBoaQ==' || char(7) || ' ' || char(27) || '[2J' || char(27) || '[31mred'
            """)
        #expect(kept == ["1"], "the journal keeps the text as it was given")
    }
}
