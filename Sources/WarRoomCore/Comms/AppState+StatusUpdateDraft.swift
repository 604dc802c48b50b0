import Foundation

extension AppState {
    /// A status update composed from what the war room knows now, for `u` to open with and the person to edit: the
    /// release and where it stands, what fires (and whom to escalate to), every metric against its thresholds, the
    /// decisions, and what is being done. Plain text in short lines, as a channel reads it. A metric without a fresh
    /// value is said to be stale or missing, never healthy; the first line is the update's headline.
    public var statusUpdateDraft: String {
        var lines = [draftHeadline, draftTime]
        lines += draftTriggers
        lines += draftMetrics
        lines += draftHealthChecks
        lines += draftDecisions
        lines += draftNow
        return lines.joined(separator: "\n")
    }

    /// `checkout-service 2.14.0: HEALTHY, stage 2/4 Canary 25% (25% traffic)`
    private var draftHeadline: String {
        let name = "\(plan.release.name) \(plan.release.version): \(overallStatus.rawValue)"
        guard isStarted, let stage else { return name + ", not started" }
        let position = "stage \(stageIndex + 1)/\(plan.stages.count) \(stage.name)"
        if self.rollback != nil { return "\(name), from \(position)" }
        guard let traffic = stage.traffic else { return "\(name), \(position)" }
        let share = MetricUnit.percent.format(traffic)
        return "\(name), \(position) (" + (plan.flag.map { "flag \($0) at \(share)" } ?? "\(share) traffic") + ")"
    }

    /// `14:22:00 UTC · T+22m00s`: the wall clock for the channel, the release clock for the war room.
    private var draftTime: String {
        let clock = Self.clockWords(now) + " UTC"
        guard let elapsed else { return clock + " · T0 not set" }
        return clock + " · " + DurationText.formatOffset(elapsed)
    }

    /// What fires first, then whom to escalate to, then what is about to fire; one line when nothing is either.
    private var draftTriggers: [String] {
        let firing = plan.triggers.filter { self.triggers[$0.id]?.isFiring == true }
        let pending = plan.triggers.filter { self.triggers[$0.id]?.isPending == true }
        guard !firing.isEmpty || !pending.isEmpty else { return ["No rollback trigger firing or pending."] }
        var lines: [String] = []
        if !firing.isEmpty {
            lines.append("FIRING:")
            for rule in firing {
                var line = "• \(rule.text)"
                if case .firing(let since)? = self.triggers[rule.id]?.phase { line += " since \(moment(since))" }
                line += draftReading(of: rule)
                line += self.acks[rule.id].map { ", acked by \($0.by)" } ?? ", not acknowledged"
                lines.append(line)
            }
            if let path = plan.communication.escalationPath { lines.append("Escalate: \(path)") }
        }
        if !pending.isEmpty {
            lines.append("Pending (fires if it keeps holding):")
            for rule in pending {
                // Counted rules fire at the reading that completes the count, never at a time.
                let fires = rule.kind.requiredCount != nil ? ""
                    : firesAt(rule).map { ": fires in \(DurationText.formatRemaining($0.timeIntervalSince(now)))" } ?? ""
                lines.append("• \(rule.text)\(fires)\(draftReading(of: rule))")
            }
        }
        return lines
    }

    /// ` (now 3.2%)`, or ` (2 failures in a row)` for a check's rule.
    private func draftReading(of rule: TriggerRule) -> String {
        rule.kind.shortReading(of: rule, in: self).map { " (\($0))" } ?? ""
    }

    /// Each metric against its thresholds, what is wrong first: a breach, then missing data, then a warning, then
    /// the healthy ones, each group in the plan's order.
    private var draftMetrics: [String] {
        guard !plan.metrics.isEmpty else { return [] }
        func rank(_ status: MetricStatus) -> Int {
            switch status {
            case .breach: 0
            case .stale, .noData: 1
            case .warn: 2
            case .ok: 3
            }
        }
        let metrics = plan.metrics.map { ($0, status(of: $0)) }.enumerated()
            .sorted { (rank($0.element.1), $0.offset) < (rank($1.element.1), $1.offset) }.map(\.element)
        return ["Metrics:"] + metrics.map { metric, status in
            let unit = metric.unit
            let bounds = "ok \(metric.success.describe(unit: unit)), alert \(metric.alert.describe(unit: unit))"
            switch status {
            case .noData:
                return "• \(metric.name) NO DATA: no sample yet (\(bounds))"
            case .stale:
                let latest = self.series[metric.name]?.latest.map { unit.format($0.value) } ?? "?"
                let age = age(of: metric).map { DurationText.format(max(0, $0)) } ?? "?"
                return "• \(metric.name) STALE: no sample for \(age), last \(latest) (\(bounds))"
            case .ok, .warn, .breach:
                let value = self.series[metric.name]?.latest.map { unit.format($0.value) } ?? "?"
                return "• \(metric.name) \(value) \(status.rawValue) (\(bounds))"
            }
        }
    }

