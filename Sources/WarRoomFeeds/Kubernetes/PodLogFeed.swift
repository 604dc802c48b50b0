import Foundation
import Synchronization
import WarRoomCore

/// Follows the logs of every pod a label selector matches, through kubectl, and turns what each poll brings into a
/// `.logs` batch of lines labelled with their pod and cohort, the samples of the plan's metrics derived from them,
/// and a `.source` report whenever what can be read changes.
///
/// Every `listInterval` it asks for the pods (`kubectl get pods -l SELECTOR -o json`) and starts
/// `kubectl logs -f --timestamps` for each running pod not yet followed, so a pod created later is followed from its
/// first line. kubectl's timestamp is the line's time; the rest is read as a file's line is (level, JSON, logfmt).
/// A follow that ends while its pod still runs is started again at the next list from the last line's time, without
/// reading a line twice; one whose pod is gone is dropped. A pod's cohort is asked of the controller's status at each
/// poll, since the hashes change when a canary is promoted. Cancelling the task kills every kubectl it started.
public struct PodLogFeed: Sendable {
    /// The plan's log name: what reports and lines call the source.
    public let name: String
    public let pods: PodSelector
    /// The kubectl to run.
    let kubectl: KubectlProcess.Program
    let errorPattern: String?
    let derived: [DerivedMetric]
    /// Each pod's whole log, rather than its last lines, for the pods running when the feed starts.
    let fromStart: Bool
    /// Lines dated at or before this were read by an earlier evaluator: they only refill the derived metrics' windows.
    let skippingThrough: Date?
    /// The rollout controller's latest status, which tells a canary pod from a stable one; nil while unknown.
    let status: @Sendable () -> ControllerStatus?
    let listInterval: Duration
    /// Longest a `kubectl get pods` may take before it counts as failed.
    let timeout: Duration

    /// A metric derived from this log, by name.
    public struct DerivedMetric: Sendable {
        public var name: String
        public var derivation: LogDerivation

        public init(name: String, derivation: LogDerivation) {
            self.name = name
            self.derivation = derivation
        }
    }

    /// Lines of context read from each pod already running when the feed starts (`kubectl logs --tail`), as a file
    /// is followed from a little before its end.
    static let contextLines = 10

    public init(name: String, pods: PodSelector, kubectl: KubectlProcess.Program = KubectlProcess.Program(), errorPattern: String? = nil,
                derived: [(name: String, derivation: LogDerivation)] = [], fromStart: Bool = false,
                skippingThrough: Date? = nil, status: @escaping @Sendable () -> ControllerStatus? = { nil },
                listInterval: Duration = .seconds(5), timeout: Duration = .seconds(10)) {
        self.name = name
        self.pods = pods
        self.kubectl = kubectl
        self.errorPattern = errorPattern
        self.derived = derived.map { DerivedMetric(name: $0.name, derivation: $0.derivation) }
        self.fromStart = fromStart
        self.skippingThrough = skippingThrough
        self.status = status
        self.listInterval = listInterval
        self.timeout = timeout
    }

    /// `--context C -n NS get pods -l SELECTOR -o json`.
    var listArguments: [String] {
        pods.kubectlScope + ["get", "pods", "-l", pods.selector, "-o", "json"]
    }

    /// `--context C -n NS logs -f --timestamps [--tail=N | --since-time=T] POD [-c CONTAINER]`.
    func followArguments(pod: String, from start: FollowStart) -> [String] {
        var arguments = pods.kubectlScope + ["logs", "-f", "--timestamps"]
        switch start {
        case .beginning: break
        case .lastLines(let count): arguments.append("--tail=\(count)")
        case .since(let time): arguments.append("--since-time=\(Self.rfc3339(time))")
        }
        arguments.append(pod)
        if let container = pods.container { arguments += ["-c", container] }
        return arguments
    }

    /// Where a follow starts reading a pod's log.
    enum FollowStart: Sendable, Hashable {
        case beginning
        case lastLines(Int)
        /// From this time, which the API server takes to the second: lines already read are skipped by the follow.
        case since(Date)
    }

