import Foundation
import Testing
import WarRoomCore
@testable import WarRoomFeeds

/// `kubectl get pods -o json` read, kubectl's timestamps read off, and the feed's state between polls, without
/// running kubectl: which pods are followed and from where, each line's pod and cohort, per-cohort metrics, health.
@Suite struct PodLogReaderTests {
    static let pods = PodSelector(selector: "app=checkout", namespace: "shop", container: "app")
    static let status = ControllerStatus(kind: .argoRollout, name: "checkout", namespace: "shop", phase: .paused,
                                         rawPhase: "Paused", stableHash: "6b4d7c9f55", canaryHash: "7c9f6d4bb8")
    static let t0 = KubectlFixtures.at("2026-12-06T13:05:00Z")
    static let canaryPod = "checkout-7c9f6d4bb8-h5n2v", stablePod = "checkout-6b4d7c9f55-2xkqp"

    static func feed(skippingThrough: Date? = nil, fromStart: Bool = false,
                     status: ControllerStatus? = PodLogReaderTests.status) -> PodLogFeed {
        PodLogFeed(name: "api", pods: pods, derived: [
            ("canary_errors", LogDerivation(measure: .count, match: .level(.error), window: 60, cohort: .canary)),
            ("stable_errors", LogDerivation(measure: .count, match: .level(.error), window: 60, cohort: .stable)),
            ("all_errors", LogDerivation(measure: .count, match: .level(.error), window: 60)),
            ("canary_share", LogDerivation(measure: .ratio, match: .level(.error), window: 60, cohort: .canary)),
        ], fromStart: fromStart, skippingThrough: skippingThrough, status: { status })
    }

    static func list(_ name: String) throws -> PodList {
        try PodList.parse(try KubectlFixtures.bytes("pods/\(name).json"))
    }

    static func line(_ pod: String, _ seconds: Double, _ text: String) -> PodLogInbox.Line {
        PodLogInbox.Line(pod: pod, time: t0.addingTimeInterval(seconds), text: Array(text.utf8))
    }

    // MARK: The list of pods

