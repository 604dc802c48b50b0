import Foundation

extension Backtest {
    /// The reducer driven by recorded time, with the journal's round trip done in memory, watching for changes.
    struct Player {
        private var state: AppState
        private let t0: Date
        private var seq: Int64 = 0
        private var last: Snapshot
        private var transitions: [Transition] = []
        private var fired: [(rule: String, at: Date)] = []
        private var missing: [(metric: String, status: MetricStatus, at: Date)] = []
        private var reached: Set<String> = []
        /// The outcome of the last judgement journaled, and when the judge first said FAIL (its grid instant).
        private var judged: Judgement.Outcome?
        private var judgeFailedAt: Date?
        /// ``Backtest/fixedTimes(_:t0:)``, in order.
        private let fixed: [Date]
        /// Until this time the clock alone changes nothing observed (see ``mayChange(at:)``); worked out after
        /// every turn, since only a turn changes the state.
        private var quietUntil: Date

        init(plan: Plan, t0: Date, now: Date, fixed: [Date] = []) {
            self.state = AppState(plan: plan, session: "backtest", now: now)
            self.t0 = t0
            self.last = Snapshot(unstarted: plan)
            self.fixed = fixed
            self.quietUntil = now
        }

        var now: Date { state.now }

        /// The clock moves on, and the evaluator takes its turn: pending triggers fire, windows close.
        mutating func advance(to time: Date) {
            guard time >= state.now else { return }
            perform(state.apply(.tick(time)))
            perform(state.evaluation(of: [], at: time).map(Effect.record))
            observe()
            settle()
        }

        /// Whether moving the clock to `time` can change what is observed: the release starts, a pending trigger's
        /// window elapses, a metric goes stale, or a fixed time (a grace period's end, a decision point, a `within`
        /// closing, the first stage's minimum) passes. Otherwise the turn would find nothing new, and is skipped.
        /// Erring on the side of a turn costs only time: a turn where nothing changes observes nothing.
        func mayChange(at time: Date) -> Bool { time >= quietUntil }

        private mutating func settle() {
            if state.triggers.values.contains(where: \.isPending) {
                quietUntil = state.now
                return
            }
            var until = fixed.first { $0 >= state.now } ?? .distantFuture
            if !state.isStarted { until = min(until, t0) }
            // The judge judges on its grid, and burn rates move as their windows slide over the 10 s buckets: both
            // change with the clock alone, like a decision point.
            let judge = CanaryJudge(plan: state.plan)
            if !judge.isEmpty {
                until = min(until, judge.gridTime(at: state.now, t0: state.t0 ?? t0).addingTimeInterval(max(1, judge.settings.every)))
            }
            if state.plan.triggers.contains(where: \.readsBurnRate) {
                let width = Double(BurnLedger.width)
                until = min(until, Date(timeIntervalSince1970: ((state.now.timeIntervalSince1970 / width).rounded(.down) + 1) * width))
            }
            for metric in state.plan.metrics {
                guard let latest = state.series[metric.name]?.latest, state.status(of: metric) != .stale else { continue }
                until = min(until, latest.time.addingTimeInterval(metric.staleAfter - 0.001))
            }
            quietUntil = until
        }

        /// Samples of one instant taken in one turn, as a live evaluator takes a poll's worth: the judge then compares
        /// both cohorts of a recorded line together, never the canary's new sample against the baseline's old one.
        mutating func apply(samples: [MetricSample], at time: Date) {
            perform(state.apply(.tick(time)))
            perform(state.evaluation(of: samples.map(Event.sample), at: time).map(Effect.record))
            observe()
            settle()
        }

        mutating func apply(_ event: Event) {
            perform(state.apply(event))
            observe()
            settle()
        }

        /// What the runtime does with effects: records go to the journal and come back folded; nothing else applies.
        private mutating func perform(_ effects: [Effect]) {
            var queue = effects
            while !queue.isEmpty {
                guard case .record(var entry) = queue.removeFirst() else { continue }
                seq += 1
                entry.seq = seq
                queue += state.apply(.recorded(entry))
            }
        }

        private mutating func observe() {
            guard state.isStarted, state.now >= t0 else { return }
            let now = Snapshot(state)
            let plan = state.plan
            for (index, metric) in plan.metrics.enumerated() {
                let status = now.statuses[index]!
                if status != last.statuses[index] {
                    note(.metric, metric.name, from: last.statuses[index]?.rawValue, to: status.rawValue, detail: describe(metric))
                }
                // A metric gets one stale window after T0 to deliver its first sample before silence counts.
                if status.isMissing, state.now.timeIntervalSince(t0) > metric.staleAfter,
                   !missing.contains(where: { $0.metric == metric.name }) {
                    missing.append((metric.name, status, state.now))
                }
            }
            for (index, rule) in plan.triggers.enumerated() {
                let word = now.triggers[index]
                guard word != last.triggers[index] else { continue }
                // The judge's triggers are worded from the judgement a screen would show now.
                if rule.kind.sampleSeries == nil { state.judgeCanary() }
                note(.trigger, rule.text, from: last.triggers[index], to: word, detail: describe(rule))
                if word == "firing", !fired.contains(where: { $0.rule == rule.text }) { fired.append((rule.text, state.now)) }
            }
            observeJudge()
            if now.gate != last.gate {
                note(.gate, "gate", from: last.gate.rawValue, to: now.gate.rawValue,
                     detail: state.gate().reasons.prefix(2).joined(separator: "; "))
            }
            for point in plan.decisionPoints where !reached.contains(point.id) && state.now >= t0.addingTimeInterval(point.offset) {
                reached.insert(point.id)
                note(.decision, point.id, from: nil, to: "reached",
                     detail: "\(point.title): \(state.signalStatus.rawValue), gate \(now.gate.rawValue)")
            }
            last = now
        }

