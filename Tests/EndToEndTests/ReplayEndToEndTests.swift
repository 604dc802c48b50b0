import Foundation
import Testing
import WarRoomTestSupport

/// `warroom replay` on a journal the real demo wrote: the banner, time that advances and stops, seeking,
/// refused writes, and a journal left exactly as it was.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "tmux is not installed"))
struct ReplayEndToEndTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-replay-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func sqlite(_ journal: URL, _ query: String) throws -> String {
        try Tmux.run("/usr/bin/env", ["sqlite3", "-readonly", journal.path, query]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A regression demo at ×300: a tick, the trigger firing and acknowledged, then quit.
    func recordJournal() throws -> URL {
        let journal = directory.appendingPathComponent("release.sqlite")
        let tmux = Tmux()
        try tmux.start([Tmux.binary.path, "demo", "--scenario", "regression", "--speed", "300", "--journal", journal.path,
                        "--as", "ann"], width: 160, height: 48)
        try tmux.waitFor(text: "T+")
        try tmux.send("Space")
        try tmux.waitFor(text: "[✓]")
        // The judge's triggers fire from about T+13m; the journal runs on until a threshold fires too (about T+26m).
        try tmux.waitFor("error_rate > 2% for 5m to fire", timeout: 60) { Self.thresholdFiring(in: $0) }
        try tmux.send("a")
        try tmux.waitFor(text: "acked by ann")
        try tmux.send("q")
        try tmux.send("y")
        try tmux.waitFor("the demo to exit") { _ in (try? tmux.paneIsDead()) == true }
        #expect(try tmux.exitStatus() == 0)
        return journal
    }

    /// True when the screen shows the error-rate threshold trigger firing.
    static func thresholdFiring(in screen: String) -> Bool {
        screen.split(separator: "\n").contains { $0.contains("error_rate > 2% for 5m") && $0.contains("FIRING") }
    }

    /// What a replay must leave untouched: the entries, the samples, and the file's bytes.
    func fingerprint(_ journal: URL) throws -> (events: String, samples: String, bytes: Data) {
        (try sqlite(journal, "select count(*) || ' ' || max(seq) from events"), try sqlite(journal, "select count(*) from samples"),
         try Data(contentsOf: journal))
    }

    /// The banner's offset from T0 in seconds, e.g. `REPLAY  T+7m56s` → 476.
    static func offset(in screen: String) -> Int? {
        guard let range = screen.range(of: #"REPLAY  T[+-][0-9dhms]+"#, options: .regularExpression) else { return nil }
        let text = screen[range].dropFirst("REPLAY  T".count)
        var total = 0, number = 0
        for character in text.dropFirst() {
            if let digit = character.wholeNumberValue { number = number * 10 + digit; continue }
            total += number * ["d": 86_400, "h": 3600, "m": 60, "s": 1][String(character)]!
            number = 0
        }
        return text.first == "-" ? -total : total
    }

    @Test func playsPausesSeeksAndNeverWritesAt80x24() throws {
        let journal = try recordJournal()
        let before = try fingerprint(journal)
        #expect(before.samples != "0", "the demo journaled its sample windows")

        let tmux = Tmux()
        try tmux.start([Tmux.binary.path, "replay", journal.path, "--speed", "60"], width: 80, height: 24)
        let first = try tmux.waitFor(text: "REPLAY  T+")
        #expect(first.contains("×60  ▶"))
        let start = try #require(Self.offset(in: first))
        try tmux.waitFor("time to advance") { (Self.offset(in: $0) ?? start) >= start + 2 }

        try tmux.send("Space")
        let paused = try tmux.waitFor(text: "⏸ paused")
        let stopped = try #require(Self.offset(in: paused))
        usleep(1_500_000)  // at ×60 a moving clock would be 90 s on by now
        #expect(Self.offset(in: try tmux.screen()) == stopped, "paused time stands still")

        try tmux.send("Right")
        try tmux.waitFor("→ to seek a minute on") { Self.offset(in: $0) == stopped + 60 }
        try tmux.send("]")
        try tmux.waitFor("] to seek ten minutes on") { Self.offset(in: $0) == stopped + 660 }

        for key in ["s", "p", "r", "n", "d", "a", "Enter"] {
            try tmux.send(key)
            try tmux.waitFor(text: "Replay is read-only")
            try tmux.send("Left")  // clears the message, so each key is seen to be refused
            try tmux.waitFor("the message to clear") { !$0.contains("Replay is read-only") }
        }
        let screen = try tmux.screen()
        #expect(!screen.contains("Start the release") && !screen.contains("A note for the journal"), "no dialog that records opened")

        try tmux.send("?")
        try tmux.waitFor(text: "Replay keys")
        try tmux.send("Escape")
        try tmux.send("G")
        try tmux.waitFor(text: "end of journal")
        try tmux.waitFor(text: "acked by ann")

        try tmux.send("q")
        try tmux.waitFor("the replay to exit") { _ in (try? tmux.paneIsDead()) == true }
        #expect(try tmux.exitStatus() == 0)

        let after = try fingerprint(journal)
        #expect(after.events == before.events, "no entry was written")
        #expect(after.samples == before.samples, "no sample was written")
        #expect(after.bytes == before.bytes, "the journal file is byte for byte the same")
    }

    @Test func startsWhereAskedAt200x60() throws {
        let journal = try recordJournal()
        let tmux = Tmux()
        try tmux.start([Tmux.binary.path, "replay", journal.path, "--from", "T+20m", "--speed", "1"], width: 200, height: 60)
        let screen = try tmux.waitFor(text: "REPLAY  T+20m")
        #expect(screen.contains("replaying \(journal.path)"))
        #expect(!Self.thresholdFiring(in: screen), "the threshold trigger fired at about T+26m")
        #expect(screen.contains("judge FAIL"), "the judge failed from about T+12m")
        try tmux.send("-")
        try tmux.waitFor(text: "×0.5")
        try tmux.send("G")
        let end = try tmux.waitFor(text: "end of journal")
        #expect(end.contains("[✓]"))
        #expect(end.contains("FIRING since T+2"), "re-derived from the sample windows")
        try tmux.send("g")
        try tmux.waitFor(text: "REPLAY  T+0s")
        try tmux.send("q")
        try tmux.waitFor("the replay to exit") { _ in (try? tmux.paneIsDead()) == true }
        #expect(try tmux.exitStatus() == 0)
    }

    @Test func aMissingJournalOrABadOffsetIsRefusedBeforeTheScreenOpens() throws {
        let missing = directory.appendingPathComponent("nope.sqlite").path
        #expect {
            try Tmux.run(Tmux.binary.path, ["replay", missing])
        } throws: { error in
            guard let failure = error as? CommandFailure else { return false }
            return failure.status == 1 && failure.output.contains(missing)
        }
        #expect {
            try Tmux.run(Tmux.binary.path, ["replay", missing, "--from", "soon"])
        } throws: { error in
            guard let failure = error as? CommandFailure else { return false }
            return failure.status == 64 && failure.output.contains("T+50m")
        }
        #expect(!FileManager.default.fileExists(atPath: missing), "a replay never creates a journal")
    }
}
