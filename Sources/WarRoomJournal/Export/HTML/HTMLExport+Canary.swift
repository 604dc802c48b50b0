import Foundation
import WarRoomCore

extension HTMLExport {
    /// Every judgement the judge journaled, the last one's verdicts with their numbers, and each objective's budget
    /// and worst burn rates; nothing for a release that judged no canary and kept no objective. All text escaped.
    static func canaryAnalysis(_ report: PostMortem, _ html: inout HTMLWriter) {
        let canary = report.canary
        guard !canary.isEmpty else { return }
        section("canary", "Canary analysis", &html)
        defer { endSection(&html) }
        let description = report.canaryDescription
        paragraph(description.prefix(1).uppercased() + description.dropFirst() + ".", &html)
        if !canary.judgements.isEmpty {
            html.element("h3", "Judgements")
            html.raw("\n<table class=\"judgements\"><thead><tr><th>When</th><th>Outcome</th><th>Why</th></tr></thead>\n<tbody>\n")
            for judged in canary.judgements {
                let words = report.judgementWords(judged)
                html.raw(judged.judgement.outcome == .fail ? "<tr class=\"failed\">" : "<tr>")
                html.element("td", words.heading)
                html.open("td")
                badge(judged.judgement.outcome.rawValue, tone(judged.judgement.outcome), &html)
                html.text(" " + words.score)
                html.close("td")
                html.element("td", [("class", "wrap")], words.why)
                html.raw("</tr>\n")
            }
            html.raw("</tbody></table>\n")
        }
        if let last = canary.last {
            html.element("h3", "Verdicts at \(report.when(last.judgement.at))")
            html.raw("\n<table class=\"verdicts\"><thead><tr><th>Metric</th><th>Call</th><th>Why and the numbers</th></tr></thead>\n<tbody>\n")
            for verdict in last.judgement.verdicts {
                html.raw(verdict.fails ? "<tr class=\"failed\">" : "<tr>")
                html.open("td")
                html.element("strong", verdict.metric)
                if verdict.critical { html.text(" (critical)") }
                html.close("td")
                html.open("td")
                badge(verdict.call.rawValue, verdict.fails ? "bad" : verdict.call == .noData ? "quiet" : "good", &html)
                html.close("td")
                html.open("td", [("class", "wrap")])
                html.text(verdict.reason)
                let figures = report.verdictFigures(verdict)
                if !figures.isEmpty {
                    html.raw("<br>")
                    html.element("span", [("class", "quiet")], figures.joined(separator: "; "))
                }
                html.close("td")
                html.raw("</tr>\n")
            }
            html.raw("</tbody></table>\n")
        }
        if !canary.objectives.isEmpty {
            html.element("h3", "Objectives")
            var rows: [[String]] = []
            for objective in canary.objectives {
                let name = "\(objective.slo.name), \(report.objectiveWords(objective.slo))"
                if objective.cohorts.isEmpty { rows.append([name, "—", "no events"]) }
                for cohort in objective.cohorts { rows.append([name, cohort.cohort.rawValue, report.burnWords(cohort)]) }
            }
            table(["Objective", "Cohort", "Budget and burn"], rows, class: "objectives", &html)
        }
    }

    private static func tone(_ outcome: Judgement.Outcome) -> String {
        switch outcome {
        case .pass: "good"
        case .marginal: "warn"
        case .fail: "bad"
        case .noData: "quiet"
        }
    }
}
