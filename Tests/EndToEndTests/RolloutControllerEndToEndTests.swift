import Foundation
import Testing
import WarRoomTestSupport

/// The real binary in tmux driving an Argo Rollout through the stand-in kubectl (Tests/StandIns), which replays a
/// recorded canary in the exact format of the real resources: no Kubernetes cluster can run here. The stand-in is on
/// PATH for these tests alone. The tests wait with `waitUntil`, giving their thread back while they wait: a test
/// that blocks a thread for a whole canary starves the async end-to-end tests' timeouts on two cores.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "tmux is not installed"))
struct RolloutControllerEndToEndTests {
    let directory = TemporaryDirectory("warroom-argo")

    /// A canary whose stages follow the recorded rollout's weights: 20% until the first pause is promoted, 80% until
    /// the last, then all of it.
    func plan(readOnly: Bool = false) throws -> String {
        try directory.write("", to: "metrics.log")
        try directory.write("""
        release:
          name: checkout-service
          version: 2.15.0
          owner: Dana Kim
          on_call: Sam Ortiz
        strategy: canary
        stages:
          - name: Canary 20%
            traffic: 20%
            min_duration: 0s
          - name: Canary 80%
            traffic: 80%
            min_duration: 0s
          - name: Full rollout
            traffic: 100%
            min_duration: 0s
        metrics:
          - name: error_rate
            unit: "%"
            success: "< 1"
            alert: "> 2"
            source: metrics
        sources:
          - name: metrics
            file: \(directory.file("metrics.log"))
            format: plain
        rollout:
          argo: {name: checkout, namespace: shop, context: prod}
          poll: 1s
          readonly: \(readOnly)
        rollback:
          steps:
            - Confirm all traffic is back on the stable pods
        checklist:
          launch_day:
            - Smoke tests passing
        """, to: "plan.yaml")
        return directory.file("plan.yaml")
    }

    var journal: String { directory.file("j.sqlite") }

    func journaled(_ sql: String) throws -> [String] {
        try Tmux.run("/usr/bin/env", ["sqlite3", "-readonly", journal, sql]).split(separator: "\n").map(String.init)
    }

    func start(_ kubectl: StandInKubectl, _ extra: [String] = []) async throws -> Tmux {
        let tmux = Tmux()
        try tmux.start([Tmux.binary.path, "run", try plan(), "--journal", journal, "--as", "dana"] + extra,
                       width: 160, height: 48, environment: kubectl.environment)
        try await tmux.waitUntil(text: "WARROOM")
        try tmux.send("s")
        try await tmux.waitUntil(text: "Set T0")
        try tmux.send("y")
        return tmux
    }

    static let patch = ["--context", "prod", "-n", "shop", "patch", "rollouts.argoproj.io", "checkout", "--subresource=status",
                        "--type=merge", "-p"]

