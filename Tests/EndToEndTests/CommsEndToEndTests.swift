import Foundation
import Synchronization
import Testing
import WarRoomTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Notifications with the real binary and a real HTTP server on loopback standing in for Slack and a webhook
/// receiver: two war rooms on one journal, the evaluator killed, a restart, and every notice delivered exactly once;
/// a status update posted from the composer, copied to the clipboard through the terminal and written to a file only
/// after confirmation; a 429 waited out; a war room killed mid-send; a demo that never sends.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "tmux is not installed"), .timeLimit(.minutes(3)))
struct CommsEndToEndTests {
    let scene: JournalScene
    let server: LocalHTTPServer

    init() throws {
        scene = try JournalScene()
        server = try LocalHTTPServer(status: 200, body: "ok")
        try Self.plan(hook: server.url + "/hook").write(toFile: scene.plan, atomically: true, encoding: .utf8)
    }

    /// The journal scenes' tiny release, telling a Slack channel and a webhook.
    static func plan(hook: String) -> String {
        JournalScene.planText(version: "1.0.0") + """

        communication:
          channel: "#releases"
          cadence: 30m
          escalation: [on-call, Priya Raman, VP Engineering]
          send_notifications: true
          updates_file: updates.md
        notify:
          - {name: releases, slack_webhook: "${SLACK_WEBHOOK_URL}"}
          - {name: hooks, webhook: "\(hook)"}
        """
    }

    /// The Slack webhook's URL, a secret the plan names and only the environment holds.
    var environment: [String: String] { ["SLACK_WEBHOOK_URL": server.url + "/services/T0/B0/secret-token"] }

    func start(_ tmux: Tmux, as actor: String) async throws {
        try tmux.start([Tmux.binary.path, "run", scene.plan, "--journal", scene.journal, "--as", actor, "--lease-timeout", "2s"],
                       width: 120, height: 40, environment: environment)
        // The terminal's clipboard: tmux keeps what an OSC 52 sets as a paste buffer.
        _ = try tmux.tmux(["set-option", "-s", "set-clipboard", "on"])
        try await tmux.waitUntil(text: "tab:pane", timeout: 20)
    }

    func requests(_ path: String) -> [LocalHTTPServer.Request] { server.requests.filter { $0.path == path } }

