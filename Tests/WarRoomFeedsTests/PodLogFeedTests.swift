import Foundation
import Synchronization
import Testing
import WarRoomCore
import WarRoomTestSupport
@testable import WarRoomFeeds

/// The pod log feed end to end against a stand-in kubectl: real processes, real pipes, real cancellation.
@Suite struct PodLogFeedTests {
    static let status = ControllerStatus(kind: .argoRollout, name: "checkout", namespace: "shop", phase: .paused,
                                         rawPhase: "Paused", stableHash: "6b4d7c9f55", canaryHash: "7c9f6d4bb8")
    static let canary = "checkout-7c9f6d4bb8-h5n2v", laterCanary = "checkout-7c9f6d4bb8-tq8wd"
    static let stable = "checkout-6b4d7c9f55-2xkqp", otherStable = "checkout-6b4d7c9f55-9fz7m"

    /// The feed running in a task, and everything it emitted so far.
    final class Running: Sendable {
        final class Log: Sendable {
            let events = Mutex<[Event]>([])
        }

        private let log = Log()
        private let task: Task<Void, Never>

        init(_ feed: PodLogFeed) {
            let log = self.log
            task = Task {
                await feed.run(interval: .milliseconds(50), now: { Date() }, emit: { event in log.events.withLock { $0.append(event) } })
            }
        }

        var lines: [LogLine] {
            log.events.withLock { $0.flatMap { event -> [LogLine] in if case .logs(let batch) = event { batch.lines } else { [] } } }
        }

        var reports: [SourceReport] {
            log.events.withLock { $0.compactMap { if case .source(let report) = $0 { report } else { nil } } }
        }

        func samples(_ name: String) -> [MetricSample] {
            log.events.withLock { $0.compactMap { if case .sample(let sample) = $0, sample.name == name { sample } else { nil } } }
        }

        /// Waits (polling, up to a deadline) until `condition` holds; false if it never did.
        func waitFor(_ seconds: Double = 20, _ condition: (Running) -> Bool) async -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if condition(self) { return true }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return condition(self)
        }

