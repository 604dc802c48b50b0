import Foundation

/// A recorded session as a function of time: what the war room showed at any moment, rebuilt from its journal.
///
/// The state at `t` is the fold of every journal entry dated at or before `t`, each preceded by a `.tick` to its
/// time, then `.tick(t)`: the same fold every live war room ran, so values, log lines and trigger transitions appear
/// at the times the live session journaled them. A batch of samples is folded sample by sample at each sample's own
/// time, so a chart never shows a value before it happened. A journal from before samples were journaled has only
/// its ten-second windows for the charts: each window's `last` is folded at the window's end. Effects are dropped:
/// a replay never writes.
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
        // of time order, and the fold ignores an entry whose seq is not above the last, so they are renumbered.
        var dated: [JournalEntry] = []
        for entry in entries {
            guard case .samplesRecorded(let batch) = entry.event else { dated.append(entry); continue }
            for sample in batch.samples {
                dated.append(JournalEntry(time: sample.time, actor: entry.actor, session: entry.session,
                                          event: .samplesRecorded(SampleBatch(samples: [sample]))))
            }
            if !batch.refusedFromFuture.isEmpty {
                dated.append(JournalEntry(time: entry.time, actor: entry.actor, session: entry.session,
                                          event: .samplesRecorded(SampleBatch(refusedFromFuture: batch.refusedFromFuture))))
            }
        }
        let journaledSamples = entries.contains { if case .samplesRecorded = $0.event { true } else { false } }
        if !journaledSamples {
            // A window is known once it has closed: folding it at its start would show a value up to 10 s before it
            // happened. `last` rather than the mean because it is the value the screen showed at the window's end.
            for bucket in samples {
                let sample = MetricSample(name: bucket.metric, value: bucket.last, time: bucket.end)
                dated.append(JournalEntry(time: bucket.end, actor: "warroom", session: "replay",
                                          event: .samplesRecorded(SampleBatch(samples: [sample]))))
            }
        }
        // One stable sort by time; each entry renumbered in that order.
        self.steps = dated.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .enumerated().map { index, pair in
                var entry = pair.element
                entry.seq = Int64(index + 1)
                return Step(time: entry.time, event: .recorded(entry))
            }
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
}
