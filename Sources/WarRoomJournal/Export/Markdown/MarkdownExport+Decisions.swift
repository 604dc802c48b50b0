import Foundation
import WarRoomCore

extension MarkdownExport {
    /// Every decision point of the plan in schedule order, with the evidence frozen when it was decided.
    static func decisions(_ report: PostMortem) -> [String] {
        var lines = ["## Decisions"]
        let known = Set(report.plan.decisionPoints.map(\.id))
        let points = report.plan.decisionPoints.map { ($0.id, $0.title) }
            + report.state.decisions.keys.filter { !known.contains($0) }.sorted().map { ($0, "") }
        if points.isEmpty { lines += ["", "The plan has no decision points."] }
        for (id, title) in points {
            let heading = "### \(MarkdownText.inline(id))" + (title.isEmpty ? "" : " — \(MarkdownText.inline(title))")
            guard let decision = report.state.decisions[id] else {
                lines += ["", heading + ": not decided"]
                continue
            }
            lines += ["", heading + ": \(EventPhrase.verdictWord(decision.record.verdict))", ""]
            lines += decided(decision, in: report)
        }
        return lines
    }

    private static func decided(_ decision: AppState.Decision, in report: PostMortem) -> [String] {
        let evidence = decision.record.evidence
        var lines = ["Decided by \(MarkdownText.inline(decision.by)) at \(report.when(decision.at)), "
            + "in stage \(MarkdownText.inline(evidence.stage))."]
        if let note = decision.record.note { lines += ["", "> \(MarkdownText.blockStart(note))"] }
        if !evidence.metrics.isEmpty {
            let rows = evidence.metrics.map { metric in
                [MarkdownText.inline(metric.name),
                 metric.value.map(metric.unit.format) ?? "—",
                 metric.baseline.map(metric.unit.format) ?? "—",
                 MarkdownText.inline(metric.success.describe(unit: metric.unit)),
                 MarkdownText.inline(metric.alert.describe(unit: metric.unit)),
                 metric.status.rawValue]
            }
            lines += [""] + MarkdownText.table(["Metric", "Value", "Baseline", "Success", "Alert", "Status"], rows)
        }
        if !evidence.triggers.isEmpty {
            let rows = evidence.triggers.map { [MarkdownText.inline($0.rule), MarkdownText.inline($0.state)] }
            lines += [""] + MarkdownText.table(["Trigger", "State"], rows)
        }
        lines += ["", "Checklist: \(evidence.checklistDone) of \(evidence.checklistTotal) done."]
        lines += bullets("Gate", evidence.gateReasons, none: "Gate: no blocking reasons.")
        lines += bullets("Recent errors", evidence.recentErrors, none: "Recent errors: none.")
        return lines
    }

    private static func bullets(_ title: String, _ items: [String], none: String) -> [String] {
        guard !items.isEmpty else { return ["", none] }
        return ["", "\(title):", ""] + items.map { "- \(MarkdownText.blockStart($0))" }
    }
}