        func stop() async {
            task.cancel()
            await task.value
        }
    }

    static func feed(_ standIn: PodLogStandIn, derived: [(name: String, derivation: LogDerivation)] = []) -> PodLogFeed {
        PodLogFeed(name: "api", pods: PodSelector(selector: "app=checkout", namespace: "shop", container: "app"),
                   kubectl: standIn.program, derived: derived, status: { status }, listInterval: .milliseconds(200),
                   timeout: .seconds(10))
    }

    /// A time a little before now, on a whole millisecond, so lines fall inside the derived metrics' windows.
    static func recent(_ secondsAgo: Double) -> Date {
        Date(timeIntervalSince1970: ((Date().timeIntervalSince1970 - secondsAgo) * 1000).rounded(.down) / 1000)
    }

    @Test(.timeLimit(.minutes(1)))
    func followsEveryPodAndPodsCreatedLaterEachLineLabelled() async throws {
        let standIn = try PodLogStandIn()
        try standIn.pods("checkout-01-canary-starting")
        standIn.log(Self.stable, [(Self.recent(5), #"{"level":"info","msg":"stable ok"}"#),
                                  (Self.recent(4), #"{"level":"error","msg":"stable failed"}"#)])
        standIn.log(Self.otherStable, [(Self.recent(5), "level=info msg=\"other ok\"")])
        standIn.log(Self.canary, [(Self.recent(5), #"{"level":"error","msg":"canary failed 1"}"#),
                                  (Self.recent(4), #"{"level":"error","msg":"canary failed 2"}"#),
                                  (Self.recent(3), #"{"level":"info","msg":"canary ok"}"#)])
        let running = Running(Self.feed(standIn, derived: [
            ("canary_errors", LogDerivation(measure: .count, match: .level(.error), window: 60, cohort: .canary)),
            ("stable_errors", LogDerivation(measure: .count, match: .level(.error), window: 60, cohort: .stable)),
        ]))
        #expect(await running.waitFor { $0.lines.count == 6 })

        // A pod created after the feed started is followed from its first line, and so is what the others write next.
        try standIn.pods("checkout-02-stable-terminating")
        standIn.log(Self.laterCanary, [(Self.recent(1), #"{"level":"error","msg":"later canary failed"}"#)])
        standIn.log(Self.stable, [(Self.recent(0.5), #"{"level":"info","msg":"stable again"}"#)])
        #expect(await running.waitFor { $0.lines.count == 8 })
        #expect(await running.waitFor { $0.samples("canary_errors").last?.value == 3 })
        await running.stop()

        let byPod = Dictionary(grouping: running.lines, by: { $0.pod ?? "" }).mapValues { $0.map(\.text) }
        #expect(byPod == [
            Self.stable: ["stable ok", "stable failed", "stable again"],
            Self.otherStable: ["level=info msg=\"other ok\""],
            Self.canary: ["canary failed 1", "canary failed 2", "canary ok"],
            Self.laterCanary: ["later canary failed"],
        ])
        for line in running.lines {
            #expect(line.cohort == (line.pod?.contains("7c9f6d4bb8") == true ? .canary : .stable), "\(line)")
            #expect(line.source == "api")
        }
        #expect(running.samples("stable_errors").last?.value == 1)
        #expect(running.reports.allSatisfy { $0.failure == nil }, "\(running.reports)")
        // The pods running at the start were asked for their last lines, the one created later for its whole log.
        let follows = standIn.calls.filter { $0.contains(" logs ") }
        #expect(follows.contains("-n shop logs -f --timestamps --tail=10 \(Self.canary) -c app"))
        #expect(follows.contains("-n shop logs -f --timestamps \(Self.laterCanary) -c app"))
        #expect(!follows.contains { $0.contains("tq8wd") && $0.contains("--tail") })
    }

    @Test(.timeLimit(.minutes(1)))
    func aFollowThatEndsIsStartedAgainWithoutReadingTwiceAndAPodGoneIsDropped() async throws {
        let standIn = try PodLogStandIn()
        try standIn.pods("checkout-01-canary-starting")
        standIn.log(Self.canary, [(Self.recent(3), "INFO one"), (Self.recent(3), "INFO one again, same instant")])
        let running = Running(Self.feed(standIn))
        #expect(await running.waitFor { $0.lines.count == 2 })

        // kubectl logs -f ends although the pod runs (a broken connection): followed again from where it was.
        try standIn.end(Self.canary)
        #expect(await running.waitFor { _ in standIn.calls.count { $0.contains("--since-time=") } >= 1 })
        standIn.log(Self.canary, [(Self.recent(1), "INFO two")])
        #expect(await running.waitFor { $0.lines.contains { $0.text == "two" } })

        // The pod is deleted: its follow ends, and it is not followed again.
        try standIn.pods("none-match")
        try standIn.gone(Self.canary)
        try standIn.gone(Self.stable)
        try standIn.gone(Self.otherStable)
        #expect(await running.waitFor { $0.reports.last?.failure?.hasPrefix("no running pod matches app=checkout") == true })
        let followsWhenGone = standIn.calls.count { $0.contains(" logs ") }
        try await Task.sleep(for: .milliseconds(500))
        #expect(standIn.calls.count { $0.contains(" logs ") } == followsWhenGone)
        await running.stop()

        #expect(running.lines.filter { $0.pod == Self.canary }.map(\.text) == ["one", "one again, same instant", "two"])
        // Ending and a pod going away are no failure of kubectl.
        #expect(running.reports.dropLast().allSatisfy { $0.failure == nil }, "\(running.reports)")
    }

    @Test(.timeLimit(.minutes(1)))
    func kubectlFailingIsReportedWithTheReason() async throws {
        let standIn = try PodLogStandIn()
        try standIn.fail(with: "namespace-not-found.txt")
        let running = Running(Self.feed(standIn))
        #expect(await running.waitFor { !$0.reports.isEmpty })
        await running.stop()
        let failure = KubectlFailure(errorOutput: try KubectlFixtures.bytes("errors/namespace-not-found.txt"))
        #expect(running.reports.first == SourceReport(source: "api", failure: "app=checkout in shop: \(failure)"))
        #expect(running.reports.first?.failure?.contains("not found") == true)
        #expect(running.lines.isEmpty)
    }

    @Test(.timeLimit(.minutes(1)))
    func kubectlNotInstalledIsReported() async throws {
        let feed = PodLogFeed(name: "api", pods: PodSelector(selector: "app=checkout"),
                              kubectl: KubectlProcess.Program("/nonexistent/kubectl"), listInterval: .milliseconds(200))
        let running = Running(feed)
        #expect(await running.waitFor { !$0.reports.isEmpty })
        await running.stop()
        #expect(running.reports.first?.failure?.hasPrefix("app=checkout in default: kubectl could not be run") == true,
                "\(running.reports)")
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellingKillsEveryKubectl() async throws {
        let standIn = try PodLogStandIn()
        try standIn.pods("checkout-01-canary-starting")
        let running = Running(Self.feed(standIn))
        // Three follows, each waiting for lines that never come.
        #expect(await running.waitFor { _ in standIn.calls.count { $0.contains(" logs ") } == 3 && standIn.processes.count >= 4 })
        let started = standIn.processes
        #expect(started.contains(where: PodLogStandIn.isRunning))
        await running.stop()
        // The processes were killed with their group before run returned; a moment for the kernel to reap them.
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, started.contains(where: PodLogStandIn.isRunning) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(started.filter(PodLogStandIn.isRunning).isEmpty)
    }

    /// The recorded Argo canary, served by the repository's stand-in kubectl: the canary's pods appear as it scales up,
    /// each pod's lines come labelled by the rollout's hashes, and the canary's errors are counted apart.
    @Test(.timeLimit(.minutes(1)))
    func theRecordedArgoCanaryByCohort() async throws {
        let standIn = try StandInKubectl(scenario: "argo-canary", speed: 10)
        let status = try ArgoRolloutStatus.parse(try KubectlFixtures.scenarioBytes("argo-canary/rollout/checkout-03-step-2.json"))
        #expect(status.stableHash == "6b4d7c9f55" && status.canaryHash == "7c9f6d4bb8")
        // The recording's lines are hours old: a day's window counts them all.
        let feed = PodLogFeed(name: "api", pods: PodSelector(selector: "app=checkout", namespace: "shop", context: "prod"),
                              kubectl: KubectlProcess.Program(environment: standIn.environment), derived: [
                                  ("canary_errors", LogDerivation(measure: .count, match: .level(.error), window: 86400, cohort: .canary)),
                                  ("stable_errors", LogDerivation(measure: .count, match: .level(.error), window: 86400, cohort: .stable)),
                              ], status: { status }, listInterval: .milliseconds(200))
        // The pause at step 1 waits for a promote: four stable pods and the first canary pod, six lines each.
        try standIn.enter("paused-step-1")
        let running = Running(feed)
        #expect(await running.waitFor { Set($0.lines.compactMap(\.pod)).count == 5 && $0.lines.count == 30 })
        // From step 2 on, time moves it along: the canary scales up to four pods, each read from its first line.
        try standIn.enter("step-2")
        #expect(await running.waitFor { $0.lines.count == 48 })
        #expect(await running.waitFor { $0.samples("canary_errors").last?.value == 8 })
        await running.stop()

        let byPod = Dictionary(grouping: running.lines, by: { $0.pod ?? "" })
        #expect(byPod.count == 8 && byPod.values.allSatisfy { $0.count == 6 }, "\(byPod.mapValues(\.count))")
        for (pod, lines) in byPod {
            let cohort: Cohort = pod.hasPrefix("checkout-7c9f6d4bb8-") ? .canary : .stable
            #expect(lines.allSatisfy { $0.cohort == cohort }, "\(pod)")
            #expect(lines.filter(\.level.isError).count == (cohort == .canary ? 2 : 0), "\(pod)")
        }
        #expect(running.samples("stable_errors").allSatisfy { $0.value == 0 })
        #expect(running.reports.allSatisfy { $0.failure == nil }, "\(running.reports)")
        // Pods running at the start from their last lines, those that started later from their first.
        let calls = standIn.calls()
        #expect(calls.contains("kubectl --context prod -n shop logs -f --timestamps --tail=10 checkout-7c9f6d4bb8-qm7rt"))
        #expect(calls.contains("kubectl --context prod -n shop logs -f --timestamps checkout-7c9f6d4bb8-hz5kx"))
    }
}

/// A pod's follow never outlives the war room: its watchdog kills kubectl's process group once the watched process
/// is gone. Run under `setsid`, so the group killed is the follow's own.
@Suite struct PodFollowWatchdogTests {
    @Test(.timeLimit(.minutes(1)))
    func theFollowDiesWithTheProcessItWatches() throws {
        // A process that has already ended stands for a war room that was killed.
        let gone = try Spawn.run("/bin/sh", ["-c", "echo $$"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let started = Date()
        #expect(throws: CommandFailure.self) {
            try Spawn.run("/usr/bin/setsid", ["--wait", "/bin/sh", "-c", PodFollow.watchdog, "sh", gone, "sleep", "30"])
        }
        #expect(Date().timeIntervalSince(started) < 10, "killed within a second or two, not after the 30 s sleep")
    }

    @Test(.timeLimit(.minutes(1)))
    func aLivingWatchedProcessLetsItRunToItsEnd() throws {
        let output = try Spawn.run("/usr/bin/setsid", ["--wait", "/bin/sh", "-c", PodFollow.watchdog, "sh",
                                                       "\(ProcessInfo.processInfo.processIdentifier)", "echo", "streamed"])
        #expect(output == "streamed\n")
    }
}
