import Foundation

/// Plays recorded samples, log lines and source reports through the same reducer the war room uses, in event
/// time from T0, and lists every transition: what `warroom evaluate` prints to tune triggers on last release's data.
///
/// Stages are never promoted (that is a person's act), so gates are reported as they would have stood for the
/// first stage. The clock ticks on a fixed grid as well as at each event, so `for` windows and staleness advance
/// through quiet stretches exactly as they would live.
public enum Backtest {
    /// How the release would have gone.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// No trigger fired, and every metric had fresh data throughout.
        case clean
        /// At least one rollback trigger fired.
        case rollback
        /// No trigger fired, but some metric was stale or missing: silence is not proof of health.
        case inconclusive

        /// `warroom evaluate`'s exit status.
        public var exitCode: Int32 {
            switch self {
            case .clean: 0
            case .rollback: 1
            case .inconclusive: 2
            }
        }
    }

    public struct Result: Sendable {
        public var t0: Date
        public var end: Date
        public var transitions: [Transition]
        public var outcome: Outcome
        /// Triggers that fired, each with when it first fired.
        public var fired: [(rule: String, at: Date)]
        /// Metrics that were STALE or without data after their first grace period, each with when it first was.
        public var missing: [(metric: String, status: MetricStatus, at: Date)]
        /// Health checks with no result in the recording, so their triggers were never judged.
        public var unreplayedChecks: [String] = []
    }

    /// `events` in any order (they are sorted by their time, stably); only samples and log lines are played.
    public static func run(plan: Plan, events: [Event], t0: Date, tick step: TimeInterval = 10) -> Result {
        let timed = events.enumerated().compactMap { index, event in time(of: event).map { (time: $0, index: index, event: event) } }
            .sorted { ($0.time, $0.index) < ($1.time, $1.index) }
        var next = timed.makeIterator()
        return play(plan: plan, t0: t0, step: step) { next.next().map { ($0.time, .event($0.event)) } }
    }

    /// A recording already in time order (a ``Merge`` of sources read in order), taken one item at a time, so it is
    /// never held or sorted whole.
    public static func run(plan: Plan, ordered recording: Merge, t0: Date, tick step: TimeInterval = 10) -> Result {
        var recording = recording
        return play(plan: plan, t0: t0, step: step) {
            switch recording.next() {
            case .sample(let sample)?: (sample.time, .sample(sample))
            case .clock(let time)?: (time, .clock)
            case nil: nil
            }
        }
    }

    /// What the player is handed: a sample or an event to apply at its time, or only the clock moving there. Small
    /// (an `Event` is boxed), since a log hands over one a line.
    enum Played {
        case sample(MetricSample)
        case clock
        indirect case event(Event)
    }

    /// `next` gives the played items in time order. The end of the data is known once they run out, and until then
    /// there is always a later one, so the grid never passes it early.
    private static func play(plan: Plan, t0: Date, step: TimeInterval, next: () -> (time: Date, played: Played)?) -> Result {
        var plan = plan
        plan.release.start = t0  // the release starts at T0 by itself, as a scheduled one does
        var pending = next()
        let first = min(t0, pending?.time ?? t0)
        var end = max(t0, pending?.time ?? t0)
        let fixed = fixedTimes(plan, t0: t0)
        var player = Player(plan: plan, t0: t0, now: first, fixed: fixed)

        let horizon = quietAfter(plan, step: step)
        var lastEvent = first
        var grid = (first.timeIntervalSince1970 / step).rounded(.up) * step
        while true {
            let gridTime = Date(timeIntervalSince1970: grid)
            while let event = pending, event.time <= gridTime {
                switch event.played {
                // A log line's time, 20 a second: a turn of the rules there only when the clock can change something.
                case .clock: if player.mayChange(at: event.time) { player.advance(to: event.time) }
                case .sample(let sample):
                    player.advance(to: event.time)
                    player.apply(.sample(sample))
                case .event(let played):
                    player.advance(to: event.time)
                    player.apply(played)
                }
                lastEvent = event.time
                end = max(end, event.time)
                pending = next()
            }
            if pending == nil, gridTime > end { break }
            player.advance(to: gridTime)
            // Past 2^53 steps from 1970 adding a step changes nothing: such a grid is over.
            grid = grid + step > grid ? grid + step : .infinity
            // Once every window has run out after the last event, nothing changes until the next event or the next
            // fixed time (a decision point, a grace period): jump there. The number of ticks then depends on the
            // events and the plan, never on how far apart two timestamps are.
            if grid > lastEvent.timeIntervalSince1970 + horizon {
                let nextEvent = pending?.time ?? end
                let target = min(nextEvent, fixed.first { $0 > gridTime } ?? nextEvent)
                grid = max(grid, (target.timeIntervalSince1970 / step).rounded(.down) * step)
            }
        }
        player.advance(to: end)
        return player.result(end: end)
    }

    /// How long after an event the state can still change by time alone: the longest staleness, trigger or
    /// aggregate window, or first-stage minimum, plus a step.
    static func quietAfter(_ plan: Plan, step: TimeInterval) -> TimeInterval {
        let windows = plan.metrics.map(\.staleAfter) + plan.triggers.flatMap { [$0.window, $0.aggregate?.window ?? 0] }
            + [plan.stages.first?.minDuration ?? 0]
        return (windows.max() ?? 0) + 2 * step
    }

    /// Times fixed by the plan at which the state changes without an event, in order: T0, the end of each metric's
    /// first grace period, the first stage's minimum, every decision point, every `within` closing.
    static func fixedTimes(_ plan: Plan, t0: Date) -> [Date] {
        let offsets = [0] + plan.metrics.map(\.staleAfter) + [plan.stages.first?.minDuration ?? 0]
            + plan.decisionPoints.map(\.offset) + plan.triggers.compactMap(\.armedFor)
        return offsets.flatMap { [t0.addingTimeInterval($0), t0.addingTimeInterval($0 + 1)] }.sorted()
    }

    static func time(of event: Event) -> Date? {
        switch event {
        case .sample(let sample): sample.time
        case .health(let result): result.time
        case .log(let line): line.time
        // Batches come from live feeds; a backtest reads every line dated, as `.log`.
        case .logs: nil
        // A source report has no time of its own; `warroom evaluate` reports source problems beside the timeline.
        case .source, .tick, .intent, .recorded, .commandFinished: nil
        // A backtest replays metrics and logs; the controller is not part of a recording.
        case .controller, .controllerActionFinished, .noticeFinished: nil
        }
    }
}
