import Foundation
import WarRoomCore

/// The pod log feed's state between polls, apart from the processes: which pods there are and where each one's log
/// was read to, the derived metrics, and the health to report. Pure, so the whole of it is tested without kubectl.
struct PodLogReader {
    /// What is known of one pod listed or followed.
    struct PodState {
        var labels: [String: String]
        var running: Bool
        /// Where its log was read to, for a follow started again.
        var resume: PodFollow.Resume?
        /// Why its last follow failed, until a line is read again or the pod is gone.
        var failure: String?
        /// Listed by the last list; a pod not listed is dropped once its follow ends.
        var listed: Bool
        /// How its first follow starts: from its last lines if it was running when the feed started, else (it started
        /// since) from the beginning.
        var firstStart: PodLogFeed.FollowStart
        /// Follows of it that failed in a row, and lists to let pass before the next try: a pod kubectl may not read
        /// is tried again after 1, 2, 4 … up to 12 lists, not at every list (each start runs kubectl's credential
        /// plugin too).
        var failuresInARow = 0
        var listsToWait = 0
    }

    /// The most pods followed at once: each is a kubectl and a stream from the API server.
    static let maximumFollows = 100
    /// Running pods not followed for want of room, at the last list.
    private(set) var unfollowed = 0

    /// A follow to start.
    struct Start: Hashable {
        var pod: String
        var from: PodLogFeed.FollowStart
        var skipping: PodFollow.Resume?
    }

    let feed: PodLogFeed
    private(set) var pods: [String: PodState] = [:]
    private var health: FeedHealth
    private(set) var deriver: LogDeriver
    private let errorPattern: LinePattern?
    private var minutes = Timestamp.MinuteCache()
    /// Why the last list failed; nil once one succeeds.
    private(set) var listFailure: String?
    /// Whether a list has succeeded yet: the pods of the first are running from before the feed.
    private var listedOnce = false

    init(feed: PodLogFeed) {
        self.feed = feed
        self.health = FeedHealth(source: feed.name)
        self.deriver = LogDeriver(metrics: feed.derived.map { ($0.name, $0.derivation) })
        self.errorPattern = feed.errorPattern.flatMap(LinePattern.init)
    }

    /// A list's answer: the pods to start following (running, not followed now).
    mutating func listed(_ listing: Result<PodList, PodLogFeed.PodListFailure>, following: Set<String>) -> [Start] {
        let list: PodList
        switch listing {
        case .failure(let failure):
            listFailure = failure.description
            return []
        case .success(let answer):
            list = answer
            listFailure = nil
        }
        let first = !listedOnce
        listedOnce = true
        for name in pods.keys { pods[name]?.listed = false }
        for pod in list.pods {
            if pods[pod.name] == nil {
                pods[pod.name] = PodState(labels: pod.labels, running: pod.isRunning, listed: true,
                                          firstStart: first && pod.isRunning ? initialStart : .beginning)
            }
            pods[pod.name]?.labels = pod.labels
            pods[pod.name]?.running = pod.isRunning
            pods[pod.name]?.listed = true
        }
        // A pod gone from the list, whose follow has ended, is dropped with what was known of it.
        for (name, state) in pods where !state.listed && !following.contains(name) { pods[name] = nil }
        let waiting = pods.keys.sorted().filter { name in
            guard let state = pods[name], state.listed, state.running, !following.contains(name) else { return false }
            guard state.listsToWait == 0 else {
                pods[name]?.listsToWait -= 1
                return false
            }
            return true
        }
        let room = max(0, Self.maximumFollows - following.count)
        unfollowed = max(0, waiting.count - room)
        return waiting.prefix(room).map { name in
            let state = pods[name]!
            if let resume = state.resume { return Start(pod: name, from: .since(resume.time), skipping: resume) }
            return Start(pod: name, from: state.firstStart, skipping: nil)
        }
    }

    /// How a pod running before the feed started is read: its whole log with `from: start`; after an earlier
    /// evaluator, from its newest line less the longest derived window (refilling the windows); else its last lines.
    private var initialStart: PodLogFeed.FollowStart {
        if feed.fromStart { return .beginning }
        if let skippingThrough = feed.skippingThrough {
            let window = feed.derived.map(\.derivation.window).max() ?? 0
            return .since(skippingThrough.addingTimeInterval(-window))
        }
        return .lastLines(PodLogFeed.contextLines)
    }

    /// A follow ended: by itself (`failure` nil: the pod or its container stopped) or because kubectl failed.
    mutating func followEnded(_ pod: String, failure: String?) {
        guard pods[pod] != nil else { return }
        pods[pod]?.failure = failure
        if failure != nil, let failures = pods[pod]?.failuresInARow {
            pods[pod]?.failuresInARow = failures + 1
            pods[pod]?.listsToWait = min(1 << min(failures, 4), 12) - 1
        } else {
            // Its log ended by itself: follow it again at the next list.
            pods[pod]?.listsToWait = 0
        }
        if pods[pod]?.listed == false { pods[pod] = nil }
    }

