import Foundation
import Testing
import WarRoomJournal
import WarRoomTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real binary on a journal in a real PostgreSQL, as a team on several machines runs it: two war rooms and a
/// `warroom note` loop share one journal, the evaluator is killed and the other takes over, and a wrong password or an
/// unreachable server is said plainly, naming the URL without its password.
@Suite(.serialized, .enabled(if: Tmux.isAvailable && TestPostgres.url != nil, "tmux or WARROOM_TEST_POSTGRES missing"),
       .timeLimit(.minutes(3)))
struct SharedDatabaseEndToEndTests {
    let scene: JournalScene
    let url: String
    let name = TestPostgres.unique("tiny")

    init() throws {
        scene = try JournalScene()
        url = try #require(TestPostgres.url)
    }

    /// `warroom run` on the shared journal, each war room with a spool of its own, waiting for its first full screen.
    func start(_ tmux: Tmux, as actor: String) async throws {
        try tmux.start([Tmux.binary.path, "run", scene.plan, "--journal", url, "--journal-name", name,
                        "--spool", scene.directory.appendingPathComponent("spool-\(actor).sqlite").path,
                        "--as", actor, "--lease-timeout", "2s"], width: 120, height: 36)
        try await tmux.waitUntil(text: "tab:pane", timeout: 20)
    }

    func journal() throws -> PostgresJournal {
        try PostgresJournal.openExisting(try PostgresAddress(url: url, environment: [:]), name: name)
    }

    @Test func twoWarRoomsAndANoteLoopShareOneJournalAcrossAKilledEvaluator() async throws {
        let alice = Tmux(), bob = Tmux()
        try await start(alice, as: "alice")
        try await start(bob, as: "bob")
        try await bob.waitUntil(text: "evaluating alice@", timeout: 10)
        try await alice.waitUntil(text: "with bob", timeout: 10)

        // A deploy job's notes, one process each, as fast as they come.
        let loop = "for i in $(seq 1 20); do \(Tmux.quote(Tmux.binary.path)) note --journal \(Tmux.quote(url)) "
            + "--journal-name \(name) --as deploy \"step $i\" || exit 1; done"
        try Spawn.run("/bin/sh", ["-c", loop])
        // Within half a second on a quiet machine (scripts/bench-shared); the bound is for a loaded CI.
        try await alice.waitUntil(text: "Note from deploy: step 20", timeout: 10)
        try await bob.waitUntil(text: "Note from deploy: step 20", timeout: 10)

        // Bob ticks the first item (the checklist has the focus); Alice's screen shows it.
        try bob.send("Space")
        try await alice.waitUntil(text: "[✓] Alpha", timeout: 10)

        // The evaluator is killed; Bob, on the same host, sees its process gone and takes over at once.
        try await scene.kill(alice)
        try await bob.waitUntil("Bob to take over", timeout: 10) {
            $0.contains("gone alice (process gone ") && !$0.contains("evaluating alice@")
        }
        try await scene.quit(bob)

        let entries = try journal().entries()
        #expect(entries.map(\.seq) == Array(1...Int64(entries.count)), "one order, no gaps")
        let notes = entries.compactMap { entry -> String? in if case .note(let text) = entry.event { text } else { nil } }
        #expect(notes == (1...20).map { "step \($0)" }, "each note once, in order")
        #expect(entries.filter { $0.event.kind == "checklist_ticked" }.map(\.actor) == ["bob"])
        let changes = entries.filter { $0.event.kind == "evaluator_changed" }.map(\.actor)
        #expect(changes == ["alice", "bob"], "\(changes)")

        // The post-mortem reads the same journal.
        let markdown = try scene.warroom(["export", url, "--journal-name", name])
        #expect(markdown.status == 0, "\(markdown.output)")
        #expect(markdown.output.contains("step 20"))
    }

    @Test func aWrongPasswordAndAnUnreachableServerAreSaidWithoutThePassword() throws {
        var address = try PostgresAddress(url: url, environment: [:])
        address.password = "wrong-4711"
        let wrong = "postgresql://\(address.user):wrong-4711@\(address.host):\(address.port)/\(address.database)"
        let refused = try scene.warroom(["note", "--journal", wrong, "--journal-name", name, "x"])
        #expect(refused.status == 1)
        #expect(refused.output.contains("\(address.redacted): password authentication failed for user \"\(address.user)\""),
                "\(refused.output)")
        #expect(!refused.output.contains("4711"))

        let run = try scene.warroom(["run", scene.plan, "--journal", wrong])
        #expect(run.status == 1 && run.output.contains("password authentication failed") && !run.output.contains("4711"), "\(run.output)")

        let closed = "postgresql://\(address.user):secret-4711@127.0.0.1:1/\(address.database)"
        let unreachable = try scene.warroom(["export", closed, "--journal-name", name])
        #expect(unreachable.status == 1)
        #expect(unreachable.output.contains("postgresql://\(address.user)@127.0.0.1:1/\(address.database): cannot reach the journal's database (connection refused)"),
                "\(unreachable.output)")
        #expect(!unreachable.output.contains("4711"))
    }
}