    /// Polls every `interval` until the task is cancelled, then stops every follow and waits for its kubectl to end.
    public func run(interval: Duration, now: @escaping @Sendable () -> Date, emit: @escaping @Sendable (Event) -> Void) async {
        let inbox = PodLogInbox()
        var reader = PodLogReader(feed: self)
        var follows: [String: Task<Void, Never>] = [:]
        let clock = ContinuousClock()
        var nextList = clock.now
        while !Task.isCancelled {
            // Lines first, then the follows that ended after them, so a follow's last lines move its resume point (and
            // keep its pod's cohort) before the follow is started again or its pod dropped.
            let (taken, endedFollows) = inbox.takeAll()
            for event in reader.take(taken, now: now(), following: follows.count) { emit(event) }
            for ended in endedFollows {
                follows[ended.pod] = nil
                reader.followEnded(ended.pod, failure: ended.failure)
            }
            if clock.now >= nextList {
                let listing = await listPods()
                nextList = clock.now.advanced(by: listInterval)
                guard !Task.isCancelled else { break }
                for start in reader.listed(listing, following: Set(follows.keys)) {
                    let arguments = followArguments(pod: start.pod, from: start.from)
                    follows[start.pod] = Task { [kubectl] in
                        await PodFollow(kubectl: kubectl, arguments: arguments, pod: start.pod, skipping: start.skipping)
                            .run(into: inbox)
                    }
                }
            }
            do { try await Task.sleep(for: interval) } catch { break }
        }
        for follow in follows.values { follow.cancel() }
        for follow in follows.values { await follow.value }
    }

    /// One `kubectl get pods`: the pods, or why there are none to read.
    func listPods() async -> Result<PodList, PodListFailure> {
        switch await KubectlProcess.output(kubectl, arguments: listArguments, timeout: timeout) {
        case .failure(let failure):
            return .failure(.kubectl(failure))
        case .success(let output):
            do {
                return .success(try PodList.parse(output))
            } catch let error as ControllerParseError {
                return .failure(.unreadable(error.description))
            } catch {
                return .failure(.unreadable("\(error)"))
            }
        }
    }

    /// Why a list of pods could not be had.
    enum PodListFailure: Error, Sendable, Hashable {
        case kubectl(KubectlProcess.Failure)
        case unreadable(String)

        var description: String {
            switch self {
            case .kubectl(let failure): failure.description
            case .unreadable(let reason): reason
            }
        }
    }

    /// `2026-12-06T13:01:47Z`: what `--since-time` takes (RFC 3339); the fraction is left out, as the API server reads
    /// whole seconds.
    static func rfc3339(_ time: Date) -> String {
        let seconds = Int64((time.timeIntervalSince1970).rounded(.down))
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rest = seconds - days * 86400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
    }
}

/// What the follows hand the feed's loop: lines as they stream, and the follows that ended.
final class PodLogInbox: Sendable {
    /// One line of a pod's log, its kubectl timestamp read off.
    struct Line: Sendable {
        var pod: String
        /// kubectl's time for the line; nil when the line did not start with one.
        var time: Date?
        var text: [UInt8]
    }

    struct Ended: Sendable {
        var pod: String
        /// Why kubectl gave up, when it failed rather than reaching the end of the log.
        var failure: String?
    }

    /// Most lines held between two polls: a pod flooding its log cannot grow memory without bound.
    static let capacity = 100_000

    private struct Held {
        var lines: [Line] = []
        var dropped = 0
        var ended: [Ended] = []
    }

    private let held = Mutex(Held())

    func append(_ lines: [Line]) {
        held.withLock { held in
            let room = max(0, Self.capacity - held.lines.count)
            held.lines += lines.prefix(room)
            held.dropped += max(0, lines.count - room)
        }
    }

    func ended(_ pod: String, failure: String?) {
        held.withLock { $0.ended.append(Ended(pod: pod, failure: failure)) }
    }

    /// The lines since the last call, and how many were dropped for want of room.
    func takeLines() -> (lines: [Line], dropped: Int) {
        held.withLock { held in
            defer { (held.lines, held.dropped) = ([], 0) }
            return (held.lines, held.dropped)
        }
    }

    /// The lines and the ended follows since the last call, taken together: every line a follow sent before it ended
    /// comes with (or before) its end.
    func takeAll() -> (lines: (lines: [Line], dropped: Int), ended: [Ended]) {
        held.withLock { held in
            defer { (held.lines, held.dropped, held.ended) = ([], 0, []) }
            return ((held.lines, held.dropped), held.ended)
        }
    }

    func takeEnded() -> [Ended] {
        held.withLock { held in
            defer { held.ended = [] }
            return held.ended
        }
    }
}