    /// One poll: the lines the follows brought, in time order, labelled with pod and cohort, as one batch; the
    /// derived samples up to `now` while anything can be read; then a report if health changed.
    mutating func take(_ taken: (lines: [PodLogInbox.Line], dropped: Int), now: Date, following: Int) -> [Event] {
        let status = feed.status()
        // Stable, so one pod's lines of the same instant keep their order.
        let lines = taken.lines.enumerated().sorted { ($0.element.time ?? now, $0.offset) < ($1.element.time ?? now, $1.offset) }
            .map(\.element)
        var batch = LogBatch(lineCount: taken.dropped)
        var samples: [MetricSample] = []
        let keptFrom = max(0, lines.count - LogBatch.lineCapacity)
        var cohorts: [String: Cohort?] = [:]
        for (index, line) in lines.enumerated() {
            let cohort: Cohort?
            if let known = cohorts[line.pod] {
                cohort = known
            } else {
                cohort = pods[line.pod].flatMap { status?.cohort(ofPod: line.pod, labels: $0.labels) }
                cohorts[line.pod] = .some(cohort)
            }
            // A line dated ahead of now (a node's clock, a jump) counts as now's: taken as it is, it would push the
            // derived windows and the follow's resume point into the future and silence them until then.
            let time = min(line.time ?? now, now.addingTimeInterval(AppState.futureTolerance))
            if line.time != nil { note(line.pod, readAt: time) }
            pods[line.pod]?.failure = nil
            pods[line.pod]?.failuresInARow = 0
            pods[line.pod]?.listsToWait = 0
            line.text.withUnsafeBufferPointer { bytes in
                let reading = LogLineParser.read(bytes, minutes: &minutes)
                var level = reading.level
                if !level.isError, errorPattern?.matches(bytes) == true { level = .error }
                var message = reading.message
                let derived = message?.withUTF8 { deriver.add(time: time, level: level, text: $0, cohort: cohort) }
                    ?? deriver.add(time: time, level: level, text: bytes, cohort: cohort)
                samples += derived
                if let skippingThrough = feed.skippingThrough, line.time != nil, time <= skippingThrough { return }
                batch.lineCount += 1
                if level.isError {
                    batch.errorCount += 1
                    batch.errorSeconds.add(time)
                }
                if index >= keptFrom {
                    batch.lines.append(LogLine(time: time, level: level, text: reading.text(of: bytes), source: feed.name,
                                               pod: line.pod, cohort: cohort))
                }
            }
        }
        // With nothing to read, or a running pod that cannot be read, a count would fall to 0 (or miss that pod's lines)
        // and look healthy: no sample then, so the metric goes stale until every running pod is read again.
        let readable = following > 0 && listFailure == nil && unfollowed == 0
            && !pods.values.contains { $0.failure != nil && $0.listed && $0.running }
        if readable { samples += deriver.flush(until: now) }
        var events = readable ? samples.map(Event.sample) : []
        if batch.lineCount > 0 { events.append(.logs(batch)) }
        // Before the first list has answered there is nothing to say, and certainly not that all is well.
        if listedOnce || listFailure != nil, let report = health.report(failure: failure(following: following)) {
            events.append(.source(report))
        }
        return events
    }

    /// Where a pod's log has been read to.
    private mutating func note(_ pod: String, readAt time: Date) {
        guard pods[pod] != nil else { return }
        if let resume = pods[pod]?.resume, resume.time == time {
            pods[pod]?.resume?.linesAtTime += 1
        } else if (pods[pod]?.resume?.time ?? .distantPast) < time {
            pods[pod]?.resume = PodFollow.Resume(time: time, linesAtTime: 1)
        }
    }

    /// What is wrong, in words a person can act on; nil when every running pod is followed.
    private func failure(following: Int) -> String? {
        if let listFailure {
            return "\(feed.pods.selector) in \(feed.pods.namespace): \(listFailure)"
        }
        guard listedOnce else { return nil }
        var problems: [String] = []
        let failed = pods.filter { $0.value.failure != nil }.sorted { $0.key < $1.key }
        if let first = failed.first?.value.failure {
            problems.append(failed.count == 1 ? first : "\(first) (and \(failed.count - 1) more pods)")
        }
        if unfollowed > 0 {
            problems.append("following \(Self.maximumFollows) pods, the most a war room follows; \(unfollowed) more are not read "
                            + "(narrow the selector)")
        }
        if following == 0, failed.isEmpty {
            let context = feed.pods.context.map { " (context \($0))" } ?? ""
            problems.append("no running pod matches \(feed.pods.selector) in namespace \(feed.pods.namespace)\(context) yet")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }
}
