import Foundation

extension AppState {
    /// The gate of the current stage: minimum duration, gate metrics OK and fresh, no trigger
    /// firing or pending, no blocking checklist item open. Promotion itself stays a human action.
    public func gate() -> Gate {
        var reasons = GateReasons(worded: true)
        let verdict = gate(&reasons)
        return Gate(verdict: verdict, reasons: reasons.words)
    }

    /// The gate's verdict alone: the same judgement without wording a reason, for a backtest that looks at the
    /// gate after every turn and words it only when the verdict changes.
    public func gateVerdict() -> Gate.Verdict {
        var reasons = GateReasons(worded: false)
        return gate(&reasons)
    }

    private func gate(_ reasons: inout GateReasons) -> Gate.Verdict {
        guard isStarted, let stage else {
            reasons.add("release not started")
            return .closed
        }
        if self.rollback != nil {
            reasons.add("rolled back")
            return .closed
        }
        guard self.stageIndex + 1 < plan.stages.count else {
            reasons.add("final stage reached")
            return .closed
        }

        var missing = false
        let inStage = timeInStage ?? 0
        if inStage < stage.minDuration {
            reasons.add("wait \(DurationText.formatRemaining(stage.minDuration - inStage)) more (min \(DurationText.formatPlan(stage.minDuration)))")
        }
        for name in stage.gateMetrics {
            if name == Stage.judgeGate {
                judgeGate(&reasons, missing: &missing)
                continue
            }
            guard let metric = plan.metric(named: name) else { continue }
            let status = status(of: metric)
            switch status {
            case .ok: continue
            case .stale:
                missing = true
                reasons.add("\(name) STALE: no sample for \(DurationText.format(age(of: metric) ?? 0))")
            case .noData:
                missing = true
                reasons.add("\(name) NO DATA yet")
            case .warn, .breach:
                reasons.add("\(name) \(status.rawValue): \(self.series[name]?.latest.map { metric.unit.format($0.value) } ?? "?"), "
                    + "needs \(metric.success.describe(unit: metric.unit))")
            }
        }
        for rule in plan.triggers {
            switch self.triggers[rule.id]?.phase {
            case .firing?: reasons.add("trigger firing: \(rule.text)")
            case .pending?:
                reasons.add("trigger pending: \(rule.text) (fires in \(firesAt(rule).map { DurationText.formatRemaining($0.timeIntervalSince(now)) } ?? "?"))")
            default: break
            }
        }
        for item in plan.checklist where item.blocksPromotion && self.ticks[item.id] == nil {
            reasons.add("checklist open: \(item.text)")
        }
        if reasons.isEmpty {
            reasons.add("ready to promote to \(plan.stages[self.stageIndex + 1].name)")
            return .ready
        }
        return missing ? .inconclusive : .blocked
    }
}

extension AppState {
    /// `gate: [judge]`: the canary judge must PASS. MARGINAL holds the stage, as Kayenta's does between runs; no
    /// judgement yet, or too little data for one, is inconclusive, never a pass.
    fileprivate func judgeGate(_ reasons: inout GateReasons, missing: inout Bool) {
        guard let judgement = canary else {
            missing = true
            reasons.add("judge has not judged yet")
            return
        }
        switch judgement.outcome {
        case .pass: return
        case .noData:
            missing = true
            reasons.add("judge NO DATA: \(judgement.why)")
        case .marginal, .fail:
            reasons.add("judge \(judgement.outcome.rawValue), score \(Judgement.formatScore(judgement.score)): \(judgement.why)")
        }
    }
}

/// The reasons a gate gives, counted always and worded only when someone will read them: wording one formats
/// values and durations, which costs more than judging the gate.
fileprivate struct GateReasons {
    let worded: Bool
    private(set) var words: [String] = []
    private var count = 0

    init(worded: Bool) { self.worded = worded }

    var isEmpty: Bool { count == 0 }

    mutating func add(_ reason: @autoclosure () -> String) {
        count += 1
        if worded { words.append(reason()) }
    }
}
