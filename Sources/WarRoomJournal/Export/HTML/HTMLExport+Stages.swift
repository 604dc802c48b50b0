import Foundation
import WarRoomCore

extension HTMLExport {
    /// Each stage of the plan: entered when and by whom, how long, against its minimum, and how it ended.
    static func stages(_ report: PostMortem, _ html: inout HTMLWriter) {
        section("stages", "Stages", &html)
        defer { endSection(&html) }
        guard !report.plan.stages.isEmpty else { return paragraph("The plan has no stages.", &html) }
        guard report.t0 != nil else { return paragraph("The release never started, so no stage was entered.", &html) }
        html.raw("<table class=\"stages\"><thead><tr><th>Stage</th><th class=\"num\">Traffic</th><th>Entered</th><th class=\"num\">Lasted</th>"
            + "<th class=\"num\">Minimum</th><th>Ended</th></tr></thead>\n<tbody>\n")
        for (index, stage) in report.plan.stages.enumerated() {
            let traffic = stage.traffic.map(MetricUnit.percent.format) ?? "—"
            let minimum = stage.minDuration > 0 ? DurationText.formatPlan(stage.minDuration) : "—"
            let lived = report.stages.periods.filter { $0.index == index }
            if lived.isEmpty {
                html.raw("<tr class=\"quiet\">")
                for cell in ["\(index + 1). \(stage.name)", traffic, "not reached", "—", minimum, "—"] { html.element("td", cell) }
                html.raw("</tr>\n")
            }
            for period in lived {
                html.raw("<tr>")
                html.element("td", "\(index + 1). \(stage.name)")
                html.element("td", [("class", "num")], traffic)
                html.open("td")
                html.text("\(report.when(period.start)) by \(period.enteredBy)")
                if let override = period.override {
                    html.raw("<br>")
                    badge("PAST GATE \(override.gate.uppercased())", "warn", &html)
                    html.text(" \(override.gateReasons.joined(separator: "; ")); reason given: \(override.reason)")
                }
                html.close("td")
                html.open("td", [("class", "num")])
                html.text(DurationText.format(period.duration))
                if case .promoted = period.ending, period.duration < stage.minDuration {
                    html.element("span", [("class", "mark warn")], "SHORT")
                }
                html.close("td")
                html.element("td", [("class", "num")], minimum)
                html.open("td")
                switch period.ending {
                case .promoted(let by):
                    html.text("promoted by \(by) at \(report.when(period.end))")
                case .rolledBack(let by, let reason):
                    badge("ROLLED BACK", "bad", &html)
                    html.text(" by \(by) at \(report.when(period.end))" + (reason.map { ": " + $0 } ?? ""))
                case .current:
                    html.text("still current at the end (\(report.offset(period.end)))")
                }
                html.close("td")
                html.raw("</tr>\n")
            }
        }
        html.raw("</tbody></table>\n")
    }

    /// Each trigger episode with its pending, firing and resolved moments and who acknowledged it.
    static func triggers(_ report: PostMortem, _ html: inout HTMLWriter) {
        section("triggers", "Triggers", &html)
        defer { endSection(&html) }
        let episodes = report.triggers.periods
        if episodes.isEmpty {
            paragraph("No trigger went pending or fired.", &html)
        } else {
            func mark(_ mark: TriggerPeriod.Mark?, _ episode: TriggerPeriod) -> String {
                guard let mark else { return "—" }
                return report.when(mark.at) + (mark.value.map { ", " + report.triggerValue(episode.trigger, $0) } ?? "")
            }
            let rows = episodes.map { episode in
                [episode.trigger, mark(episode.pending, episode), mark(episode.firing, episode),
                 episode.resolved.map { mark($0, episode) } ?? (episode.firing != nil ? "still firing at the end" : "still pending at the end"),
                 episode.firedFor(until: report.end).map(DurationText.format) ?? "did not fire",
                 episode.acknowledged.map { "\($0.by) at \(report.when($0.at))" } ?? "—"]
            }
            table(["Trigger", "Pending", "Firing", "Resolved", "Fired for", "Acknowledged"], rows, numeric: [4], &html)
        }
        let active = Set(episodes.map(\.trigger))
        let quiet = report.plan.triggers.map(\.id).filter { !active.contains($0) }
        if !quiet.isEmpty { paragraph("Never pending or firing: " + quiet.joined(separator: "; ") + ".", &html, class: "quiet") }
    }
}
