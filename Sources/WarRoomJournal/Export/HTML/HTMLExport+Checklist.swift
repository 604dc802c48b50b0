import Foundation
import WarRoomCore

extension HTMLExport {
    /// The checklist as it ended, by phase, with who ticked each item and when.
    static func checklist(_ report: PostMortem, _ html: inout HTMLWriter) {
        section("checklist", "Checklist", &html)
        defer { endSection(&html) }
        if report.plan.checklist.isEmpty { paragraph("The plan has no checklist.", &html) }
        for phase in ChecklistPhase.allCases {
            let items = report.plan.checklist.filter { $0.phase == phase }
            guard !items.isEmpty else { continue }
            let progress = report.state.checklistProgress(phase)
            html.element("h3", "\(phase.title) (\(progress.done)/\(progress.total))")
            html.raw("<ul class=\"plain checklist\">\n")
            for item in items {
                let tick = report.state.ticks[item.id]
                html.raw("<li>")
                html.element("span", [("class", tick == nil ? "tick quiet" : "tick good")], tick == nil ? "☐" : "☑")
                html.text(item.text)
                var details = item.owner.map { ["owner \($0)"] } ?? []
                if item.blocksPromotion { details.append("blocks promotion") }
                if !details.isEmpty { html.text(" (\(details.joined(separator: ", ")))") }
                html.raw(" — ")
                if let tick {
                    html.text("ticked by \(tick.by) at \(report.when(tick.at))")
                } else {
                    html.element("span", [("class", "quiet")], "open")
                }
                html.raw("</li>\n")
            }
            html.raw("</ul>\n")
        }
    }

    static func notes(_ report: PostMortem, _ html: inout HTMLWriter) {
        section("notes", "Notes", &html)
        defer { endSection(&html) }
        var any = false
        for entry in report.entries {
            guard case .note(let text) = entry.event else { continue }
            if !any { html.raw("<ul class=\"plain\">\n") }
            any = true
            html.raw("<li>")
            html.element("span", [("class", "quiet")], "\(report.when(entry.time)), \(entry.actor): ")
            html.element("span", [("class", "note-text")], text)
            html.raw("</li>\n")
        }
        if any { html.raw("</ul>\n") } else { paragraph("No notes were recorded.", &html) }
    }

    /// Commands run from the war room, with exit status and output; absent when none ran.
    static func commands(_ report: PostMortem, _ html: inout HTMLWriter) {
        let commands = report.commands, unfinished = report.unfinishedCommands
        guard !commands.isEmpty || !unfinished.isEmpty else { return }
        section("commands", "Commands run", &html)
        for run in commands {
            html.open("p")
            html.text("\(report.when(run.entry.time)), \(run.entry.actor): ")
            html.element("code", run.command)
            html.raw(" ")
            switch run.exitStatus {
            case 0?: badge("EXIT 0", "good", &html)
            case let code?: badge("EXIT \(code)", "bad", &html)
            case nil: badge("DID NOT FINISH", "bad", &html)
            }
            html.close("p")
            html.element("pre", run.output.isEmpty ? "(no output)" : run.output)
            html.raw("\n")
        }
        for start in unfinished {
            html.open("p")
            html.text("\(report.when(start.at)), \(start.by): ")
            html.element("code", start.command)
            html.raw(" ")
            badge("NO RESULT", "bad", &html)
            html.text(" started as step \(start.step + 1): " + report.whyNoResult(start))
            html.close("p")
            html.raw("\n")
        }
        endSection(&html)
    }

    /// The plan's rollback steps and how far the procedure got, kept with the post-mortem only when a rollback
    /// happened: each step's command runs with their exit, who did it by hand, or that it was not done.
    static func rollbackSteps(_ report: PostMortem, _ html: inout HTMLWriter) {
        guard report.state.rollback != nil, !report.plan.rollback.steps.isEmpty else { return }
        section("rollback-steps", "Rollback steps (from the plan)", &html)
        paragraph(report.rollbackProgressSentence, &html)
        html.raw("<ol>\n")
        for outcome in report.rollbackOutcomes {
            html.open("li")
            html.text(outcome.step.text)
            if let command = outcome.step.command {
                html.raw(" ")
                html.element("code", command)
            }
            html.raw("\n<ul>")
            for run in outcome.runs {
                html.open("li")
                html.text("ran by \(run.by) at \(report.when(run.at)) ")
                switch run.exitStatus {
                case 0?: badge("EXIT 0", "good", &html)
                case let code?: badge("EXIT \(code)", "bad", &html)
                case nil: badge("DID NOT FINISH", "bad", &html)
                }
                html.close("li")
            }
            if let mark = outcome.byHand {
                html.open("li")
                badge("DONE BY HAND", "good", &html)
                html.text(" marked by \(mark.by) at \(report.when(mark.at))")
                html.close("li")
            }
            if !outcome.done {
                html.open("li")
                badge("NOT DONE", "warn", &html)
                html.close("li")
            }
            html.raw("</ul>")
            html.close("li")
            html.raw("\n")
        }
        html.raw("</ol>\n")
        endSection(&html)
    }
}
