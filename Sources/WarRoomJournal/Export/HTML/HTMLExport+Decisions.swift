import Foundation
import WarRoomCore

extension HTMLExport {
    /// Every decision point in schedule order, with the evidence frozen when it was decided.
    static func decisions(_ report: PostMortem, _ html: inout HTMLWriter) {
        section("decisions", "Decisions", &html)
        defer { endSection(&html) }
        let known = Set(report.plan.decisionPoints.map(\.id))
        let points = report.plan.decisionPoints.map { ($0.id, $0.title) }
            + report.state.decisions.keys.filter { !known.contains($0) }.sorted().map { ($0, "") }
        if points.isEmpty { paragraph("The plan has no decision points.", &html) }
        for (id, title) in points {
            html.open("h3")
            html.text(id + (title.isEmpty ? "" : " — \(title)") + " ")
            guard let decision = report.state.decisions[id] else {
                badge("NOT DECIDED", "quiet", &html)
                html.close("h3")
                html.raw("\n")
                continue
            }
            let verdict = decision.record.verdict
            badge(EventPhrase.verdictWord(verdict), verdict == .go ? "good" : verdict == .noGo ? "warn" : "bad", &html)
            html.close("h3")
            html.raw("\n")
            evidence(decision, report, &html)
        }
    }

    private static func evidence(_ decision: AppState.Decision, _ report: PostMortem, _ html: inout HTMLWriter) {
        let evidence = decision.record.evidence
        paragraph("Decided by \(decision.by) at \(report.when(decision.at)), in stage \(evidence.stage).", &html)
        if let note = decision.record.note { html.element("blockquote", note) }
        if !evidence.metrics.isEmpty {
            html.raw("<table><thead><tr><th>Metric</th><th class=\"num\">Value</th><th class=\"num\">Baseline</th>"
                + "<th>Success</th><th>Alert</th><th>Status</th></tr></thead>\n<tbody>\n")
            for metric in evidence.metrics {
                html.raw("<tr>")
                html.element("td", metric.name)
                html.element("td", [("class", "num")], metric.value.map(metric.unit.format) ?? "—")
                html.element("td", [("class", "num")], metric.baseline.map(metric.unit.format) ?? "—")
                html.element("td", metric.success.describe(unit: metric.unit))
                html.element("td", metric.alert.describe(unit: metric.unit))
                html.open("td")
                badge(metric.status.rawValue, tone(metric.status), &html)
                html.close("td")
                html.raw("</tr>\n")
            }
            html.raw("</tbody></table>\n")
        }
        if !evidence.triggers.isEmpty {
            table(["Trigger", "State"], evidence.triggers.map { [$0.rule, $0.state] }, &html)
        }
        paragraph("Checklist: \(evidence.checklistDone) of \(evidence.checklistTotal) done.", &html)
        list("Gate", evidence.gateReasons, none: "Gate: no blocking reasons.", &html)
        list("Recent errors", evidence.recentErrors, none: "Recent errors: none.", mono: true, &html)
    }

    private static func list(_ title: String, _ items: [String], none: String, mono: Bool = false, _ html: inout HTMLWriter) {
        guard !items.isEmpty else { return paragraph(none, &html) }
        paragraph(title + ":", &html)
        html.raw("<ul>")
        for item in items {
            html.open("li", mono ? [("class", "mono wrap")] : [])
            html.text(item)
            html.close("li")
        }
        html.raw("</ul>\n")
    }

    static func tone(_ status: MetricStatus) -> String {
        switch status {
        case .ok: "good"
        case .warn: "warn"
        case .breach: "bad"
        case .stale, .noData: "quiet"
        }
    }
}