    func waitForRequests(_ count: Int, timeout: TimeInterval = 20, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, server.requests.count < count { try await Task.sleep(for: .milliseconds(50)) }
        #expect(server.requests.count >= count, "\(server.requests.count) of \(count) requests arrived",
                sourceLocation: sourceLocation)
    }

    static func json(_ request: LocalHTTPServer.Request) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: request.body) as? [String: Any]) ?? [:]
    }

    @Test func twoWarRoomsAKilledEvaluatorAndARestartDeliverEachNoticeOnce() async throws {
        let alice = Tmux()
        try await start(alice, as: "alice")
        try alice.send("s")
        try await alice.waitUntil(text: "Start the release", timeout: 10)
        try alice.send("y")
        try await waitForRequests(2)  // the start, to Slack and to the webhook

        let bob = Tmux()
        try await start(bob, as: "bob")
        try await bob.waitUntil(text: "evaluating alice", timeout: 20)

        // Bob posts the drafted update: copied and written only once he turns those on in the confirmation.
        try bob.send("u")
        try await bob.waitUntil(text: "Tab to post", timeout: 10)
        try bob.send("Tab")
        try await bob.waitUntil(text: "Post this status update", timeout: 10)
        #expect(try bob.tmux(["list-buffers"]).isEmpty, "nothing reaches the clipboard before it is confirmed")
        try bob.send("c")
        try bob.send("w")
        try await bob.waitUntil(text: "[x] w", timeout: 10)
        try bob.send("Enter")
        try await waitForRequests(4)

        let slack = requests("/services/T0/B0/secret-token")
        let hooks = requests("/hook")
        #expect(slack.count == 2 && hooks.count == 2, "\(server.requests.map(\.path))")
        let update = try #require(slack.last.map(Self.json)?["text"] as? String)
        #expect(update.contains("status update from bob"), "\(update)")
        #expect(update.contains("tiny 1.0.0"))
        let keys = hooks.compactMap { $0.headers["idempotency-key"] }
        #expect(Set(keys).count == 2, "each notice has its own key: \(keys)")
        // The clipboard and the file hold the update as posted, with nothing a terminal would act on.
        let clipboard = try await bob.waitUntil("the clipboard", timeout: 10) { _ in
            ((try? bob.tmux(["show-buffer"])) ?? "").contains("tiny 1.0.0")
        }
        _ = clipboard
        let copied = try bob.tmux(["show-buffer"])
        #expect(copied.contains("tiny 1.0.0") && !copied.contains("\u{1B}"), "\(copied)")
        let file = try String(contentsOfFile: scene.directory.appendingPathComponent("updates.md").path, encoding: .utf8)
        #expect(file.hasPrefix("## ") && file.contains("UTC · bob\n\ntiny 1.0.0"), "\(file)")

        // Alice's war room is killed; Bob takes over and rolls back: told once, by Bob.
        try await scene.kill(alice)
        try await bob.waitUntil(text: "gone alice", timeout: 20)  // alone, Bob's war room evaluates
        try bob.send("r")
        try await bob.waitUntil(text: "Roll back", timeout: 10)
        try bob.send("y")
        try await waitForRequests(6)
        try bob.send("Escape")

        // Alice comes back, Bob quits and Alice takes over: nothing is sent again.
        let alice2 = Tmux()
        try await start(alice2, as: "alice")
        try await alice2.waitUntil(text: "evaluating bob", timeout: 20)
        try await scene.quit(bob)
        try await alice2.waitUntil(text: "gone bob", timeout: 20)
        try await Task.sleep(for: .seconds(3))
        #expect(server.requests.count == 6, "\(server.requests.map(\.path))")
        #expect(Set(requests("/hook").compactMap { $0.headers["idempotency-key"] }).count == 3)

        // Every war room's comms view, the journal and the post-mortem say the same.
        try alice2.send("c")
        let view = try await alice2.waitUntil(text: "Notices (6)", timeout: 10)
        #expect(view.contains("sent"), "\(view)")
        #expect(!view.contains("secret-token"), "the webhook's URL is a secret and never shown")
        let outcomes = try scene.sqlite("SELECT count(*) FROM events WHERE kind = 'notice_delivered' "
                                        + "AND json_extract(payload, '$.noticeDelivered._0.outcome.sent') IS NOT NULL")
        #expect(outcomes == ["6"])
        #expect(try scene.sqlite("SELECT count(*) FROM events WHERE kind = 'notice_queued'") == ["6"])
        let markdown = try scene.warroom(["export", scene.journal, "--format", "markdown"])
        #expect(markdown.output.contains("6 notifications: 6 sent"), "\(markdown.output)")
        #expect(!markdown.output.contains("secret-token"))
        try alice2.send("Escape")
        try await scene.quit(alice2)
    }

    @Test func a429IsWaitedOutForAsLongAsItAsks() async throws {
        let asked = ManagedCount()
        server.answer { request in
            request.path.hasPrefix("/services") && asked.increment() == 0
                ? .respond(status: 429, body: "rate_limited", headers: ["Retry-After": "3"]) : .respond(status: 200, body: "ok")
        }
        let alice = Tmux()
        try await start(alice, as: "alice")
        try alice.send("s")
        try await alice.waitUntil(text: "Start the release", timeout: 10)
        try alice.send("y")
        try await waitForRequests(3, timeout: 30)
        let slack = requests("/services/T0/B0/secret-token")
        #expect(slack.count == 2)
        try alice.send("c")
        try await alice.waitUntil(text: "sent", timeout: 10)
        let attempts = try scene.sqlite("SELECT json_extract(payload, '$.noticeDelivered._0.attempt') || ' ' || "
                                        + "coalesce(json_extract(payload, '$.noticeDelivered._0.outcome.failed.reason'), 'sent') "
                                        + "FROM events WHERE kind = 'notice_delivered' AND json_extract(payload, '$.noticeDelivered._0.notice') LIKE '%>releases' ORDER BY seq")
        #expect(attempts == ["1 HTTP 429 rate_limited", "2 sent"], "\(attempts)")
        try alice.send("Escape")
        try await scene.quit(alice)
    }

    /// Slack and the webhook both hold the request without answering; the evaluator is killed before either
    /// answers. The next evaluator does not post to Slack again (a second message), and sends the webhook again with
    /// the same Idempotency-Key, which its receiver drops as a repeat.
    @Test func anEvaluatorKilledMidSendLeavesSlackUnknownAndSendsTheWebhookAgain() async throws {
        let held = ManagedCount()
        server.answer { _ in held.increment() < 2 ? .silence : .respond(status: 200, body: "ok") }
        let alice = Tmux()
        try await start(alice, as: "alice")
        let bob = Tmux()
        try await start(bob, as: "bob")
        try alice.send("s")
        try await alice.waitUntil(text: "Start the release", timeout: 10)
        try alice.send("y")
        try await waitForRequests(2)
        try await scene.kill(alice)
        try await bob.waitUntil(text: "gone alice", timeout: 20)
        try await waitForRequests(3)
        try await Task.sleep(for: .seconds(2))
        #expect(requests("/services/T0/B0/secret-token").count == 1, "Slack is never posted to twice")
        let hooks = requests("/hook")
        #expect(hooks.count == 2)
        #expect(Set(hooks.compactMap { $0.headers["idempotency-key"] }).count == 1, "the repeat carries the same key")
        try bob.send("c")
        let view = try await bob.waitUntil(text: "UNKNOWN", timeout: 10)
        #expect(view.contains("alice's war room stopped before it said"), "\(view)")
        try bob.send("Escape")
        try await scene.quit(bob)
    }

    /// A paste into the composer that holds a Tab, a newline and then `r`, `y`: typed as text, through the
    /// terminal's bracketed paste, never taken for Tab (post), Enter and a rollback.
    @Test func aPasteIntoTheComposerOnlyTypes() async throws {
        let alice = Tmux()
        try await start(alice, as: "alice")
        try alice.send("s")
        try await alice.waitUntil(text: "Start the release", timeout: 10)
        try alice.send("y")
        try await waitForRequests(2)
        try alice.send("u")
        try await alice.waitUntil(text: "Tab to post", timeout: 10)
        _ = try alice.tmux(["set-buffer", "PASTED\t\nry"])
        _ = try alice.tmux(["paste-buffer", "-p", "-t", alice.session])
        let screen = try await alice.waitUntil(text: "PASTED", timeout: 10)
        #expect(screen.contains("Tab to post") && !screen.contains("Post this status update"), "\(screen)")
        try alice.send("Escape")
        try await alice.waitUntil(text: "discard", timeout: 10)
        try alice.send("y")
        try await Task.sleep(for: .seconds(1))
        #expect(try scene.sqlite("SELECT count(*) FROM events WHERE kind IN ('update_posted', 'rolled_back')") == ["0"])
        #expect(server.requests.count == 2)
        try await scene.quit(alice)
    }

    @Test func aDemoNeverSends() async throws {
        let demo = Tmux()
        try demo.start([Tmux.binary.path, "demo", "--journal", scene.journal, "--speed", "60"], width: 120, height: 40,
                       environment: environment.merging(["PD_ROUTING_KEY": "R0123456789ABCDEF0123456789ABCDE"]) { $1 })
        try await demo.waitUntil(text: "tab:pane", timeout: 20)
        try demo.send("c")
        try await demo.waitUntil(text: "NOT sent: a demo never sends notifications", timeout: 10)
        try await Task.sleep(for: .seconds(2))
        #expect(server.requests.isEmpty)
        try demo.send("Escape")
        try await scene.quit(demo)
    }
}

/// A counter the server's handler (on its own thread) and the test share.
final class ManagedCount: Sendable {
    private let value = Mutex(0)

    /// The count before this call.
    func increment() -> Int {
        value.withLock { value in
            defer { value += 1 }
            return value
        }
    }
}
