import Foundation

extension AppState {
    /// The gate of the current stage: minimum duration, gate metrics OK and fresh, no trigger
    /// firing or pending, no blocking checklist item open. Promotion itself stays a human action.
    public func gate() -> Gate {
        guard isStarted, let stage else { return Gate(verdict: .closed, reasons: ["release not started"]) }
        if self.rollback != nil { return Gate(verdict: .closed, reasons: ["rolled back"]) }
        guard self.stageIndex + 1 < plan.stages.count else { return Gate(verdict: .closed, reasons: ["final stage reached"]) }

        var reasons: [String] = []
        var missing = false
        let inStage = timeInStage ?? 0
        if inStage < stage.minDuration {
            reasons.append("wait \(DurationText.formatRemaining(stage.minDuration - inStage)) more (min \(DurationText.formatPlan(stage.minDuration)))")
        }
        for name in stage.gateMetrics {
            guard let metric = plan.metric(named: name) else { continue }
            let status = status(of: metric)
            switch status {
            case .ok: continue
            case .stale:
                missing = true
                reasons.append("\(name) STALE: no sample for \(DurationText.format(age(of: metric) ?? 0))")
            case .noData:
                missing = true
                reasons.append("\(name) NO DATA yet")
            case .warn, .breach:
                let value = self.series[name]?.latest.map { metric.unit.format($0.value) } ?? "?"
                reasons.append("\(name) \(status.rawValue): \(value), needs \(metric.success.describe(unit: metric.unit))")
            }
        }
        for rule in plan.triggers {
            switch self.triggers[rule.id]?.phase {
            case .firing?: reasons.append("trigger firing: \(rule.text)")
            case .pending?:
                let left = firesAt(rule).map { DurationText.formatRemaining($0.timeIntervalSince(now)) } ?? "?"
                reasons.append("trigger pending: \(rule.text) (fires in \(left))")
            default: break
            }
        }
        for item in plan.checklist where item.blocksPromotion && self.ticks[item.id] == nil {
            reasons.append("checklist open: \(item.text)")
        }
        if reasons.isEmpty { return Gate(verdict: .ready, reasons: ["ready to promote to \(plan.stages[self.stageIndex + 1].name)"]) }
        return Gate(verdict: missing ? .inconclusive : .blocked, reasons: reasons)
    }
}
