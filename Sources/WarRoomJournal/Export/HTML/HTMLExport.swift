import Foundation
import WarRoomCore

/// Renders a journal as one self-contained HTML page: inline CSS, inline SVG charts, no script and no
/// reference to anything outside the file (a Content-Security-Policy says so to the browser too).
/// Every piece of text from the journal or the plan is escaped by ``HTMLText``. Deterministic.
public enum HTMLExport {
    public static func render(plan: Plan, entries: [JournalEntry], samples: [SampleBucket] = []) -> String {
        render(PostMortem(plan: plan, entries: entries, samples: samples))
    }

    static func render(_ report: PostMortem) -> String {
        var html = HTMLWriter(capacity: 16_384 + report.entries.count * 220 + report.samples.count * 8)
        let release = report.plan.release
        let title = "Post-mortem: \(release.name) \(release.version)"
        html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        html.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        html.raw("<meta name=\"generator\" content=\"")
        html.text(WarroomVersion.writer)
        html.raw("\">\n")
        html.element("title", title)
        html.raw("\n<style>\n" + HTMLStyle.css + "\n</style>\n</head>\n<body>\n<header>\n")
        html.element("h1", title)
        html.open("p", [("class", "lede")])
        html.text(report.t0.map { "T0 \(UTCFormat.dateTime($0)) UTC. " } ?? "The release never started. ")
        html.text("All times are UTC; T+ counts from T0.")
        html.close("p")
        html.raw("\n<nav>")
        // The canary section only for a release that judged a canary or kept objectives.
        let canary = report.canary.isEmpty ? [] : [("canary", "Canary analysis")]
        let contents = [("summary", "Summary"), ("metrics", "Metrics"), ("stages", "Stages"), ("triggers", "Triggers")] + canary
            + [("decisions", "Decisions"), ("checklist", "Checklist"), ("communication", "Communication"), ("notes", "Notes"),
               ("timeline", "Timeline")]
        for (anchor, name) in contents { html.element("a", [("href", "#" + anchor)], name) }
        html.raw("</nav>\n</header>\n<main>\n")
        summary(report, &html)
        metrics(report, &html)
        stages(report, &html)
        triggers(report, &html)
        canaryAnalysis(report, &html)
        decisions(report, &html)
        checklist(report, &html)
        commands(report, &html)
        communication(report, &html)
        notes(report, &html)
        rollbackSteps(report, &html)
        timeline(report, &html)
        html.raw("</main>\n<footer>")
        html.text("Written by \(WarroomVersion.writer) from the release journal: \(report.entries.count) entries, "
            + "\(report.samples.count) sample windows. Charts show 10-second windows; nothing in this file is loaded from elsewhere.")
        html.raw("</footer>\n</body>\n</html>\n")
        return html.output
    }

    /// Opens `<section id=…><h2>…</h2>`.
    static func section(_ id: String, _ heading: String, _ html: inout HTMLWriter) {
        html.raw("<section id=\"\(id)\">\n")
        html.element("h2", heading)
        html.raw("\n")
    }

    static func endSection(_ html: inout HTMLWriter) { html.raw("</section>\n") }

    static func paragraph(_ text: String, _ html: inout HTMLWriter, class name: String? = nil) {
        html.open("p", name.map { [("class", $0)] } ?? [])
        html.text(text)
        html.close("p")
        html.raw("\n")
    }

    /// A table whose cells are plain text; `numeric` columns are right-aligned.
    static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = [], class name: String? = nil,
                      _ html: inout HTMLWriter) {
        html.open("table", name.map { [("class", $0)] } ?? [])
        html.raw("<thead><tr>")
        for (index, cell) in header.enumerated() { html.element("th", numeric.contains(index) ? [("class", "num")] : [], cell) }
        html.raw("</tr></thead>\n<tbody>\n")
        for row in rows {
            html.raw("<tr>")
            for (index, cell) in row.enumerated() { html.element("td", numeric.contains(index) ? [("class", "num")] : [], cell) }
            html.raw("</tr>\n")
        }
        html.raw("</tbody></table>\n")
    }

    /// A coloured badge whose word carries the meaning on its own.
    static func badge(_ word: String, _ tone: String, _ html: inout HTMLWriter) {
        html.element("span", [("class", "badge \(tone)")], word)
    }

    private static func summary(_ report: PostMortem, _ html: inout HTMLWriter) {
        section("summary", "Summary", &html)
        let plan = report.plan
        let release = plan.release
        let progress = report.state.checklistProgress()
        html.raw("<dl class=\"summary\">\n")
        func item(_ term: String, _ value: String) {
            html.element("dt", term)
            html.element("dd", value)
            html.raw("\n")
        }
        item("Release", "\(release.name) \(release.version) (\(report.releaseKind))")
        item("Owner", release.owner)
        item("On-call", release.onCallDescription)
        item("Strategy", plan.strategy.rawValue + (plan.stages.isEmpty ? "" : ": " + report.stageList))
        item("T0", report.t0.map { "\(UTCFormat.dateTime($0)) UTC" } ?? "not set (the release never started)")
        if let duration = report.durationDescription { item("Duration", duration) }
        html.element("dt", "Outcome")
        html.open("dd")
        switch report.outcome {
        case .notStarted:
            badge("NOT STARTED", "quiet", &html)
        case .reached(let stage, let final):
            badge(final ? "COMPLETED" : "IN PROGRESS", final ? "good" : "warn", &html)
            html.text(" reached \(report.plan.stageName(stage)) (stage \(stage + 1) of \(plan.stages.count))")
        case .rolledBack(let rollback):
            badge("ROLLED BACK", "bad", &html)
            html.text(" from \(report.plan.stageName(rollback.fromStage)) at \(report.when(rollback.at)) by \(rollback.by)"
                + (rollback.reason.map { ": " + $0 } ?? ""))
        }
        html.close("dd")
        html.raw("\n")
        item("Triggers", report.triggerDescription)
        item("Decisions", "\(report.state.decisions.count) of \(plan.decisionPoints.count) recorded")
        item("Checklist", "\(progress.done) of \(progress.total) done")
        item("Communication", report.commsDescription)
        if !report.canary.isEmpty { item("Canary analysis", report.canaryDescription) }
        item("Journal", report.journalDescription)
        item("Written by", WarroomVersion.writer)
        html.raw("</dl>\n")
        endSection(&html)
    }
}