        /// The judge's outcome as the journal holds it: a change of outcome is a transition, dated at the grid instant
        /// judged (a judgement is journaled whenever its outcome changes, so none is missed).
        private mutating func observeJudge() {
            guard let judgement = state.folded.judge.latest, judgement.outcome != judged else { return }
            let failing = judgement.verdicts.first(where: \.fails).map { "; \($0.metric) \($0.call.rawValue): \($0.reason)" } ?? ""
            // One judged before T0 (history) is the judge's standing as the release starts.
            let time = max(judgement.at, t0)
            transitions.append(Transition(time: time, offset: time.timeIntervalSince(t0), kind: .judge, subject: "judge",
                                          from: judged?.rawValue, to: judgement.outcome.rawValue,
                                          detail: "score \(Judgement.formatScore(judgement.score)): \(judgement.why)" + failing))
            if judgement.outcome == .fail, judgeFailedAt == nil { judgeFailedAt = time }
            judged = judgement.outcome
        }

        private mutating func note(_ kind: Transition.Kind, _ subject: String, from: String?, to: String, detail: String) {
            transitions.append(Transition(time: state.now, offset: state.now.timeIntervalSince(t0), kind: kind, subject: subject,
                                          from: from, to: to, detail: detail))
        }

        private func describe(_ metric: MetricSpec) -> String {
            let bounds = "success \(metric.success.describe(unit: metric.unit)), alert \(metric.alert.describe(unit: metric.unit))"
            guard let latest = state.series[metric.name]?.latest else { return "no sample yet; \(bounds)" }
            if state.status(of: metric) == .stale {
                return "no sample for \(DurationText.format(state.now.timeIntervalSince(latest.time))); \(bounds)"
            }
            return "\(metric.unit.format(latest.value)); \(bounds)"
        }

        private func describe(_ rule: TriggerRule) -> String {
            let unit = state.plan.metric(named: rule.metric)?.unit ?? .count
            let value = state.currentValue(of: rule).map(unit.format) ?? "no value"
            switch rule.condition {
            case .threshold(let kind):
                guard let threshold = kind.thresholdValue(in: state) else { return value }
                return "\(value) vs \(kind.comparison.rawValue) \(unit.format(threshold))"
            case .failureStreak: return "\(state.consecutiveFailures(of: rule)) consecutive failures"
            case .judgeScore, .judgeStreak, .burnRate: return rule.kind.comparison(of: rule, in: state)
            }
        }

        func result(end: Date) -> Result {
            // A metric that never had a sample was not judged at all, however short the data: silence is no proof.
            var missing = missing
            for metric in state.plan.metrics where state.series[metric.name]?.latest == nil
                && !missing.contains(where: { $0.metric == metric.name }) {
                missing.append((metric.name, .noData, end))
            }
            let outcome: Outcome = !fired.isEmpty ? .rollback : (missing.isEmpty ? .clean : .inconclusive)
            // A recording holds a check's results only where a file wrote `health.<name>` samples; the others were
            // not replayed, and the report says so rather than passing over them.
            let unreplayed = state.plan.healthChecks.filter { state.series[$0.metricName]?.latest == nil }.map(\.name)
            return Result(t0: t0, end: end, transitions: transitions, outcome: outcome, fired: fired, missing: missing,
                          unreplayedChecks: unreplayed, signals: signals())
        }

        /// The judge's first FAIL and every judge or burn-rate trigger, each against the first threshold trigger that
        /// fired; empty for a plan without a judge or burn rates.
        private func signals() -> [Signal] {
            var state = self.state
            state.judgeCanary()
            let plan = state.plan
            let threshold = fired.first { fired in plan.triggers.first { $0.text == fired.rule }?.isThresholdKind ?? false }
            var signals: [Signal] = []
            if !plan.judgedMetrics.isEmpty {
                let last = state.folded.judge.latest.map { "last \($0.outcome.rawValue), score \(Judgement.formatScore($0.score))" }
                signals.append(Signal(kind: .judge, name: "judge FAIL", at: judgeFailedAt, threshold: threshold,
                                      last: last ?? "never judged"))
            }
            for rule in plan.triggers where !rule.isThresholdKind {
                let kind: Signal.Kind = rule.readsBurnRate ? .burnRate : .judgeTrigger
                signals.append(Signal(kind: kind, name: rule.text, at: fired.first { $0.rule == rule.text }?.at, threshold: threshold,
                                      last: rule.kind.shortReading(of: rule, in: state)))
            }
            return signals
        }
    }

    /// What a backtest compares from one step to the next. Taken after every turn, so in the plan's order rather
    /// than by name, and the gate's verdict without its reasons (worded only when it changes).
    struct Snapshot {
        /// Each metric's status, in the plan's order; nil before T0.
        var statuses: [MetricStatus?]
        /// Each trigger's word, in the plan's order.
        var triggers: [String]
        var gate: Gate.Verdict

        init(_ state: AppState) {
            statuses = state.plan.metrics.map { state.status(of: $0) }
            triggers = state.plan.triggers.map { state.word(of: $0) }
            gate = state.gateVerdict()
        }

        /// Before T0: nothing known, so the first look at T0 reports every metric's status.
        init(unstarted plan: Plan) {
            statuses = plan.metrics.map { _ in nil }
            triggers = plan.triggers.map { _ in "inactive" }
            gate = .closed
        }
    }
}
