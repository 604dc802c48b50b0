import Foundation

/// A recorded session as a function of time: what the war room showed at any moment, rebuilt from its journal.
///
/// The state at `t` is the reducer fed, in time order, every journal entry with `time <= t` (as `.recorded`) and
/// every sample window that had closed by `t` (as `.sample`), each preceded by a `.tick` to its time, then `.tick(t)`.
/// Effects are dropped: a replay never writes, and the automatic history it would re-record (trigger pending and
/// firing, source failures) is already in the journal. Triggers are re-derived from the samples; source failures
/// come from their `source_failed` / `source_recovered` entries. Log lines are not journaled, so none are shown.
///
/// Seeking is fast because the fold is kept at regular checkpoints: the state at any `t` is the nearest checkpoint
/// at or before `t` plus at most one interval of steps (see ``ReplayCursor``).
public struct ReplayTimeline: Sendable {
    /// One input to the fold, at the release time it happened.
    struct Step: Sendable {
        var time: Date
        var event: Event
    }

    /// The fold of `steps[..<next]`, without the final tick, so continuing from it equals folding from zero.
    struct Position: Sendable {
        var state: AppState
        var next: Int
    }

    public let plan: Plan
    /// T0 as the journal recorded it; nil for a session that never started.
    public let t0: Date?
    /// The first and the last moment the journal knows anything about.
    public let first: Date
    public let end: Date
    /// Release time between checkpoints.
    public let checkpointInterval: TimeInterval
    let steps: [Step]
    /// `checkpoints[k]` is the fold of every step at or before `first + k * checkpointInterval`.
    let checkpoints: [Position]
    let initial: Position

    /// Five minutes keeps a 24-hour release to 289 snapshots (a few MB) while a seek refolds at most
    /// five minutes of samples, well under a millisecond in a release build.
    public static let defaultCheckpointInterval: TimeInterval = 300

    public init(plan: Plan, entries: [JournalEntry], samples: [SampleBucket],
                checkpointInterval: TimeInterval = defaultCheckpointInterval) {
        self.plan = plan
        self.checkpointInterval = max(1, checkpointInterval)
        // Entries are folded by time. Several processes (a `note` from a script, a second `run`) can write seqs out
        // of time order, and the reducer ignores an entry whose seq is not above the last, so they are renumbered.
        let ordered = entries.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
        var steps: [(step: Step, order: Int)] = []
        for (index, (_, original)) in ordered.enumerated() {
            var entry = original
            entry.seq = Int64(index + 1)
            if let report = Self.sourceReport(entry.event) { steps.append((Step(time: entry.time, event: .source(report)), steps.count)) }
            steps.append((Step(time: entry.time, event: .recorded(entry)), steps.count))
        }
        for bucket in samples {
            // A window is known once it has closed: feeding it at its start would show a value up to 10 s before it
            // happened. `last` rather than the mean because it is the value the screen showed at the window's end,
            // and a mean would turn a health check's 0/1 results into values no live sample ever had.
            let sample = MetricSample(name: bucket.metric, value: bucket.last, time: bucket.end)
            steps.append((Step(time: bucket.end, event: .sample(sample)), steps.count))
        }
        self.steps = steps.sorted { ($0.step.time, $0.order) < ($1.step.time, $1.order) }.map(\.step)
        t0 = entries.lazy.compactMap { if case .releaseStarted(let t0) = $0.event { t0 } else { nil } }.first
        first = self.steps.first?.time ?? plan.release.start ?? Date(timeIntervalSince1970: 0)
        end = self.steps.last?.time ?? first

        // The screen of the session that opened the journal first: its own attachment is not "another session".
        let session = entries.first { if case .sessionAttached = $0.event { true } else { false } }?.session ?? "replay"
        initial = Position(state: AppState(plan: plan, session: session, now: first), next: 0)
        var position = initial
        var checkpoints: [Position] = []
        while true {
            let mark = first.addingTimeInterval(Double(checkpoints.count) * self.checkpointInterval)  // as `mark(_:)`
            Self.fold(&position, through: mark, steps: self.steps)
            checkpoints.append(position)
            if mark >= end { break }
        }
        self.checkpoints = checkpoints
    }

    /// Where playback starts by default: T0, or the first entry of a session that never started.
    public var origin: Date { t0 ?? first }
    public var isEmpty: Bool { steps.isEmpty }

    /// What the screen showed at `t`; a moment before the journal begins shows its first moment.
    public func state(at time: Date) -> AppState {
        var position = checkpoint(for: time)
        Self.fold(&position, through: time, steps: steps)
        return Self.shown(position, at: time)
    }

    /// The latest checkpoint at or before `time`, found by arithmetic since checkpoints are evenly spaced.
    func checkpoint(for time: Date) -> Position {
        guard time >= first else { return initial }
        var index = min(Int(saturating: time.timeIntervalSince(first) / checkpointInterval), checkpoints.count - 1)
        // Rounding may put the computed index one past a mark that lies a hair after `time`.
        while index > 0, mark(index) > time { index -= 1 }
        return checkpoints[index]
    }

    func mark(_ index: Int) -> Date { first.addingTimeInterval(Double(index) * checkpointInterval) }

    /// Folds the steps after `position` up to and including `time`. Returns how many it folded.
    @discardableResult
    static func fold(_ position: inout Position, through time: Date, steps: [Step]) -> Int {
        let start = position.next
        while position.next < steps.count, steps[position.next].time <= time {
            let step = steps[position.next]
            _ = position.state.apply(.tick(step.time))
            _ = position.state.apply(step.event)
            position.next += 1
        }
        return position.next - start
    }

    /// The position as the screen shows it at `time`: with the clock moved on, so countdowns and staleness are right.
    static func shown(_ position: Position, at time: Date) -> AppState {
        var state = position.state
        _ = state.apply(.tick(time))
        return state
    }

    /// The feed state a journaled source failure or recovery stood for, so the screen shows the error as it was.
    static func sourceReport(_ event: JournalEvent) -> SourceReport? {
        switch event {
        case .sourceFailed(let source, let message): SourceReport(source: source, failure: message)
        case .sourceRecovered(let source): SourceReport(source: source)
        default: nil
        }
    }
}
