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
        /// When the judge first failed and each judge or burn-rate trigger fired, beside the threshold triggers.
        public var signals: [Signal] = []
    }

    /// One of the newer signals (the canary judge's FAIL, a judge or burn-rate trigger firing) beside the first
    /// threshold trigger that fired: how much sooner, or later, it would have said so.
    public struct Signal: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable, Codable {
            /// The judge's outcome first FAIL.
            case judge
            /// `judge score < 75 for 5m`, `judge fails 2 consecutive`.
            case judgeTrigger = "judge_trigger"
            /// `burn_rate(checkout, 1h, 5m) > 14.4`.
            case burnRate = "burn_rate"
        }

        public var kind: Kind
        /// `judge FAIL`, or the trigger's rule.
        public var name: String
        /// When it failed or fired; nil when it never did.
        public var at: Date?
        /// The first threshold trigger that fired, and when; nil when none did.
        public var threshold: (rule: String, at: Date)?
        /// How it stood at the end, for one that never fired (`last PASS, score 100`, `now 0.8× / 0.6×`).
        public var last: String?

        /// Seconds it came before the first threshold trigger (negative: after); nil unless both happened.
        public var earlierBy: TimeInterval? {
            guard let at, let threshold else { return nil }
            return threshold.at.timeIntervalSince(at)
        }

        public static func == (lhs: Signal, rhs: Signal) -> Bool {
            lhs.kind == rhs.kind && lhs.name == rhs.name && lhs.at == rhs.at && lhs.threshold?.rule == rhs.threshold?.rule
                && lhs.threshold?.at == rhs.threshold?.at && lhs.last == rhs.last
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(kind)
            hasher.combine(name)
            hasher.combine(at)
        }
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
        let judging = !plan.judgedMetrics.isEmpty
        // The judge and the objectives read several series at once (a recorded line holds both cohorts, or good and
        // total): samples of one instant are taken together there, as a live poll brings them.
        let together = judging || !plan.slos.isEmpty
        /// Every judge grid instant before `time` gets a turn of its own, in order with the events, while the judge can
        /// still change (up to the horizon after the last event): a judge's grid off the step is visited all the same.
        func visitJudge(upTo time: Date) {
            guard judging else { return }
            let limit = min(time, lastEvent.addingTimeInterval(horizon))
            for instant in judgeInstants(plan, t0: t0, after: player.now, upTo: limit) { player.advance(to: instant) }
        }
        while true {
            let gridTime = Date(timeIntervalSince1970: grid)
            while let event = pending, event.time <= gridTime {
                visitJudge(upTo: event.time)
                switch event.played {
                // A log line's time, 20 a second: a turn of the rules there only when the clock can change something.
                case .clock: if player.mayChange(at: event.time) { player.advance(to: event.time) }
                case .sample(let sample) where together:
                    var batch = [sample]
                    pending = next()
                    while let following = pending, following.time == event.time, case .sample(let more) = following.played {
                        batch.append(more)
                        pending = next()
                    }
                    player.apply(samples: batch, at: event.time)
                    lastEvent = event.time
                    end = max(end, event.time)
                    continue
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
            visitJudge(upTo: gridTime)
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

    /// The judge's grid instants in `(after, upTo)`; none without judged metrics, and at most a few per step.
    static func judgeInstants(_ plan: Plan, t0: Date, after: Date, upTo: Date) -> [Date] {
        guard !plan.judgedMetrics.isEmpty else { return [] }
        let judge = CanaryJudge(plan: plan)
        let every = max(1, plan.judge.every)
        var instant = judge.gridTime(at: after, t0: t0).addingTimeInterval(every)
        var instants: [Date] = []
        while instant < upTo, instants.count < 1_000 {
            instants.append(instant)
            instant = instant.addingTimeInterval(every)
        }
        return instants
    }

    /// How long after an event the state can still change by time alone: the longest staleness, trigger or
    /// aggregate window, or first-stage minimum, plus a step.
    static func quietAfter(_ plan: Plan, step: TimeInterval) -> TimeInterval {
        // The judge's window and a burn rate's long window slide on after the last sample, changing what they say.
        let judge = plan.judgedMetrics.isEmpty ? 0 : plan.judge.window + plan.judge.every
        let windows = plan.metrics.map(\.staleAfter) + plan.triggers.flatMap { [$0.window, $0.aggregate?.window ?? 0, $0.burnWindow] }
            + [plan.stages.first?.minDuration ?? 0, judge]
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

extension TriggerRule {
    /// A rule on a metric's value or a check's failures: what the judge and burn rates are compared against.
    var isThresholdKind: Bool {
        switch condition {
        case .threshold, .failureStreak: true
        case .judgeScore, .judgeStreak, .burnRate: false
        }
    }

    var readsBurnRate: Bool {
        switch condition {
        case .burnRate: true
        case .threshold, .failureStreak, .judgeScore, .judgeStreak: false
        }
    }

    /// A burn-rate rule's long window, over which the rate keeps moving after the last sample; 0 for the rest.
    var burnWindow: TimeInterval {
        switch condition {
        case .burnRate(let kind): max(kind.longWindow, kind.shortWindow)
        case .threshold, .failureStreak, .judgeScore, .judgeStreak: 0
        }
    }
}