    /// Each health check's status and, when it fails, what it saw.
    private var draftHealthChecks: [String] {
        let readings = healthReadings
        guard !readings.isEmpty else { return [] }
        return ["Health checks:"] + readings.map { reading in
            let name = "• \(reading.check.name) \(reading.status.rawValue)"
            switch reading.status {
            case .noData: return name + ": no check made yet"
            case .stale: return name + ": no result for \(reading.age.map { DurationText.format(max(0, $0)) } ?? "?")"
            case .ok: return name
            case .failing: return name + " (\(reading.failureText))" + (reading.reason.map { ": \($0)" } ?? "")
            }
        }
    }

    /// The newest decision recorded, the one due now, and the next one with its time.
    private var draftDecisions: [String] {
        var lines: [String] = []
        if let last = self.decisions.values.max(by: { $0.at < $1.at }) {
            let point = plan.decisionPoints.first { $0.id == last.record.point }
            lines.append("Last decision: \(last.record.point)\(point.map { " \($0.title)" } ?? ""): "
                         + "\(last.record.verdict.rawValue.uppercased()) by \(last.by) at \(moment(last.at))")
        }
        if let due = dueDecision {
            switch decisionStatus(due.id) {
            case .due(let since):
                lines.append("Decision due: \(due.id) \(due.title), due \(DurationText.format(since)) ago")
            case .overdue(let since):
                lines.append("Decision OVERDUE: \(due.id) \(due.title), due \(DurationText.format(since)) ago")
            case .dueAfterRollback, .notStarted, .upcoming, .decided:
                break
            }
        }
        // Once rolled back, the release the next decision would decide is over.
        if self.rollback == nil, let next = nextDecision, let t0 = self.t0 {
            let at = t0.addingTimeInterval(next.offset)
            lines.append("Next decision: \(next.id) \(next.title) in \(DurationText.formatRemaining(at.timeIntervalSince(now)))"
                         + " (\(Self.clockWords(at)) UTC)")
        }
        return lines
    }

    /// What is being done: the rollback and its steps; an action on the controller; the gate being waited on, or the
    /// promotion it allows.
    private var draftNow: [String] {
        var lines: [String] = []
        if let rollback = self.rollback {
            lines.append("Now: rolled back by \(rollback.by) at \(moment(rollback.at))" + (rollback.reason.map { ": \($0)" } ?? ""))
            let progress = rollbackProgress
            if progress.total > 0 {
                lines.append("Rollback steps: \(progress.done) of \(progress.total) done")
                for (index, step) in plan.rollback.steps.enumerated() {
                    lines.append("• \(draftWord(step: index)): \(index + 1). \(step.text)")
                }
            }
        } else if !isStarted {
            let progress = checklistProgress()
            let scheduled = plan.release.start.map { ", scheduled for \(Self.clockWords($0)) UTC" } ?? ""
            lines.append("Now: preparing; T0 not set\(scheduled); checklist \(progress.done)/\(progress.total) done")
        } else if let stage, stageIndex + 1 >= plan.stages.count {
            lines.append("Now: at the final stage, \(stage.name); watching")
        } else if signalStatus == .rollbackRecommended {
            // The gate is moot while a trigger fires: the question is the rollback, and what fires is said above.
            lines.append("Now: holding at \(stage?.name ?? "?"); a rollback is recommended and not yet decided")
        } else {
            let gate = gate()
            let next = plan.stages[stageIndex + 1].name
            if gate.verdict == .ready {
                lines.append("Now: gate READY; promoting to \(next) next")
            } else {
                lines.append("Now: holding at \(stage?.name ?? "?"); the gate to \(next) is \(gate.verdict.rawValue):")
                lines += gate.reasons.map { "• \($0)" }
            }
        }
        if let disagreement = controllerDisagreement { lines.append("Controller disagrees with the plan: \(disagreement)") }
        if let open = controller.openAction(at: now) {
            let verb = open.action.verb.rawValue
            lines.append(open.isWaiting ? "Controller: \(open.by)'s \(verb) waits for the evaluating war room to run it"
                         : "Controller: \(open.by)'s \(verb) ran; the controller is not yet seen to act on it")
        }
        return lines
    }

    /// `done`, `running`, `left` or `left (last run exit 1)`: how a rollback step stands.
    private func draftWord(step: Int) -> String {
        if isDone(step: step) { return "done" }
        if running(step: step) != nil { return "running" }
        if let run = lastRun(ofStep: step) { return "left (last run " + (run.exitStatus.map { "exit \($0)" } ?? "did not finish") + ")" }
        return "left"
    }

    /// `T+21m10s`, or the UTC clock before T0.
    private func moment(_ date: Date) -> String {
        if let t0 = self.t0 { return DurationText.formatOffset(date.timeIntervalSince(t0)) }
        return Self.clockWords(date) + " UTC"
    }
}