    @Test(.timeLimit(.minutes(3)))
    func aRecordedCanaryFromStepZeroToFullyPromoted() async throws {
        let kubectl = try StandInKubectl(scenario: "argo-canary")
        let tmux = try await start(kubectl)
        defer { try? tmux.send("q", "y") }
        var screen = try await tmux.waitUntil(text: "Argo checkout  Paused · CanaryPauseStep · step 1/6 · weight 20%")
        #expect(!screen.contains("≠ plan"), "Canary 20% and weight 20% agree")

        try tmux.send("p")
        screen = try await tmux.waitUntil(text: "y promote")
        #expect(screen.contains("first a server-side dry run:"), "the confirmation shows the dry run and the command")
        #expect(screen.contains("--dry-run=server"))
        try tmux.send("y")
        screen = try await tmux.waitUntil(text: "observed")
        #expect(screen.contains("promote ") && screen.contains(" by dana → "))
        // The controller runs on through 40%, its analysis and 80% by itself, and the plan (at 80% now) says where
        // they disagree meanwhile.
        try await tmux.waitUntil(text: "step 5/6 · weight 80%")
        try await tmux.waitUntil(text: "CanaryPauseStep · step 5/6")

        try tmux.send("p")
        try await tmux.waitUntil(text: "Promote Canary 80% → Full rollout?")
        try tmux.send("y")
        screen = try await tmux.waitUntil(text: "Argo checkout  Healthy")
        #expect(screen.contains("weight 100%"))
        try await tmux.waitUntil(text: "by dana → ")
        #expect(!(try tmux.screen()).contains("≠ plan"), "Full rollout and weight 100% agree")

        // Each promote: the server-side dry run, then the same patch; nothing else changed the rollout.
        let unpause = #"{"status":{"pauseConditions":null}}"#
        let dryRun = try StandInKubectl.callLine(Self.patch + [unpause, "--dry-run=server"])
        let real = try StandInKubectl.callLine(Self.patch + [unpause])
        let writes = kubectl.calls().filter { !$0.contains(" get ") }
        #expect(writes == [dryRun, real, dryRun, real])
        #expect(kubectl.history().map(\.cause).filter { $0 == "promote" }.count == 2)

        let kinds = try journaled("SELECT kind FROM events WHERE kind LIKE 'controller_action%' OR kind = 'controller_change_observed' ORDER BY seq")
        #expect(kinds == ["controller_action_requested", "controller_action_started", "controller_action_run", "controller_change_observed",
                          "controller_action_requested", "controller_action_started", "controller_action_run", "controller_change_observed"])
        let markdown = try Tmux.run(Tmux.binary.path, ["export", journal, "--format", "markdown"])
        #expect(markdown.contains("controller: healthy · weight 100%"))
        #expect(markdown.contains("controller promote observed: "))
        #expect(markdown.contains("promote asked of the controller: kubectl --context prod -n shop patch rollouts.argoproj.io checkout"))
    }

    @Test(.timeLimit(.minutes(2)))
    func anAbortThroughTheControllerIsSeenOnScreenAndInTheJournal() async throws {
        let kubectl = try StandInKubectl(scenario: "argo-abort")
        let tmux = try await start(kubectl)
        defer { try? tmux.send("q", "y") }
        try await tmux.waitUntil(text: "CanaryPauseStep · step 1/6")
        try tmux.send("r")
        var screen = try await tmux.waitUntil(text: "y record rollback")
        #expect(screen.contains(#"'{"status":{"abort":true}}'"#), "the confirmation shows the abort patch")
        try tmux.send("y")
        screen = try await tmux.waitUntil(text: "Argo checkout  Aborted")
        #expect(screen.contains("weight 0%"))
        screen = try await tmux.waitUntil(text: "observed")
        #expect(screen.contains("aborted · weight 0% observed"))
        #expect(!screen.contains("≠ plan"), "rolled back and aborted agree")

        #expect(kubectl.history().last?.cause == "abort")
        let observed = try journaled("SELECT json_extract(payload, '$.controllerChangeObserved.change') FROM events WHERE kind = 'controller_change_observed'")
        #expect(observed == ["aborted · weight 0%"])
    }

    @Test(.timeLimit(.minutes(2)))
    func aReadOnlyWarRoomRunsNothingAndSaysSo() async throws {
        let kubectl = try StandInKubectl(scenario: "argo-abort")
        let tmux = try await start(kubectl, ["--readonly"])
        defer { try? tmux.send("q", "y") }
        var screen = try await tmux.waitUntil(text: "CanaryPauseStep · step 1/6")
        #expect(screen.contains("WARROOM READ-ONLY"))
        try tmux.send("r")
        screen = try await tmux.waitUntil(text: "y record rollback")
        #expect(screen.contains("READ-ONLY (--readonly): nothing is run from this war room"))
        try tmux.send("y")
        try await tmux.waitUntil(text: "ROLLED BACK")
        // The rollback is journaled; the controller is left as it was, and the plan and the controller now disagree.
        try await tmux.waitUntil(text: "≠ plan: rolled back")
        #expect(kubectl.calls().allSatisfy { $0.contains(" get ") }, "nothing but reads")
        #expect(try journaled("SELECT count(*) FROM events WHERE kind LIKE 'controller_action%'") == ["0"])
    }

    /// Two war rooms on one journal: the one that does not evaluate asks for the abort; the evaluator alone reads the
    /// controller and runs it; both show the abort and the change observed.
    @Test(.timeLimit(.minutes(2)))
    func onlyTheEvaluatorReadsAndDrivesTheController() async throws {
        let kubectl = try StandInKubectl(scenario: "argo-abort")
        let evaluator = try await start(kubectl)
        defer { try? evaluator.send("q", "y") }
        try await evaluator.waitUntil(text: "CanaryPauseStep · step 1/6")
        let other = Tmux()
        try other.start([Tmux.binary.path, "run", try plan(), "--journal", journal, "--as", "sam"], width: 160, height: 48,
                        environment: kubectl.environment)
        defer { try? other.send("q", "y") }
        try await other.waitUntil(text: "CanaryPauseStep · step 1/6")
        try other.send("r")
        try await other.waitUntil(text: "y record rollback")
        try other.send("y")
        for room in [other, evaluator] {
            let screen = try await room.waitUntil(text: "aborted · weight 0% observed")
            #expect(screen.contains("abort ") && screen.contains(" by sam → "))
        }
        let sessions = try journaled("""
            SELECT DISTINCT session FROM events
            WHERE kind IN ('controller_read', 'controller_action_started', 'controller_action_run', 'controller_change_observed')
            """)
        let dana = try journaled("SELECT session FROM events WHERE kind = 'session_attached' AND actor = 'dana'")
        #expect(sessions == dana, "one writer: the evaluator reads, runs and observes")
        #expect(try journaled("SELECT actor FROM events WHERE kind = 'controller_action_requested'") == ["sam"])
        #expect(kubectl.calls().filter { $0.contains(" patch ") }.count == 2, "the dry run and the abort, once")
    }

    /// A recorded Flagger canary, watched as it moves by itself: its weight and failed checks on screen; an abort
    /// through the plan's command for its rollback gate runs that command as written, and the war room does not
    /// pretend it worked when Flagger goes on to promote.
    @Test(.timeLimit(.minutes(2)))
    func aFlaggerCanaryIsWatchedAndItsRollbackGateOpenedByThePlansCommand() async throws {
        let kubectl = try StandInKubectl(scenario: "flagger-canary")
        let marker = directory.file("rollback-gate-opened")
        let rollout = """
          flagger:
            name: payments-api
            namespace: payments
            context: prod
            abort: echo opened > \(marker)
          poll: 1s
        """
        try directory.write(try String(contentsOfFile: try plan(), encoding: .utf8)
            .replacingOccurrences(of: "  argo: {name: checkout, namespace: shop, context: prod}\n  poll: 1s\n  readonly: false", with: rollout),
            to: "plan.yaml")
        let tmux = Tmux()
        try tmux.start([Tmux.binary.path, "run", directory.file("plan.yaml"), "--journal", journal, "--as", "dana"],
                       width: 160, height: 48, environment: kubectl.environment)
        defer { try? tmux.send("q", "y") }
        try await tmux.waitUntil(text: "Flagger payments-api  Progressing")
        try tmux.send("s")
        try await tmux.waitUntil(text: "Set T0")
        try tmux.send("y")
        try await tmux.waitUntil(text: "2/5 checks failed")
        try tmux.send("r")
        let screen = try await tmux.waitUntil(text: "y record rollback")
        #expect(screen.contains("$ echo opened > "), "the plan's command, shown as it will run")
        #expect(!screen.contains("--dry-run"), "a command of the plan's has no dry run")
        try tmux.send("y")
        try await tmux.waitUntil(text: "→ ran (exit 0)")
        #expect(FileManager.default.fileExists(atPath: marker))
        // The recording goes on to promote: the plan says rolled back, the controller does not, and the screen says so.
        try await tmux.waitUntil(text: "≠ plan: rolled back · controller: healthy")
        #expect(try journaled("SELECT json_extract(payload, '$.controllerActionRun._0.run.exitStatus') FROM events WHERE kind = 'controller_action_run'") == ["0"])
        #expect(try journaled("SELECT count(*) FROM events WHERE kind = 'controller_change_observed'") == ["0"], "no abort was seen")
    }
}
