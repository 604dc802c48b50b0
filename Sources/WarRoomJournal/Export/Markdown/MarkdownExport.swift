import Foundation
import WarRoomCore

/// Renders a journal as a post-mortem in Markdown, in the order of the seed plans: summary, timeline,
/// stages, metrics per stage, triggers, decisions with their evidence, the checklist's final state,
/// commands run, communication and notes. Deterministic: same input, same bytes.
public enum MarkdownExport {
    public static func render(plan: Plan, entries: [JournalEntry], samples: [SampleBucket] = []) -> String {
        render(PostMortem(plan: plan, entries: entries, samples: samples))
    }

    static func render(_ report: PostMortem) -> String {
        let sections = [title(report), summary(report), timeline(report), stages(report), metrics(report),
                        triggers(report), canaryAnalysis(report), decisions(report), checklist(report), commands(report),
                        communication(report), notes(report), rollbackSteps(report)]
        return sections.filter { !$0.isEmpty }.map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
    }

    private static func title(_ report: PostMortem) -> [String] {
        let release = report.plan.release
        return ["# Post-mortem: \(MarkdownText.inline(release.name)) \(MarkdownText.inline(release.version))"]
    }

    private static func summary(_ report: PostMortem) -> [String] {
        let plan = report.plan
        let release = plan.release
        let stages = report.stageList
        let progress = report.state.checklistProgress()
        var lines = [
            "## Summary",
            "",
            "- **Release**: \(MarkdownText.inline("\(release.name) \(release.version) (\(report.releaseKind))"))",
            "- **Owner**: \(MarkdownText.inline(release.owner))",
            "- **On-call**: \(MarkdownText.inline(release.onCallDescription))",
            "- **Strategy**: \(plan.strategy.rawValue)" + (stages.isEmpty ? "" : ", stages \(MarkdownText.inline(stages))"),
            "- **T0**: " + (report.t0.map { "\(UTCFormat.dateTime($0)) UTC" } ?? "not set (the release never started)"),
        ]
        if let duration = report.durationDescription { lines.append("- **Duration**: \(duration)") }
        lines += [
            "- **Outcome**: \(outcome(report))",
            "- **Triggers**: \(report.triggerDescription)",
            "- **Decisions**: \(report.state.decisions.count) of \(plan.decisionPoints.count) recorded",
            "- **Checklist**: \(progress.done) of \(progress.total) done",
            "- **Communication**: \(report.commsDescription)",
        ]
        if !report.canary.isEmpty { lines.append("- **Canary analysis**: \(MarkdownText.inline(report.canaryDescription))") }
        lines += [
            "- **Journal**: \(MarkdownText.inline(report.journalDescription))",
            "- **Written by**: \(WarroomVersion.writer)",
        ]
        return lines
    }

    private static func outcome(_ report: PostMortem) -> String {
        switch report.outcome {
        case .rolledBack(let rollback):
            let reason = rollback.reason.map { ": " + MarkdownText.inline($0) } ?? ""
            return "**rolled back** from \(MarkdownText.inline(report.plan.stageName(rollback.fromStage))) "
                + "at \(report.when(rollback.at)) by \(MarkdownText.inline(rollback.by))\(reason)"
        case .notStarted:
            return "not started"
        case .reached(let stage, let final):
            return "reached \(MarkdownText.inline(report.plan.stageName(stage))) "
                + "(stage \(stage + 1) of \(report.plan.stages.count)\(final ? ", the final stage" : ""))"
        }
    }

    private static func notes(_ report: PostMortem) -> [String] {
        let notes = report.entries.compactMap { entry -> String? in
            guard case .note(let text) = entry.event else { return nil }
            return "- \(report.when(entry.time)), \(MarkdownText.inline(entry.actor)): \(MarkdownText.inline(text))"
        }
        return ["## Notes", ""] + (notes.isEmpty ? ["No notes were recorded."] : notes)
    }

    /// The plan's rollback steps and how far the procedure got, kept with the post-mortem only when a rollback
    /// happened: each step's command runs with their exit, who did it by hand, or that it was not done.
    private static func rollbackSteps(_ report: PostMortem) -> [String] {
        guard report.state.rollback != nil, !report.plan.rollback.steps.isEmpty else { return [] }
        var lines = ["## Rollback steps (from the plan)", "", report.rollbackProgressSentence, ""]
        for outcome in report.rollbackOutcomes {
            let step = outcome.step
            lines.append("\(outcome.number). \(MarkdownText.blockStart(step.text))"
                + (step.command.map { " (command: \(MarkdownText.inline($0)))" } ?? ""))
            // Indented under the item's text, so they nest in it.
            for run in outcome.runs {
                let status = switch run.exitStatus {
                case 0?: "exit 0"
                case let code?: "**exit \(code)**"
                case nil: "**did not finish**"
                }
                lines.append("   - ran by \(MarkdownText.inline(run.by)) at \(report.when(run.at)): \(status)")
            }
            if let mark = outcome.byHand {
                lines.append("   - done by hand, marked by \(MarkdownText.inline(mark.by)) at \(report.when(mark.at))")
            }
            if !outcome.done { lines.append("   - **not done**") }
        }
        return lines
    }
}
