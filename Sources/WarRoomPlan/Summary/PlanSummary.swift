import Foundation
import WarRoomCore

/// What `warroom validate` prints for a valid plan: one screen (80 columns, at most 23 lines) that lets the team
/// check at a glance that warroom read the plan the way they meant it.
public enum PlanSummary {
    public static let width = 80

    public static func render(_ plan: Plan, file: String, warnings: Int) -> String {
        let verdict = warnings == 0 ? "valid" : "valid with \(warnings) warning\(warnings == 1 ? "" : "s") (above)"
        let release = plan.release
        var heading = "\(release.name) \(release.version) · \(release.type.rawValue) release"
        if let risk = release.risk { heading += " · risk \(risk.rawValue)" }
        var rows: [(String, String)] = []
        if !release.owner.isEmpty { rows.append(("owner", release.owner)) }
        if !release.onCallDescription.isEmpty { rows.append(("on-call", release.onCallDescription)) }
        rows.append(("T0", startText(release)))
        rows.append(("strategy", strategyText(plan)))
        if let rollout = plan.rollout { rows.append(("rollout", rolloutText(rollout))) }
        rows.append(("metrics", counted(plan.metrics.map(\.name))))
        rows.append(("triggers", triggersText(plan)))
        if !plan.judgedMetrics.isEmpty { rows.append(("judge", judgeText(plan))) }
        if !plan.slos.isEmpty { rows.append(("slos", counted(plan.slos.map(sloText)))) }
        if !plan.healthChecks.isEmpty {
            rows.append(("health", counted(plan.healthChecks.map { check in
                let detail = [check.kind?.rawValue, "every " + DurationText.formatPlan(check.interval)].compactMap { $0 }
                return check.name + " (" + detail.joined(separator: ", ") + ")"
            })))
        }
        if !plan.sources.isEmpty { rows.append(("sources", counted(plan.sources.map { "\($0.name) (\(kindName($0.kind)))" }))) }
        if !plan.logs.isEmpty { rows.append(("logs", counted(plan.logs.map(logText)))) }
        rows.append(("checklist", checklistText(plan.checklist)))
        rows.append(("decisions", plan.decisionPoints.isEmpty ? "none" : plan.decisionPoints.map(\.id).joined(separator: ", ")))
        rows.append(("rollback", rollbackText(plan.rollback)))
        if let communication = communicationText(plan.communication) { rows.append(("comms", communication)) }
        if !plan.notify.isEmpty { rows.append(("notify", notifyText(plan))) }
        if !plan.risks.isEmpty { rows.append(("risks", risksText(plan.risks))) }
        if !plan.featureFlags.isEmpty { rows.append(("flags", counted(plan.featureFlags.map(\.name)))) }
        if !plan.approvals.isEmpty { rows.append(("approvals", approvalsText(plan.approvals))) }

        // Everything but the labels comes from the plan or its name, so it is made inert before it is measured and cut.
        var lines = [InertText.line(file) + ": " + verdict, "  " + fit(InertText.line(heading), width - 2)]
        for (label, value) in rows {
            let parts = wrap(InertText.line(value), width - 13)
            lines.append("  " + label.padding(toLength: 10, withPad: " ", startingAt: 0) + " " + parts[0])
            lines += parts.dropFirst().map { String(repeating: " ", count: 13) + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A file log by its name; pods with where they are found: `api (pods app=checkout in shop)`.
    private static func logText(_ log: LogSpec) -> String {
        switch log.source {
        case .file: log.name
        case .pods(let pods): "\(log.name) (pods \(pods.selector) in \(pods.namespace)\(pods.context.map { ", context \($0)" } ?? ""))"
        }
    }

    private static func startText(_ release: ReleaseInfo) -> String {
        guard let start = release.start else { return "not scheduled: press s in the war room to start" }
        var text = clock(start, zone: TimeZone(identifier: "UTC")!) + " UTC"
        if let identifier = release.timeZone, identifier != "UTC", let zone = TimeZone(identifier: identifier) {
            text += " (\(clock(start, zone: zone)) \(identifier))"
        }
        return text
    }

    private static func strategyText(_ plan: Plan) -> String {
        let stages = plan.stages.map { stage in
            var details: [String] = []
            if let traffic = stage.traffic {
                let share = MetricUnit.percent.format(traffic)
                if !stage.name.contains(share) { details.append(share) }
            }
            if stage.switchesTraffic { details.append("switch") }
            if stage.minDuration > 0 { details.append(DurationText.formatPlan(stage.minDuration)) }
            return details.isEmpty ? stage.name : stage.name + " (" + details.joined(separator: ", ") + ")"
        }
        let flag = plan.flag.map { " on \($0)" } ?? ""
        return "\(plan.strategy.rawValue)\(flag): " + stages.joined(separator: " → ")
    }

    /// What is watched, how often, and what the plan lets the war room do to it.
    private static func rolloutText(_ rollout: RolloutSpec) -> String {
        let actions: [String]
        switch rollout.controller {
        case .argo, .deployment: actions = ["promote", "abort"]
        case .flagger(_, let promote, let abort), .command(_, let promote, let abort):
            actions = [promote.map { _ in "promote" }, abort.map { _ in "abort" }].compactMap { $0 }
        }
        let allowed = rollout.readOnly ? "read-only"
            : actions.isEmpty ? "no promote or abort command" : actions.joined(separator: " and ") + " allowed"
        return "\(rollout.controller); every \(DurationText.formatPlan(rollout.poll)); \(allowed)"
    }

    private static func triggersText(_ plan: Plan) -> String {
        guard !plan.triggers.isEmpty else { return "none: nothing will propose a rollback" }
        let subjects = Set(plan.triggers.map(\.metric))
        let checks = subjects.count { $0.hasPrefix(HealthCheck.prefix) }
        let judge = subjects.contains(JudgeScoreTrigger.subjectWord) ? 1 : 0
        let slos = subjects.count { plan.slo(named: $0) != nil }
        var watched = [plural(subjects.count - checks - judge - slos, "metric")]
        if checks > 0 { watched.append(plural(checks, "health check")) }
        if judge > 0 { watched.append("the judge") }
        if slos > 0 { watched.append(plural(slos, "SLO")) }
        let list = watched.count > 1 ? watched.dropLast().joined(separator: ", ") + " and " + watched.last! : watched[0]
        return plural(plan.triggers.count, "rule") + " on " + list
    }

    /// The metrics judged, critical ones marked, then the settings: `p99_latency (critical), error_rate; 10m window, …`.
    private static func judgeText(_ plan: Plan) -> String {
        let metrics = plan.judgedMetrics.map { metric in metric.judging?.critical == true ? metric.name + " (critical)" : metric.name }
        let judge = plan.judge
        let confidence = MetricUnit.percent.format(judge.confidence * 100)
        return metrics.joined(separator: ", ") + "; \(DurationText.formatPlan(judge.window)) window, \(confidence) sure, pass "
            + "\(Judgement.formatScore(judge.pass)), marginal \(Judgement.formatScore(judge.marginal)), "
            + "\(judge.minSamples) samples a side"
    }

    /// `checkout 99.9% over 28d (canary, baseline)`.
    private static func sloText(_ slo: SLOSpec) -> String {
        let objective = MetricUnit.percent.format(slo.objective * 100)
        let cohorts = slo.canary != nil ? " (canary, baseline)" : ""
        let days = slo.period / 86_400
        let period = days >= 1 && days == days.rounded() ? "\(Int(days))d" : DurationText.formatPlan(slo.period)
        return "\(slo.name) \(objective) over \(period)\(cohorts)"
    }

    private static func checklistText(_ items: [ChecklistItem]) -> String {
        guard !items.isEmpty else { return "none" }
        let words: [ChecklistPhase: String] = [.preLaunch: "pre", .launchDay: "launch day", .postLaunch: "post"]
        let phases = ChecklistPhase.allCases.compactMap { phase -> String? in
            let count = items.count { $0.phase == phase }
            return count == 0 ? nil : "\(count) \(words[phase]!)"
        }
        let blocking = items.count { $0.blocksPromotion }
        let due = items.count { $0.due != nil }
        var text = plural(items.count, "item") + " (" + phases.joined(separator: ", ") + ")"
        if blocking > 0 { text += "; \(blocking) block\(blocking == 1 ? "s" : "") promotion" }
        if due > 0 { text += "; \(due) with due times" }
        return text
    }

    private static func rollbackText(_ rollback: RollbackPlan) -> String {
        var parts = [plural(rollback.steps.count, "step")]
        let commands = rollback.steps.count { $0.command != nil }
        if commands > 0 { parts[0] += " (\(commands) with \(commands == 1 ? "a command" : "commands"))" }
        if !rollback.owners.isEmpty { parts.append(plural(rollback.owners.count, "owner row")) }
        if !rollback.contingency.isEmpty { parts.append(plural(rollback.contingency.count, "contingency plan")) }
        return parts.joined(separator: ", ")
    }

    /// Nil when there is nothing to say: whether notices are sent is said on the notify row.
    private static func communicationText(_ communication: Communication) -> String? {
        var parts: [String] = []
        if let channel = communication.channel { parts.append(channel) }
        if let cadence = communication.cadence { parts.append("updates every \(DurationText.formatPlan(cadence))") }
        if !communication.escalation.isEmpty { parts.append("escalation " + communication.escalation.joined(separator: " → ")) }
        if !communication.stakeholders.isEmpty { parts.append(plural(communication.stakeholders.count, "stakeholder group")) }
        // Last: a path is long, and a row cut short should lose it before the escalation path.
        if let file = communication.updatesFile { parts.append("updates file \(file)") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// Whether `run` sends, first, since a long list is cut; then each target with its service, and the events it hears
    /// when they are not the service's defaults: `pager (PagerDuty: trigger firing, rollback)`.
    private static func notifyText(_ plan: Plan) -> String {
        let sending = plan.communication.sendNotifications ? "sent by run" : "shown only until run --notify or send_notifications: true"
        let targets = plan.notify.map { target in
            let destination = target.destination
            let heard = target.events == destination.defaultEvents ? "" : ": " + target.events.map(\.words).joined(separator: ", ")
            return "\(target.name) (\(destination.service)\(heard))"
        }
        return sending + "; " + targets.joined(separator: ", ")
    }

    private static func risksText(_ risks: [Risk]) -> String {
        let open = risks.filter { $0.status == .open }
        let serious = open.count { ($0.impact ?? .low) >= .high }
        var text = plural(risks.count, "risk") + ", \(open.count) open"
        if serious > 0 { text += " (\(serious) of high impact)" }
        return text
    }

    private static func approvalsText(_ approvals: [Approval]) -> String {
        let pending = approvals.filter { !$0.approved }.map(\.role)
        let signed = "\(approvals.count - pending.count) of \(approvals.count) signed"
        return pending.isEmpty ? signed : signed + "; waiting for " + pending.joined(separator: ", ")
    }

    private static func kindName(_ kind: MetricSource.Kind) -> String {
        switch kind {
        case .file(_, let format, _): "\(format.rawValue) file"
        case .command: "command"
        case .prometheus: "prometheus"
        }
    }

    /// `3: a, b, c`.
    private static func counted(_ names: [String]) -> String {
        names.isEmpty ? "none" : "\(names.count): " + names.joined(separator: ", ")
    }

    private static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    /// A row's value in lines of at most `limit`, broken after a list separator (`, `, `; `, ` → `) where it can be;
    /// at most three lines, the last cut with an ellipsis, so the summary stays one screen.
    private static func wrap(_ text: String, _ limit: Int) -> [String] {
        var lines: [String] = []
        var rest = Substring(text)
        while rest.count > limit, lines.count < 2 {
            guard let cut = lastBreak(in: rest.prefix(limit + 1)) else { break }
            lines.append(rest[..<cut].trimmingCharacters(in: .whitespaces))
            rest = rest[cut...]
        }
        lines.append(fit(String(rest), limit))
        return lines
    }

    /// Just after the last separator outside parentheses, so `(switch, 30m)` stays together; inside them only when
    /// that would leave the line less than half full (a long parenthesis, such as the events a notify target hears).
    private static func lastBreak(in window: Substring) -> Substring.Index? {
        var depth = 0
        var found: Substring.Index?, foundInside: Substring.Index?
        var index = window.startIndex
        while index < window.endIndex {
            switch window[index] {
            case "(": depth += 1
            case ")": depth = max(0, depth - 1)
            default:
                if let separator = [", ", "; ", " → "].first(where: { window[index...].hasPrefix($0) }) {
                    let after = window.index(index, offsetBy: separator.count)
                    if depth == 0 { found = after } else { foundInside = after }
                }
            }
            index = window.index(after: index)
        }
        let halfFull = window.index(window.startIndex, offsetBy: window.count / 2)
        guard let inside = foundInside, found.map({ $0 < halfFull && $0 < inside }) ?? true else { return found }
        return inside
    }

    /// Cut to `limit` characters with an ellipsis.
    private static func fit(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// A fixed format, so the output does not depend on the machine's locale.
    private static func clock(_ date: Date, zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