    @Test func readsTheRecordedListOfPods() throws {
        let list = try Self.list("checkout-01-canary-starting")
        #expect(list.pods.map(\.name) == ["checkout-6b4d7c9f55-2xkqp", "checkout-6b4d7c9f55-9fz7m", "checkout-7c9f6d4bb8-h5n2v",
                                          "checkout-7c9f6d4bb8-tq8wd"])
        #expect(list.pods.map(\.phase) == ["Running", "Running", "Running", "Pending"])
        #expect(list.pods[2].labels["rollouts-pod-template-hash"] == "7c9f6d4bb8")
        #expect(list.pods[2].containers == ["app", "istio-proxy"])
        #expect(list.pods.allSatisfy { !$0.deleting })
        #expect(try Self.list("checkout-02-stable-terminating").pods.map(\.deleting) == [false, true, false, false])
        #expect(try Self.list("none-match").pods.isEmpty)
    }

    @Test func aListThatIsNotOneOfPodsIsNamed() throws {
        let rollout = try KubectlFixtures.bytes("argo-rollouts/checkout-05-healthy.json")
        #expect(throws: ControllerParseError(document: "List", path: "kind", expected: "\"List\"", found: "\"Rollout\"")) {
            try PodList.parse(rollout)
        }
        let edited = try KubectlFixtures.edited("pods/checkout-01-canary-starting.json", #""phase": "Pending""#, #""phase": 3"#)
        #expect(throws: ControllerParseError(document: "List", path: "items[3].status.phase", expected: "a string",
                                             found: "a number (3)")) { try PodList.parse(edited) }
        #expect(throws: ControllerParseError.self) { try PodList.parse(Array("error: oops".utf8)) }
    }

    // MARK: kubectl's timestamps

    @Test func kubectlsTimestampIsTheLinesTime() {
        let split = PodFollow.split(Array(#"2026-12-06T13:05:01.123456789Z {"level":"error","msg":"boom"}"#.utf8))
        #expect(abs((split.time ?? .distantPast).timeIntervalSince(Self.t0) - 1.123456789) < 1e-6)
        #expect(String(decoding: split.text, as: UTF8.self) == #"{"level":"error","msg":"boom"}"#)
        let undated = PodFollow.split(Array("no time here".utf8))
        #expect(undated.time == nil && String(decoding: undated.text, as: UTF8.self) == "no time here")
    }

    @Test func linesAreCutWhereverTheStreamBreaks() {
        var splitter = PodFollow.LineSplitter(skipping: nil)
        let stream = "2026-12-06T13:05:01.000000000Z one\r\n2026-12-06T13:05:02.000000000Z two\n2026-12-06T13:05:03.000000000Z thr"
        var lines: [(time: Date?, text: [UInt8])] = []
        for piece in [stream.prefix(20), stream.dropFirst(20).prefix(40), stream.dropFirst(60)] {
            lines += Array(piece.utf8).withUnsafeBytes { splitter.take($0) }
        }
        #expect(lines.map { String(decoding: $0.text, as: UTF8.self) } == ["one", "two"])
        #expect(splitter.finish().map { String(decoding: $0.text, as: UTF8.self) } == "thr")
    }

    /// A follow started again from the last line's second reads that second again: what was read is dropped.
    @Test func aFollowStartedAgainSkipsWhatWasRead() {
        var splitter = PodFollow.LineSplitter(skipping: PodFollow.Resume(time: Self.t0.addingTimeInterval(1.5), linesAtTime: 2))
        let stream = """
            2026-12-06T13:05:01.000000000Z before
            2026-12-06T13:05:01.500000000Z same-1
            2026-12-06T13:05:01.500000000Z same-2
            2026-12-06T13:05:01.500000000Z same-3
            2026-12-06T13:05:02.000000000Z after

            """
        let lines = Array(stream.utf8).withUnsafeBytes { splitter.take($0) }
        #expect(lines.map { String(decoding: $0.text, as: UTF8.self) } == ["same-3", "after"])
    }

    @Test func overlongLinesAreCut() {
        var splitter = PodFollow.LineSplitter(skipping: nil)
        let long = String(repeating: "x", count: PodFollow.maximumLineLength * 2)
        let lines = Array((long + "\nshort\n").utf8).withUnsafeBytes { splitter.take($0) }
        #expect(lines.map(\.text.count) == [PodFollow.maximumLineLength, 5])
    }

    // MARK: Following

    @Test func runningPodsAreFollowedFromTheirLastLinesThenNewOnesFromTheStart() throws {
        var reader = PodLogReader(feed: Self.feed())
        let first = reader.listed(.success(try Self.list("checkout-01-canary-starting")), following: [])
        #expect(first == ["checkout-6b4d7c9f55-2xkqp", "checkout-6b4d7c9f55-9fz7m", "checkout-7c9f6d4bb8-h5n2v"].map {
            PodLogReader.Start(pod: $0, from: .lastLines(PodLogFeed.contextLines), skipping: nil)
        })
        let following = Set(first.map(\.pod))
        // The pending canary pod now runs: it is new, so its whole log is read.
        let second = reader.listed(.success(try Self.list("checkout-02-stable-terminating")), following: following)
        #expect(second == [PodLogReader.Start(pod: "checkout-7c9f6d4bb8-tq8wd", from: .beginning, skipping: nil)])
    }

    @Test func followArgumentsNameThePodContainerAndStart() {
        let feed = PodLogFeed(name: "api", pods: PodSelector(selector: "app=checkout", namespace: "shop", container: "app",
                                                             context: "prod-eu"))
        #expect(feed.listArguments == ["--context", "prod-eu", "-n", "shop", "get", "pods", "-l", "app=checkout", "-o", "json"])
        #expect(feed.followArguments(pod: "p", from: .lastLines(10))
            == ["--context", "prod-eu", "-n", "shop", "logs", "-f", "--timestamps", "--tail=10", "p", "-c", "app"])
        #expect(feed.followArguments(pod: "p", from: .since(Self.t0.addingTimeInterval(1.75)))
            == ["--context", "prod-eu", "-n", "shop", "logs", "-f", "--timestamps", "--since-time=2026-12-06T13:05:01Z", "p", "-c", "app"])
        #expect(PodLogFeed.rfc3339(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
        #expect(PodLogFeed(name: "api", pods: PodSelector(selector: "a=b")).followArguments(pod: "p", from: .beginning)
            == ["-n", "default", "logs", "-f", "--timestamps", "p"])
    }

    @Test func everyFirstFollowHonoursFromStartAndAnEarlierEvaluator() throws {
        var whole = PodLogReader(feed: Self.feed(fromStart: true))
        #expect(whole.listed(.success(try Self.list("checkout-01-canary-starting")), following: []).map(\.from)
            == [.beginning, .beginning, .beginning])
        var after = PodLogReader(feed: Self.feed(skippingThrough: Self.t0))
        // Back by the longest window, to refill the derived metrics.
        #expect(after.listed(.success(try Self.list("checkout-01-canary-starting")), following: []).map(\.from)
            == Array(repeating: .since(Self.t0.addingTimeInterval(-60)), count: 3))
    }

    @Test func linesAreLabelledWithPodAndCohortInTimeOrder() throws {
        var reader = PodLogReader(feed: Self.feed())
        _ = reader.listed(.success(try Self.list("checkout-01-canary-starting")), following: [])
        let events = reader.take(([
            Self.line(Self.canaryPod, 2, #"{"level":"error","msg":"payment declined: upstream timed out"}"#),
            Self.line(Self.stablePod, 1, "level=info msg=ok"),
            Self.line("checkout-6b4d7c9f55-9fz7m", 3, "2026-12-06 13:05:03 WARN slow"),
        ], 0), now: Self.t0.addingTimeInterval(4), following: 3)
        let batch = try #require(events.compactMap { if case .logs(let batch) = $0 { batch } else { nil } }.first)
        #expect(batch.lines == [
            LogLine(time: Self.t0.addingTimeInterval(1), level: .info, text: "level=info msg=ok", source: "api", pod: Self.stablePod,
                    cohort: .stable),
            LogLine(time: Self.t0.addingTimeInterval(2), level: .error, text: "payment declined: upstream timed out", source: "api",
                    pod: Self.canaryPod, cohort: .canary),
            LogLine(time: Self.t0.addingTimeInterval(3), level: .warn, text: "slow", source: "api",
                    pod: "checkout-6b4d7c9f55-9fz7m", cohort: .stable),
        ])
        #expect(batch.lineCount == 3 && batch.errorCount == 1)
    }

    @Test func withoutTheControllersWordTheCohortIsUnknown() throws {
        var reader = PodLogReader(feed: Self.feed(status: nil))
        _ = reader.listed(.success(try Self.list("checkout-01-canary-starting")), following: [])
        let events = reader.take(([Self.line(Self.canaryPod, 1, "ERROR boom")], 0), now: Self.t0.addingTimeInterval(2),
                                 following: 3)
        let batch = try #require(events.compactMap { if case .logs(let batch) = $0 { batch } else { nil } }.first)
        #expect(batch.lines.map(\.cohort) == [nil])
        #expect(batch.lines.map(\.pod) == [Self.canaryPod])
    }

    @Test func perCohortMetricsCountOnlyTheirPods() throws {
        var reader = PodLogReader(feed: Self.feed())
        _ = reader.listed(.success(try Self.list("checkout-01-canary-starting")), following: [])
        var lines = (0..<6).map { Self.line(Self.canaryPod, Double($0), $0 < 3 ? "ERROR canary failed" : "INFO fine") }
        lines += (0..<6).map { Self.line(Self.stablePod, Double($0) + 0.5, $0 == 0 ? "ERROR stable failed" : "INFO fine") }
        let events = reader.take((lines, 0), now: Self.t0.addingTimeInterval(10), following: 3)
        let samples = events.compactMap { if case .sample(let sample) = $0 { sample } else { nil } }
        let at10 = Dictionary(samples.filter { $0.time == Self.t0.addingTimeInterval(10) }.map { ($0.name, $0.value) },
                              uniquingKeysWith: { $1 })
        #expect(at10 == ["canary_errors": 3, "stable_errors": 1, "all_errors": 4, "canary_share": 50])
    }

    @Test func linesAnEarlierEvaluatorReadOnlyRefillTheWindows() throws {
        var reader = PodLogReader(feed: Self.feed(skippingThrough: Self.t0.addingTimeInterval(2)))
        _ = reader.listed(.success(try Self.list("checkout-01-canary-starting")), following: [])
        let events = reader.take(((0..<4).map { Self.line(Self.canaryPod, Double($0), "ERROR e\($0)") }, 0),
                                 now: Self.t0.addingTimeInterval(10), following: 3)
        let batch = try #require(events.compactMap { if case .logs(let batch) = $0 { batch } else { nil } }.first)
        #expect(batch.lines.map(\.text) == ["e3"])
        #expect(batch.lineCount == 1)
        let samples = events.compactMap { if case .sample(let sample) = $0 { sample } else { nil } }
        #expect(samples.last { $0.name == "canary_errors" }?.value == 4)
    }

    @Test func aFollowThatEndedIsStartedAgainWhereItStopped() throws {
        var reader = PodLogReader(feed: Self.feed())
        _ = reader.listed(.success(try Self.list("checkout-01-canary-starting")), following: [])
        _ = reader.take(([Self.line(Self.canaryPod, 1, "a"), Self.line(Self.canaryPod, 1, "b")], 0),
                        now: Self.t0.addingTimeInterval(2), following: 3)
        reader.followEnded(Self.canaryPod, failure: nil)
        let others: Set = ["checkout-6b4d7c9f55-2xkqp", "checkout-6b4d7c9f55-9fz7m"]
        let again = reader.listed(.success(try Self.list("checkout-01-canary-starting")), following: others)
        #expect(again == [PodLogReader.Start(pod: Self.canaryPod, from: .since(Self.t0.addingTimeInterval(1)),
                                             skipping: PodFollow.Resume(time: Self.t0.addingTimeInterval(1), linesAtTime: 2))])
    }

    /// A pod kubectl may not read is tried again after 1, 2, 4 … lists (at most 12), not at every list.
    @Test func aFollowThatKeepsFailingIsTriedLessOften() throws {
        var reader = PodLogReader(feed: Self.feed())
        let list = try Self.list("checkout-01-canary-starting")
        _ = reader.listed(.success(list), following: [])
        let others: Set = ["checkout-6b4d7c9f55-2xkqp", "checkout-6b4d7c9f55-9fz7m"]
        var tries: [Int] = []
        for round in 0..<16 {
            if reader.listed(.success(list), following: others).contains(where: { $0.pod == Self.canaryPod }) {
                tries.append(round)
                reader.followEnded(Self.canaryPod, failure: "pod \(Self.canaryPod): kubectl may not read its log")
            }
        }
        #expect(tries == [0, 1, 3, 7, 15], "waits of 0, 1, 3 and 7 lists between tries")
        // Read again: tried at once the next time it ends.
        _ = reader.take(([Self.line(Self.canaryPod, 1, "back")], 0), now: Self.t0.addingTimeInterval(2), following: 3)
        reader.followEnded(Self.canaryPod, failure: nil)
        #expect(reader.listed(.success(list), following: others).map(\.pod) == [Self.canaryPod])
    }

    /// More running pods than a war room follows: the rest are named, and nothing is counted from a part of them.
    @Test func tooManyPodsAreSaidAndNotCountedFromAPart() throws {
        let items = (0..<(PodLogReader.maximumFollows + 3)).map { index in
            #"{"kind": "Pod", "metadata": {"name": "checkout-6b4d7c9f55-p\#(index)", "labels": {"rollouts-pod-template-hash": "6b4d7c9f55"}}, "spec": {"containers": [{"name": "app"}]}, "status": {"phase": "Running"}}"#
        }
        let list = try PodList.parse(Array(#"{"apiVersion": "v1", "kind": "List", "items": [\#(items.joined(separator: ","))]}"#.utf8))
        var reader = PodLogReader(feed: Self.feed())
        #expect(reader.listed(.success(list), following: []).count == PodLogReader.maximumFollows)
        let events = reader.take(([], 0), now: Self.t0, following: PodLogReader.maximumFollows)
        #expect(Self.reports(events).first?.failure?.hasPrefix("following 100 pods, the most a war room follows; 3 more are not read") == true)
        #expect(!events.contains { if case .sample = $0 { true } else { false } })
    }

    @Test func aPodGoneIsDroppedOnceItsFollowEnds() throws {
        var reader = PodLogReader(feed: Self.feed())
        _ = reader.listed(.success(try Self.list("checkout-01-canary-starting")), following: [])
        let all: Set = ["checkout-6b4d7c9f55-2xkqp", "checkout-6b4d7c9f55-9fz7m", Self.canaryPod]
        _ = reader.listed(.success(try Self.list("none-match")), following: all)
        #expect(reader.pods.count == 4 - 1)  // the pending pod, never followed, is gone at once
        reader.followEnded(Self.canaryPod, failure: nil)
        #expect(reader.pods[Self.canaryPod] == nil)
        #expect(reader.pods.count == 2)
    }

    // MARK: Health

    static func reports(_ events: [Event]) -> [SourceReport] {
        events.compactMap { if case .source(let report) = $0 { report } else { nil } }
    }

    @Test func kubectlFailingIsReportedWithItsReason() throws {
        var reader = PodLogReader(feed: Self.feed())
        let failure = KubectlFailure(errorOutput: try KubectlFixtures.bytes("errors/forbidden.txt"))
        _ = reader.listed(.failure(.kubectl(.failed(failure))), following: [])
        let events = reader.take(([], 0), now: Self.t0, following: 0)
        #expect(Self.reports(events) == [SourceReport(source: "api", failure: "app=checkout in shop: \(failure)")])
        // Nothing can be read: no derived sample (a count of 0 would look healthy), so the metrics go stale.
        #expect(!events.contains { if case .sample = $0 { true } else { false } })
        // Said once, then again only when it changes: here, it recovers.
        #expect(Self.reports(reader.take(([], 0), now: Self.t0.addingTimeInterval(1), following: 0)).isEmpty)
        _ = reader.listed(.success(try Self.list("checkout-01-canary-starting")), following: [])
        #expect(Self.reports(reader.take(([], 0), now: Self.t0.addingTimeInterval(2), following: 3))
            == [SourceReport(source: "api")])
    }

    @Test func noPodToFollowIsSaid() throws {
        var reader = PodLogReader(feed: PodLogFeed(name: "api", pods: PodSelector(selector: "app=checkout", namespace: "shop",
                                                                                   context: "prod-eu")))
        _ = reader.listed(.success(try Self.list("none-match")), following: [])
        #expect(Self.reports(reader.take(([], 0), now: Self.t0, following: 0)) == [SourceReport(
            source: "api", failure: "no running pod matches app=checkout in namespace shop (context prod-eu) yet")])
    }

    @Test func aFollowThatFailsIsReportedUntilItReadsAgain() throws {
        var reader = PodLogReader(feed: Self.feed())
        _ = reader.listed(.success(try Self.list("checkout-01-canary-starting")), following: [])
        reader.followEnded(Self.canaryPod, failure: "pod \(Self.canaryPod): kubectl may not read it")
        #expect(Self.reports(reader.take(([], 0), now: Self.t0, following: 2))
            == [SourceReport(source: "api", failure: "pod \(Self.canaryPod): kubectl may not read it")])
        #expect(Self.reports(reader.take(([Self.line(Self.canaryPod, 1, "back")], 0), now: Self.t0.addingTimeInterval(2),
                                         following: 3)) == [SourceReport(source: "api")])
    }

    /// While a running pod cannot be read, or the list fails while follows still run, the counts would miss that pod's
    /// lines and read low, even 0: no sample then, and the metrics go stale instead of looking healthy.
    @Test func noCountWhileAnyRunningPodCannotBeRead() throws {
        var reader = PodLogReader(feed: Self.feed())
        _ = reader.listed(.success(try Self.list("checkout-01-canary-starting")), following: [])
        _ = reader.take(([Self.line(Self.stablePod, 1, "ERROR stable failed")], 0), now: Self.t0.addingTimeInterval(1), following: 3)
        reader.followEnded(Self.canaryPod, failure: "pod \(Self.canaryPod): kubectl may not read it")
        let failing = reader.take(([Self.line(Self.stablePod, 12, "INFO fine")], 0), now: Self.t0.addingTimeInterval(30), following: 3)
        #expect(!failing.contains { if case .sample = $0 { true } else { false } }, "the canary pod is not read: no count")
        let back = reader.take(([Self.line(Self.canaryPod, 31, "INFO back")], 0), now: Self.t0.addingTimeInterval(40), following: 3)
        #expect(back.contains { if case .sample = $0 { true } else { false } }, "read again: counted again")

        let listFails = KubectlFailure(errorOutput: try KubectlFixtures.bytes("errors/forbidden.txt"))
        _ = reader.listed(.failure(.kubectl(.failed(listFails))), following: [Self.canaryPod, Self.stablePod])
        let stale = reader.take(([], 0), now: Self.t0.addingTimeInterval(60), following: 2)
        #expect(!stale.contains { if case .sample = $0 { true } else { false } }, "the list fails: a new pod may go unread")
    }

    /// A line dated ahead (a node's clock) counts as now's: it must not push the windows, or the follow's resume
    /// point, into the future and silence them until then.
    @Test func aLineFromTheFutureDoesNotSilenceTheLog() throws {
        var reader = PodLogReader(feed: Self.feed())
        _ = reader.listed(.success(try Self.list("checkout-01-canary-starting")), following: [])
        let future = PodLogInbox.Line(pod: Self.canaryPod, time: Self.t0.addingTimeInterval(86_400 * 365), text: Array("ERROR skew".utf8))
        _ = reader.take(([future], 0), now: Self.t0, following: 3)
        let later = reader.take(([Self.line(Self.canaryPod, 70, "INFO fine")], 0), now: Self.t0.addingTimeInterval(80), following: 3)
        #expect(later.contains { if case .sample(let sample) = $0 { sample.name == "canary_errors" } else { false } },
                "counted on after the skewed line")
        #expect(reader.pods[Self.canaryPod]?.resume?.time == Self.t0.addingTimeInterval(70), "resumes from the real line")
    }
}

/// What the controller feed reads reaches the pod log feed; a failed read keeps the last good status.
@Suite struct LatestControllerStatusTests {
    @Test func keepsTheNewestGoodStatus() {
        let first = PodLogReaderTests.status
        var promoted = first
        promoted.stableHash = "7c9f6d4bb8"
        promoted.canaryHash = nil
        let latest = LatestControllerStatus(first)
        #expect(latest.current == first)
        latest.take(.controller(.status(promoted)))
        #expect(latest.current == promoted)
        latest.take(.controller(.unreadable(reason: "kubectl may not read it")))
        latest.take(.source(SourceReport(source: "api")))
        #expect(latest.current == promoted)
        #expect(LatestControllerStatus().current == nil)
    }
}
