import Foundation
import Testing
import WarRoomCore
import WarRoomTestSupport
@testable import WarRoomFeeds

/// The stand-in `kubectl` (Tests/StandIns) that every controller test above the parsers talks to: what it prints is
/// what the parsers read, it moves through a recorded canary as the real controller would, and it answers in
/// kubectl's own words.
@Suite struct StandInKubectlTests {
    static let get = ["--context", "prod", "-n", "shop", "get", "rollouts.argoproj.io", "checkout", "-o", "json"]
    static let promote = ["-n", "shop", "patch", "rollouts.argoproj.io", "checkout", "--type=merge", "--subresource=status",
                          "-p", #"{"status":{"pauseConditions":null}}"#]
    static let abort = ["-n", "shop", "patch", "rollouts.argoproj.io", "checkout", "--type", "merge", "--subresource", "status",
                        "--patch", #"{"status":{"abort":true}}"#]

    func rollout(_ kubectl: StandInKubectl) throws -> ControllerStatus {
        try ArgoRolloutStatus.parse(Array(try kubectl.run(Self.get).utf8))
    }

    func failure(_ body: () throws -> String) -> CommandFailure? {
        do { _ = try body(); return nil } catch let failure as CommandFailure { return failure } catch { return nil }
    }

    @Test(.timeLimit(.minutes(1))) func getPrintsTheRecordedRolloutThatTheParserReads() throws {
        let kubectl = try StandInKubectl(scenario: "argo-canary")
        let status = try rollout(kubectl)
        #expect(status.phase == .progressing)
        #expect(status.step == .init(index: 0, count: 6))
        #expect(status.weight == .init(set: 20, actual: 0))
        #expect(status.replicas == .init(desired: 4, updated: 1, ready: 4, available: 4))
        #expect(status.canaryHash == "7c9f6d4bb8")
        // The bytes are the fixture's, as kubectl prints them.
        #expect(try kubectl.run(Self.get) == (try String(contentsOfFile: kubectl.directory.file("rollout/checkout-00-step-0.json"),
                                                          encoding: .utf8)))
        #expect(kubectl.state() == "step-0")
    }

    @Test(.timeLimit(.minutes(1))) func everyStateOfTheCanaryParsesToWhatItRecords() throws {
        let kubectl = try StandInKubectl(scenario: "argo-canary")
        let expected: [(String, ControllerStatus.Phase, Int, Int?, Int?)] = [
            ("step-0", .progressing, 0, 20, 0), ("step-0-weight-20", .progressing, 0, 20, 20), ("paused-step-1", .paused, 1, 20, 20),
            ("step-2", .progressing, 2, 40, 20), ("step-3-analysis-running", .progressing, 3, 40, 40),
            ("step-3-analysis-successful", .progressing, 3, 40, 40), ("step-4", .progressing, 4, 80, 80),
            ("paused-step-5", .paused, 5, 80, 80), ("promoted-old-terminating", .progressing, 6, 100, 100),
            ("healthy", .healthy, 6, 100, 100), ("aborted", .aborted, 0, 0, 0),
        ]
        for (state, phase, step, set, actual) in expected {
            try kubectl.enter(state)
            let status = try rollout(kubectl)
            #expect(status.phase == phase, "\(state)")
            #expect(status.step == .init(index: step, count: 6), "\(state)")
            #expect(status.weight == .init(set: set, actual: actual), "\(state)")
        }
        try kubectl.enter("step-3-analysis-running")
        let run = try kubectl.run(["-n", "shop", "get", "analysisrun", "checkout-7c9f6d4bb8-5-3", "-o", "json"])
        let analysis = try ArgoRolloutStatus.parse(Array(try kubectl.run(Self.get).utf8), analysisRun: Array(run.utf8)).analysis
        #expect(analysis?.phase == .running)
        #expect(analysis?.metrics.count == 2)
        try kubectl.enter("healthy")
        let healthy = try rollout(kubectl)
        #expect(healthy.stableHash == "7c9f6d4bb8" && healthy.canaryHash == nil)
    }

    @Test(.timeLimit(.minutes(1))) func aServerDryRunSaysSoAndMovesNothing() throws {
        let kubectl = try StandInKubectl(scenario: "argo-canary")
        try kubectl.enter("paused-step-1")
        #expect(try kubectl.run(Self.promote + ["--dry-run=server"]) == "rollout.argoproj.io/checkout patched (server dry run)\n")
        #expect(kubectl.state() == "paused-step-1")
        #expect(try rollout(kubectl).phase == .paused)
    }

    @Test(.timeLimit(.minutes(1))) func aPromoteMovesOnFromThePauseAndOnlyThroughTheStatusSubresource() throws {
        let kubectl = try StandInKubectl(scenario: "argo-canary")
        try kubectl.enter("paused-step-1")
        // Without --subresource=status the API server ignores a status body: nothing changes.
        let spec = Self.promote.filter { $0 != "--subresource=status" }
        #expect(try kubectl.run(spec) == "rollout.argoproj.io/checkout patched (no change)\n")
        #expect(kubectl.state() == "paused-step-1")
        #expect(try kubectl.run(Self.promote) == "rollout.argoproj.io/checkout patched\n")
        let status = try rollout(kubectl)
        #expect(status.phase == .progressing && status.step?.index == 2)
        #expect(kubectl.history().last?.cause == "promote")
        // A promote the current state does not wait for changes nothing.
        #expect(try kubectl.run(Self.promote) == "rollout.argoproj.io/checkout patched (no change)\n")
        // kubectl's default patch type is refused for a custom resource.
        let strategic = failure { try kubectl.run(Array(Self.promote.filter { $0 != "--type=merge" })) }
        #expect(strategic?.status == 1)
        #expect(strategic?.output == "error: application/strategic-merge-patch+json is not supported by argoproj.io/v1alpha1, "
            + "Kind=Rollout: the body of the request was in an unknown format - accepted media types include: "
            + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n")
    }

    @Test(.timeLimit(.minutes(1))) func anAbortAtThePauseLeavesTheRolloutAborted() throws {
        let kubectl = try StandInKubectl(scenario: "argo-abort")
        try kubectl.enter("paused-step-1")
        #expect(try kubectl.run(Self.abort) == "rollout.argoproj.io/checkout patched\n")
        let status = try rollout(kubectl)
        #expect(status.phase == .aborted)
        #expect(status.rawPhase == "Degraded")
        #expect(status.message == "RolloutAborted: Rollout aborted update to revision 5")
        #expect(status.weight == .init(set: 0, actual: 0))
        #expect(status.pause == nil)
        #expect(status.replicas?.updated == 0)
        let pods = try podNames(kubectl)
        #expect(pods.allSatisfy { $0.hasPrefix("checkout-6b4d7c9f55-") } && pods.count == 4)
    }

    @Test(.timeLimit(.minutes(1))) func timeMovesTheCanaryOnAtTheScaledPace() async throws {
        // 1000x: the recorded 2 s steps take 2 ms; the waits for a promote do not end by themselves.
        let kubectl = try StandInKubectl(scenario: "argo-canary", speed: 1000)
        #expect(try rollout(kubectl).step?.index == 0)
        try await Task.sleep(for: .milliseconds(60))
        #expect(try rollout(kubectl).phase == .paused)
        #expect(kubectl.history().map(\.state) == ["step-0", "step-0-weight-20", "paused-step-1"])
        try kubectl.run(Self.promote)
        try await Task.sleep(for: .milliseconds(100))
        let status = try rollout(kubectl)
        #expect(status.phase == .healthy)
        #expect(kubectl.history().map(\.state) == [
            "step-0", "step-0-weight-20", "paused-step-1", "step-2", "step-3-analysis-running", "step-3-analysis-successful",
            "step-4", "paused-step-5", "promoted-old-terminating", "healthy",
        ])
        #expect(kubectl.history().map(\.cause) == ["start", "time", "time", "promote", "time", "time", "time", "time", "time", "time"])
    }

    @Test(.timeLimit(.minutes(1))) func failNextFailsTheNextGetsWithTheRecordedError() throws {
        let kubectl = try StandInKubectl(scenario: "argo-canary")
        kubectl.failNext(2, status: 1, stderr: "errors/forbidden.txt")
        let forbidden = try String(contentsOfFile: Repository.path("fixtures/kubectl/errors/forbidden.txt"), encoding: .utf8)
        for _ in 0..<2 {
            let failed = failure { try kubectl.run(Self.get) }
            #expect(failed?.status == 1)
            #expect(failed?.output == forbidden)
        }
        #expect(try rollout(kubectl).phase == .progressing)
        // Aimed at one resource, a failure leaves the others alone.
        kubectl.failNext(1, status: 1, stderr: "errors/timeout.txt", what: "pods")
        #expect(try rollout(kubectl).phase == .progressing)
        #expect(failure { try kubectl.run(["-n", "shop", "get", "pods", "-l", "app=checkout", "-o", "json"]) }?.output
            == "Unable to connect to the server: dial tcp 10.20.0.1:443: i/o timeout\n")
    }

    @Test(.timeLimit(.minutes(1))) func kubectlsErrorsAreItsOwnWords() throws {
        let kubectl = try StandInKubectl(scenario: "argo-canary")
        let unknownContext = failure { try kubectl.run(["--context=prod-eu", "-n", "shop", "get", "rollout", "checkout", "-o", "json"]) }
        #expect(unknownContext?.output == (try Repository.text("fixtures/kubectl/errors/unknown-context.txt")))
        #expect(failure { try kubectl.run(["-n", "shop", "get", "rollout", "cart", "-o", "json"]) }?.output
            == "Error from server (NotFound): rollouts.argoproj.io \"cart\" not found\n")
        #expect(failure { try kubectl.run(["-n", "payments", "get", "rollout", "checkout", "-o", "json"]) }?.output
            == "Error from server (NotFound): rollouts.argoproj.io \"checkout\" not found\n")
        #expect(failure { try kubectl.run(["-n", "shop", "logs", "checkout-0000000000-zzzzz"]) }?.output
            == "Error from server (NotFound): pods \"checkout-0000000000-zzzzz\" not found\n")
        let unknown = failure { try kubectl.run(["argo", "rollouts", "promote", "checkout"]) }
        #expect(unknown?.status == 1 && unknown?.output == "Error: unknown command \"argo\" for \"kubectl\"\n")
        #expect(try kubectl.run(["version", "--client"]).hasPrefix("Client Version: "))
    }

    @Test(.timeLimit(.minutes(1))) func callsLogHoldsEveryCommandInOrder() throws {
        let kubectl = try StandInKubectl(scenario: "argo-canary")
        try kubectl.enter("paused-step-1")
        try kubectl.run(Self.get)
        try kubectl.run(Self.promote + ["--dry-run=server"])
        try kubectl.run(Self.promote)
        _ = failure { try kubectl.run(["--context", "nope", "get", "rollout", "checkout", "-o", "json"]) }
        #expect(kubectl.calls() == [
            try StandInKubectl.callLine(Self.get), try StandInKubectl.callLine(Self.promote + ["--dry-run=server"]),
            try StandInKubectl.callLine(Self.promote),
            try StandInKubectl.callLine(["--context", "nope", "get", "rollout", "checkout", "-o", "json"]),
        ])
        #expect(kubectl.calls()[2] == #"kubectl -n shop patch rollouts.argoproj.io checkout --type=merge --subresource=status -p \{\"status\":\{\"pauseConditions\":null\}\}"#)
    }

    func podNames(_ kubectl: StandInKubectl) throws -> [String] {
        let list = try kubectl.run(["-n", "shop", "get", "pods", "-l", "app=checkout", "-o", "json"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [String: Any])
        #expect(root["kind"] as? String == "List" && root["apiVersion"] as? String == "v1")
        let items = try #require(root["items"] as? [[String: Any]])
        return items.compactMap { (($0["metadata"] as? [String: Any])?["name"]) as? String }
    }

    @Test(.timeLimit(.minutes(1))) func canaryPodsAppearAsTheCanaryScalesUpAndTheOldOnesGoAtTheEnd() throws {
        let kubectl = try StandInKubectl(scenario: "argo-canary")
        func counts() throws -> (stable: Int, canary: Int) {
            let names = try podNames(kubectl)
            return (names.filter { $0.hasPrefix("checkout-6b4d7c9f55-") }.count, names.filter { $0.hasPrefix("checkout-7c9f6d4bb8-") }.count)
        }
        for (state, stable, canary) in [("step-0", 4, 1), ("step-2", 4, 2), ("step-4", 4, 4), ("healthy", 0, 4)] {
            try kubectl.enter(state)
            let now = try counts()
            #expect(now.stable == stable && now.canary == canary, "\(state)")
        }
        #expect(try kubectl.run(["-n", "shop", "get", "pods", "-l", "app=nothing", "-o", "json"])
            == "{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n")
        // Each pod carries the hash that says its cohort.
        let pod = try kubectl.run(["-n", "shop", "get", "pod", "checkout-7c9f6d4bb8-qm7rt", "-o", "json"])
        #expect(pod.contains(#""rollouts-pod-template-hash": "7c9f6d4bb8""#))
    }

    @Test(.timeLimit(.minutes(1))) func logsPrintsTheRecordedLinesAndFollowsAppendedOnes() async throws {
        let kubectl = try StandInKubectl(scenario: "argo-canary")
        let pod = "checkout-7c9f6d4bb8-qm7rt"
        let recorded = try String(contentsOfFile: kubectl.directory.file("logs/\(pod).log"), encoding: .utf8)
        #expect(try kubectl.run(["-n", "shop", "logs", "--timestamps", pod, "-c", "checkout"]) == recorded)
        let last = try #require(recorded.split(separator: "\n").last)
        #expect(try kubectl.run(["-n", "shop", "logs", pod, "--tail=1"]) == String(last.drop { $0 != " " }.dropFirst()) + "\n")

        let follower = kubectl.start(["-n", "shop", "logs", "-f", "--timestamps", pod, "-c", "checkout"])
        #expect(await follower.wait { $0 == recorded })
        kubectl.appendLog(pod: pod, #"{"level":"error","msg":"appended while following"}"#)
        #expect(await follower.wait { $0.hasSuffix("Z {\"level\":\"error\",\"msg\":\"appended while following\"}\n") })
        await follower.stop()
        #expect(await follower.wait { _ in follower.hasExited })
    }

    @Test(.timeLimit(.minutes(1))) func aFollowerEndsWhenItsPodGoes() async throws {
        let kubectl = try StandInKubectl(scenario: "argo-abort")
        try kubectl.enter("paused-step-1")
        let follower = kubectl.start(["-n", "shop", "logs", "-f", "checkout-7c9f6d4bb8-qm7rt"])
        #expect(await follower.wait { $0.contains("upstream payment gateway timeout") })
        try kubectl.run(Self.abort)
        #expect(await follower.wait { _ in follower.hasExited })
    }

    @Test(.timeLimit(.minutes(1))) func aDeploymentRollsBackAndFlaggerMovesByTime() async throws {
        let stuck = try StandInKubectl(scenario: "deployment-stuck")
        let get = ["-n", "ledger", "get", "deployment", "ledger", "-o", "json"]
        #expect(try DeploymentStatus.parse(Array(try stuck.run(get).utf8)).phase == .degraded)
        #expect(try stuck.run(["-n", "ledger", "rollout", "undo", "deployments.apps/ledger", "--dry-run=server"])
            == "deployment.apps/ledger rolled back (server dry run)\n")
        #expect(stuck.state() == "deadline-exceeded")
        #expect(try stuck.run(["-n", "ledger", "rollout", "undo", "deployment", "ledger"]) == "deployment.apps/ledger rolled back\n")
        #expect(try DeploymentStatus.parse(Array(try stuck.run(get).utf8)).phase == .healthy)

        let paused = try StandInKubectl(scenario: "deployment-rollout")
        #expect(try DeploymentStatus.parse(Array(try paused.run(get).utf8)).phase == .paused)
        #expect(try paused.run(["-n", "ledger", "patch", "deployment", "ledger", "-p", #"{"spec":{"paused":false}}"#])
            == "deployment.apps/ledger patched\n")
        #expect(try DeploymentStatus.parse(Array(try paused.run(get).utf8)).phase == .progressing)

        let flagger = try StandInKubectl(scenario: "flagger-canary", speed: 1000)
        let canary = ["-n", "payments", "get", "canary", "payments-api", "-o", "json"]
        #expect(try FlaggerCanaryStatus.parse(Array(try flagger.run(canary).utf8)).phase == .progressing)
        try await Task.sleep(for: .milliseconds(30))
        #expect(try FlaggerCanaryStatus.parse(Array(try flagger.run(canary).utf8)).phase == .healthy)
    }
}
