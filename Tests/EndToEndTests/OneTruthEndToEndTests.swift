import Foundation
import Testing
import WarRoomRuntime
#if canImport(Glibc)
import Glibc
#endif

/// One journal, one truth, with the real binary: two war rooms on one journal, one evaluating. A breach fires once,
/// the evaluator is killed and the other takes over without firing again, the killed one comes back and resumes the
/// same alarm, the breach ends on both screens, and the journal and the post-mortem count one firing.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "tmux is not installed"), .timeLimit(.minutes(3)))
struct OneTruthEndToEndTests {
    static let trigger = "error_rate > 2% for 5s"
    /// The host name the war rooms journal, as the header shows it after `evaluating alice@`.
    static let host = Runtime.Identity.current.hostName ?? ""
    /// The header's second row drops whatever no longer fits in 120 columns: after `evaluating bob@<host>`,
    /// `with bob` fits only with a host name of up to about 24 characters.
    static var hostFits: Bool { host.count <= 24 }

    static let plan = """
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
        metrics:
          - name: error_rate
            unit: "%"
            baseline: 0.4
            success: "< 1"
            alert: "> 2"
        triggers:
          - \(trigger)
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

    /// The journal scene's helpers (kill, quit, sqlite, the binary) on a plan with a metric file and a log.
    let scene: JournalScene
    let metrics: URL
    let log: URL

    init() throws {
        scene = try JournalScene()
        try Self.plan.write(toFile: scene.plan, atomically: true, encoding: .utf8)
        metrics = scene.directory.appendingPathComponent("metrics.jsonl")
        log = scene.directory.appendingPathComponent("app.log")
        try Data().write(to: metrics)
        try Data().write(to: log)
        try appendSample(0.5)
        try appendLog("INFO service started")
    }

    // MARK: The scenario

    @Test func aBreachFiresOnceAcrossAKilledEvaluatorATakeOverAndARestart() async throws {
        var timings: [String] = []
        let began = Date()
        func lap(_ what: String, since start: Date) { timings.append("\(what): \(String(format: "%.2f", Date().timeIntervalSince(start))) s") }

        // 1. Alice is the first war room and evaluates (alone, her header need not say so); Bob watches. Both name
        // each other.
        let alice = Tmux(), bob = Tmux()
        try await start(alice, as: "alice")
        try await start(bob, as: "bob")
        // Bounds for a loaded machine (the whole end-to-end phase runs at once); on a quiet one each takes under a second.
        try await alice.waitUntil(text: "evaluating here", timeout: 20)
        try await bob.waitUntil(text: "evaluating alice@\(Self.host)", timeout: 20)
        if Self.hostFits { try await bob.waitUntil(text: "with alice", timeout: 20) }
        try await alice.waitUntil(text: "with bob", timeout: 20)
        try await alice.waitUntil(text: "service started", timeout: 20)
        try await bob.waitUntil(text: "service started", timeout: 20)
        #expect(!(try bob.screen()).contains("evaluating here"), "only one war room evaluates")

        // T0, so since-times read T+…
        try alice.send("s")
        try await alice.waitUntil(text: "Start the release", timeout: 10)
        try alice.send("y")
        for tmux in [alice, bob] {
            try await tmux.waitUntil("the release to start", timeout: 10) { JournalScene.clock(on: $0)?.hasPrefix("T+") == true }
        }

        // 2. A breach: both screens fire, with the same since-time and the same value.
        let breach = Date()
        try await feed(4.2, until: "both screens to fire", timeout: 20) {
            try [alice.screen(), bob.screen()].allSatisfy { Self.firingSince(on: $0) != nil }
        }
        lap("first breaching sample to FIRING on both screens (for 5s)", since: breach)
        try appendSample(4.7)
        try appendLog("ERROR checkout failed: card declined by upstream")
        let (aliceFiring, bobFiring) = try await agree(alice, bob, on: "4.7%")
        let since = try #require(Self.firingSince(on: aliceFiring))
        #expect(Self.firingSince(on: bobFiring) == since, "both screens date the firing alike")
        #expect(aliceFiring.contains("checkout failed") && bobFiring.contains("checkout failed"))

        // 3. Alice's war room is killed; Bob takes the lease over, at once since her process is gone on this host.
        let shell = try #require(pid_t(try alice.tmux(["display-message", "-p", "-t", alice.session, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        let alicePid = try #require(JournalScene.child(of: shell, named: "warroom"))
        let killed = Date()
        try await scene.kill(alice)
        // Bob takes the lease and, as the evaluator now, journals Alice's war room gone; alone on the journal his header
        // then no longer names an evaluator (only while Alice's session still counts does it say `evaluating here`).
        let takenOver = try await bob.waitUntil("Bob to take over", timeout: 10) {
            $0.contains("gone alice (process gone ") && !$0.contains("evaluating alice@")
        }
        let takeOver = Date().timeIntervalSince(killed)
        lap("kill -9 of the evaluator to the other screen showing it gone and nobody else evaluating", since: killed)
        // At its next check-in (every second), not after the 2 s lease timeout: the journal's reason below says which.
        #expect(takeOver < 4, "a dead evaluator on this host is replaced at once: \(takeOver) s")
        #expect(Self.firingSince(on: takenOver) == since)

        // Bob's own feeds now bring the samples and lines; the alarm is the same one, not a new one.
        try await feed(5.1, log: "ERROR after takeover", until: "Bob's feeds to run", timeout: 10) {
            let screen = try bob.screen()
            return Self.errorRateValue(on: screen) == "5.1%" && screen.contains("ERROR after takeover")
        }
        let bobAlone = try bob.screen()
        #expect(Self.firingSince(on: bobAlone) == since, "the firing keeps its since-time across the takeover:\n\(bobAlone)")

        // 4. Alice comes back: Bob still evaluates, and her screen resumes the same alarm from the journal.
        let restarted = Date()
        let alice2 = Tmux()
        try await start(alice2, as: "alice")
        try await alice2.waitUntil(text: "evaluating bob@\(Self.host)", timeout: 10)
        lap("restart to a full screen saying 'evaluating bob@'", since: restarted)
        if Self.hostFits { try await alice2.waitUntil(text: "with bob", timeout: 10) }
        try await bob.waitUntil(text: "evaluating here  with alice", timeout: 10)
        #expect(!(try bob.screen()).contains("gone alice"), "Alice came back: she is not gone")
        let resumed = try await alice2.waitUntil("the resumed firing", timeout: 10) { Self.firingSince(on: $0) != nil }
        #expect(Self.firingSince(on: resumed) == since, "the restarted screen shows the same since-time:\n\(resumed)")
        #expect(resumed.contains("checkout failed") && resumed.contains("ERROR after takeover"), "log lines come from the journal")
        try appendSample(5.5)
        let (aliceBack, bobStill) = try await agree(alice2, bob, on: "5.5%")
        #expect(Self.firingSince(on: aliceBack) == since && Self.firingSince(on: bobStill) == since)
        #expect(!aliceBack.contains("evaluating here"), "the restarted war room does not take the lease back")

        // 5. The breach ends: both screens resolve, and both count one firing.
        let healthy = Date()
        try await feed(0.3, until: "both screens to resolve", timeout: 10) {
            [try alice2.screen(), try bob.screen()].allSatisfy { !$0.contains("FIRING") && Self.errorRateValue(on: $0) == "0.3%" }
        }
        lap("first healthy sample to resolved on both screens", since: healthy)
        let (aliceCalm, bobCalm) = try await agree(alice2, bob, on: "0.3%")
        for screen in [aliceCalm, bobCalm] {
            #expect(Self.triggerRow(on: screen)?.contains("fired 1×, last \(since)") == true, "one firing, on every screen:\n\(screen)")
        }

        // 6. A small terminal still draws the header (at 80 columns the presence segments do not fit).
        try bob.tmux(["resize-window", "-t", bob.session, "-x", "80", "-y", "24"])
        let small = try await bob.waitUntil("an 80x24 frame", timeout: 10) { screen in
            let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return rows.first?.contains("WARROOM tiny 1.0.0") == true && rows.allSatisfy { $0.count <= 80 }
                && screen.contains("error_rate") && screen.contains("tab:pane")
        }
        #expect(JournalScene.clock(on: small)?.hasPrefix("T+") == true, "the header's second row starts with the clock:\n\(small)")
        #expect(try !bob.paneIsDead())
        try bob.tmux(["resize-window", "-t", bob.session, "-x", "120", "-y", "40"])
        try await bob.waitUntil(text: "evaluating here", timeout: 10)

        // 7. Alice quits first (she does not evaluate), then Bob: nobody is left to take the lease he hands back.
        try await scene.quit(alice2)
        try await scene.quit(bob)
        lap("whole scenario", since: began)

        // The journal: one episode, journaled by whoever evaluated at the time, and two changes of evaluator.
        #expect(try scene.sqlite("SELECT kind, count(*) FROM events WHERE kind LIKE 'trigger_%' GROUP BY kind ORDER BY kind")
                == ["trigger_firing|1", "trigger_pending|1", "trigger_resolved|1"])
        let sessions = try scene.sqlite("SELECT actor || '|' || session FROM events WHERE kind = 'session_attached' ORDER BY seq")
        #expect(sessions.map { $0.prefix { $0 != "|" } } == ["alice", "bob", "alice"], "\(sessions)")
        let aliceSession = sessions.first.map { String($0.drop { $0 != "|" }.dropFirst()) } ?? "?"
        let bobSession = sessions.dropFirst().first.map { String($0.drop { $0 != "|" }.dropFirst()) } ?? "?"
        #expect(try scene.sqlite("SELECT kind || ' ' || session FROM events WHERE kind LIKE 'trigger_%' ORDER BY seq")
                == ["trigger_pending \(aliceSession)", "trigger_firing \(aliceSession)", "trigger_resolved \(bobSession)"])
        let times = try scene.sqlite("SELECT time FROM events WHERE kind IN ('trigger_pending', 'trigger_firing') ORDER BY seq")
            .compactMap(Double.init)
        #expect(times.count == 2 && abs(times[1] - times[0] - 5) < 0.001, "fired at the end of the 5 s window: \(times)")
        // Two changes of hands, not three: Alice's restart finds Bob's lease live and leaves it, and Bob's release on
        // quitting finds nobody left to take it (had Bob quit first, Alice would have taken it: "bob's war room quit").
        #expect(try scene.sqlite("""
            SELECT actor || '|' || json_extract(payload, '$.evaluatorChanged.reason')
            FROM events WHERE kind = 'evaluator_changed' ORDER BY seq
            """) == ["alice|first war room on this journal", "bob|alice's war room (pid \(alicePid)) is gone"])
        let gone = try scene.sqlite("SELECT actor || '|' || json_extract(payload, '$.sessionGone.session') || '|' || "
                                    + "coalesce(json_extract(payload, '$.sessionGone.silentSince'), 'none') FROM events WHERE kind = 'session_gone'")
        #expect(gone == ["bob|\(aliceSession)|none"], "Bob journals Alice's first session gone, its process gone, once")

        // The post-mortem, in Markdown and JSON, from the journal alone.
        let markdown = try scene.warroom(["export", scene.journal, "--format", "markdown"])
        #expect(markdown.status == 0, "\(markdown.output)")
        #expect(markdown.output.contains("\n- **Triggers**: 1 fired (at least one firing for "), "\(markdown.output)")
        let section = markdown.output.components(separatedBy: "\n## Triggers\n").dropFirst().first?
            .components(separatedBy: "\n## ").first ?? ""
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Trigger |") }
        #expect(rows.count == 1 && rows.first?.hasPrefix("| error_rate > 2% for 5s | ") == true, "one episode:\n\(section)")
        #expect(rows.first?.contains("still firing") == false, "and it resolved:\n\(section)")

        let json = try scene.warroom(["export", scene.journal, "--format", "json"])
        #expect(json.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let events = try #require(document["events"] as? [[String: Any]])
        #expect(events.filter { $0["kind"] as? String == "trigger_firing" }.count == 1)
        #expect(events.filter { $0["kind"] as? String == "evaluator_changed" }.compactMap { $0["actor"] as? String } == ["alice", "bob"])

        print("OneTruthEndToEndTests timings:\n  " + timings.joined(separator: "\n  "))
    }

    // MARK: Helpers

    /// `warroom run` with a short lease, at 120x40, waiting for its first full screen.
    func start(_ tmux: Tmux, as actor: String) async throws {
        try tmux.start([Tmux.binary.path, "run", scene.plan, "--journal", scene.journal, "--as", actor, "--lease-timeout", "2s"],
                       width: 120, height: 40)
        try await tmux.waitUntil(text: "tab:pane", timeout: 20)
    }

    /// One sample dated now, to the millisecond, as the metric file's own timestamp.
    func appendSample(_ value: Double) throws {
        let time = String(format: "%.3f", Date().timeIntervalSince1970)
        try append("{\"name\": \"error_rate\", \"value\": \(value), \"time\": \(time)}\n", to: metrics)
    }

    func appendLog(_ text: String) throws {
        try append(ISO8601DateFormatter().string(from: Date()) + " " + text + "\n", to: log)
    }

    private func append(_ text: String, to file: URL) throws {
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Appends `value` (and a log line, if given) every half second until `condition` holds, within `timeout`.
    func feed(_ value: Double, log line: String? = nil, until what: String, timeout: TimeInterval,
              sourceLocation: SourceLocation = #_sourceLocation, _ condition: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        var lastSample = Date.distantPast
        while Date() < deadline {
            if try condition() { return }
            if Date().timeIntervalSince(lastSample) >= 0.5 {
                try appendSample(value)
                if let line { try appendLog(line) }
                lastSample = Date()
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting for \(what)", sourceLocation: sourceLocation)
    }

    /// Waits until both screens show `value` for error_rate and the same metric and trigger rows; returns both.
    func agree(_ one: Tmux, _ other: Tmux, on value: String,
               sourceLocation: SourceLocation = #_sourceLocation) async throws -> (String, String) {
        let deadline = Date().addingTimeInterval(5)
        var screens = ("", "")
        while Date() < deadline {
            screens = (try one.screen(), try other.screen())
            let rows = [screens.0, screens.1].map { (Self.metricRow(on: $0), Self.triggerRow(on: $0)) }
            if Self.errorRateValue(on: screens.0) == value, rows[0].0 == rows[1].0, rows[0].1 == rows[1].1 { return screens }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the two screens never agreed on error_rate \(value):\n\(screens.0)\n\(screens.1)", sourceLocation: sourceLocation)
        return screens
    }

    static func rows(of screen: String) -> [Substring] { screen.split(separator: "\n", omittingEmptySubsequences: false) }

    /// The metrics pane's error_rate row: name, value, baseline, bounds, status and trend.
    static func metricRow(on screen: String) -> String? {
        rows(of: screen).first { $0.hasPrefix(" error_rate ") }.map { String($0).trimmingCharacters(in: .whitespaces) }
    }

    static func errorRateValue(on screen: String) -> String? {
        metricRow(on: screen)?.split(separator: " ").dropFirst().first.map(String.init)
    }

    /// The trigger's row under its metric: `↳ error_rate > 2% for 5s   FIRING since T+6s  press a to ack`.
    static func triggerRow(on screen: String) -> String? {
        rows(of: screen).first { $0.contains("↳ \(trigger)") }.map { String($0).trimmingCharacters(in: .whitespaces) }
    }

    /// `T+6s` from `FIRING since T+6s`, nil unless the trigger row says FIRING.
    static func firingSince(on screen: String) -> String? {
        guard let row = triggerRow(on: screen), let range = row.range(of: "FIRING since ") else { return nil }
        return row[range.upperBound...].prefix { !$0.isWhitespace }.description
    }
}
