import Foundation
import WarRoomCore

/// The rollout controller as the rollout pane shows it beside the plan, line by line in order of urgency: what the
/// controller says (or why it cannot be read, or that the reading is stale), where it and the plan disagree, the
/// newest action on it, and its analysis. Takes only what it draws.
struct ControllerLines {
    let controller: RolloutController
    let known: ControllerState
    let now: Date
    let isStale: Bool
    let disagreement: String?
    /// False while no war room evaluates: nobody reads the controller then.
    let isRead: Bool

    init(state: AppState) {
        controller = state.rolloutController ?? .command(status: "", promote: nil, abort: nil)
        known = state.controller
        now = state.now
        isStale = state.isControllerStale
        disagreement = state.controllerDisagreement
        isRead = state.evaluator != nil
    }

    /// How long an action stays on screen once it is over.
    static let actionShownFor: TimeInterval = 15 * 60

    /// The controller's own line first; then, in order of urgency, what else there is to say. The analysis is the
    /// controller's as last read: not shown while that reading is failing or stale.
    var lines: [[(String, Style)]] {
        let current = known.failure == nil && !isStale
        return [status] + [disagreementLine, actionLine, current ? analysisLine : nil].compactMap { $0 }
    }

    private var name: String {
        switch controller {
        case .argo(let object): "Argo \(object.name)"
        case .flagger(let object, _, _): "Flagger \(object.name)"
        case .deployment(let object): "Deployment \(object.name)"
        case .command: "Controller"
        }
    }

    /// `Argo checkout  Paused · CanaryPauseStep · step 1/6 · weight 20% · pods 1/4 updated`.
    var status: [(String, Style)] {
        let lead = (name + "  ", Style(bold: true))
        if let failure = known.failure {
            let since = known.failingSince.map { " (since \(TimeText.clock($0)))" } ?? ""
            return [lead, ("CANNOT READ", Theme.breach), (" \(failure)\(since)", Theme.warn)]
        }
        guard let status = known.status else {
            return [lead, ("not read yet", Theme.stale), (isRead ? "" : " — no war room evaluates", Theme.label)]
        }
        // Argo leaves an aborted rollout `Degraded`: the abort is what a person needs to read.
        let word = status.phase == .aborted ? "Aborted" : status.rawPhase.isEmpty ? status.phase.rawValue : status.rawPhase
        // Stale goes first, where it cannot be cut off: an old Healthy must never read as a current one.
        let stale: [(String, Style)] = isStale ? [("STALE (read \(known.readAt.map(TimeText.clock) ?? "never")) ", Theme.stale)] : []
        var runs: [(String, Style)] = [lead] + stale + [(word, style(status.phase))]
        if let pause = status.pause { runs.append((" · \(pause.reason)", Theme.warn)) }
        if let step = status.step, status.phase != .aborted { runs += [(" · step ", Theme.label), ("\(step.index)/\(step.count)", .plain)] }
        if let shown = status.shownWeight {
            runs += [(" · weight ", Theme.label), ("\(shown)%", Style(bold: true))]
            if let set = status.weight?.set, set != shown, status.phase != .aborted { runs.append((" (set \(set)%)", Theme.label)) }
        }
        if let replicas = status.replicas {
            runs += [(" · pods ", Theme.label), ("\(replicas.updated)/\(replicas.desired)", .plain), (" updated", Theme.label)]
            if replicas.available < replicas.desired { runs.append((" · \(replicas.available) available", Theme.warn)) }
        }
        if let checks = status.checks, checks.failed > 0 {
            runs.append((" · \(checks.failed)/\(checks.threshold) checks failed", Theme.warn))
        }
        if (status.generationLag ?? 0) > 0 { runs.append((" · spec not yet observed", Theme.warn)) }
        return runs
    }

    private var disagreementLine: [(String, Style)]? {
        disagreement.map { [("≠ ", Theme.warn), ($0, Theme.warn)] }
    }

    /// The newest action while it is open, or for a while after: `abort 14:02:03 → aborted · weight 0% observed
    /// 14:02:09, 6 s`.
    private var actionLine: [(String, Style)]? {
        guard let action = known.actions.last else { return nil }
        let verb = action.action.verb.rawValue
        let asked = "\(verb) \(TimeText.clock(action.at)) by \(action.by)"
        guard let result = action.result else {
            // The evaluator answers every request it takes up, run or not; only one that never came is silent.
            guard action.isOpen(at: now) else {
                return [(asked, .plain), (" — no answer: no war room evaluated, or the evaluator went away while it ran", Theme.breach)]
            }
            return [(asked, .plain), (action.startedBy == nil ? " — waiting for the evaluator to run it" : " — running", Theme.warn)]
        }
        guard result.succeeded else {
            let said = (result.run ?? result.dryRun).flatMap { Self.lastLine(of: $0.output) }.map { ": " + $0 } ?? ""
            return [(asked, .plain), (" — \(result.outcomeWords)", Theme.breach), (said, Theme.warn)]
        }
        if let observed = action.observed, let observedAt = action.observedAt {
            guard now.timeIntervalSince(observedAt) < Self.actionShownFor else { return nil }
            let took = DurationText.format(max(0, observedAt.timeIntervalSince(action.at)))
            return [(asked, .plain), (" → ", Theme.label), (observed, Theme.ok),
                    (" observed \(TimeText.clock(observedAt)), \(took)", Theme.label)]
        }
        let waiting = DurationText.format(max(0, now.timeIntervalSince(action.ranAt ?? action.at)))
        guard action.isOpen(at: now) else {
            return [(asked, .plain), (" → ran (exit 0)", Theme.ok), (" — the controller was not seen to act on it", Theme.breach)]
        }
        return [(asked, .plain), (" → ran (exit 0)", Theme.ok), (" — waiting \(waiting) for the controller to act", Theme.warn)]
    }

    /// `analysis Running · success-rate [0.9958] Successful · latency [412] Failed`.
    private var analysisLine: [(String, Style)]? {
        guard let analysis = known.status?.analysis else { return nil }
        var runs: [(String, Style)] = [("analysis ", Theme.label), (analysis.phase.rawValue, style(analysis.phase))]
        for metric in analysis.metrics {
            runs += [(" · \(metric.name) ", Theme.label), (metric.latest?.value ?? "–", .plain),
                     (" \(metric.phase.rawValue)", style(metric.phase))]
        }
        if analysis.metrics.isEmpty, let message = analysis.message { runs.append((" · " + message, .plain)) }
        return runs
    }

    private func style(_ phase: ControllerStatus.Phase) -> Style {
        switch phase {
        case .healthy: Theme.ok
        case .progressing: .plain
        case .paused: Theme.warn
        case .degraded, .aborted: Theme.breach
        case .unknown: Theme.stale
        }
    }

    private func style(_ phase: AnalysisPhase) -> Style {
        switch phase {
        case .successful: Theme.ok
        case .running, .pending: .plain
        case .failed, .error: Theme.breach
        case .inconclusive, .other: Theme.warn
        }
    }

    private static func lastLine(of output: String) -> String? {
        output.split(whereSeparator: \.isNewline).last.map { String($0).trimmingCharacters(in: .whitespaces) }
    }
}
