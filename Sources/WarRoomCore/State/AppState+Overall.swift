import Foundation

extension AppState {
    /// The signals, then the people: an overdue decision is worth watching even when every signal is fine.
    public var overallStatus: OverallStatus {
        let signals = signalStatus
        guard signals == .healthy else { return signals }
        if plan.decisionPoints.contains(where: { if case .overdue = decisionStatus($0.id) { true } else { false } }) {
            return .watch
        }
        return .healthy
    }

    /// What the metrics, triggers and sources say. Rolled back beats everything; a firing trigger recommends
    /// rollback; then missing data, since it cannot be called healthy; then anything short of OK is worth watching.
    public var signalStatus: OverallStatus {
        if self.rollback != nil { return .rolledBack }
        if self.triggers.values.contains(where: \.isFiring) { return .rollbackRecommended }
        let statuses = plan.metrics.map(status(of:))
        if statuses.contains(where: \.isMissing) { return .staleData }
        if self.sources.values.contains(where: { $0.failure != nil }) { return .staleData }
        if statuses.contains(where: { !$0.isHealthy }) { return .watch }
        if self.triggers.values.contains(where: \.isPending) { return .watch }
        return .healthy
    }

    /// Checklist progress as (ticked, total), optionally for one phase.
    public func checklistProgress(_ phase: ChecklistPhase? = nil) -> (done: Int, total: Int) {
        let items = plan.checklist.filter { phase == nil || $0.phase == phase }
        return (items.filter { self.ticks[$0.id] != nil }.count, items.count)
    }

    /// Error log lines in the 60 seconds up to `now`, to the second, and those dated up to ``futureTolerance`` ahead
    /// of it (the writer's clock may run a little fast).
    public var errorsLastMinute: Int {
        self.recentErrors.count(after: now.addingTimeInterval(-60), through: now.addingTimeInterval(Self.futureTolerance))
    }

    /// The evidence a decision freezes: every metric, trigger, checklist progress, gate and recent errors.
    public func evidence() -> Evidence {
        let metrics = plan.metrics.map { spec in
            Evidence.Metric(name: spec.name, value: self.series[spec.name]?.latest?.value, unit: spec.unit,
                            baseline: spec.baseline, success: spec.success, alert: spec.alert, status: status(of: spec))
        }
        let triggerStates = plan.triggers.map { rule in
            Evidence.Trigger(rule: rule.text, state: triggerWord(rule))
        }
        let progress = checklistProgress()
        // A pod's line says whose it was: canary errors and stable ones mean different things in a post-mortem.
        let errors = self.logs.filter { $0.level.isError }.suffix(5).map { line in
            (line.pod.map { "[\(line.cohort?.rawValue ?? "?") \($0)] " } ?? "") + line.text
        }
        return Evidence(stage: stage?.name ?? "-", metrics: metrics, triggers: triggerStates,
                        checklistDone: progress.done, checklistTotal: progress.total,
                        gateReasons: gate().reasons, recentErrors: Array(errors))
    }

    /// `inactive`, `pending`, `firing` or `firing, acked by sam`.
    public func triggerWord(_ rule: TriggerRule) -> String {
        let word = word(of: rule)
        guard self.triggers[rule.id]?.isFiring == true, let ack = self.acks[rule.id] else { return word }
        return "\(word), acked by \(ack.by)"
    }
}
