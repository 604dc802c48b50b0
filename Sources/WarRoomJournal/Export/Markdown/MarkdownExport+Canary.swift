import Foundation
import WarRoomCore

extension MarkdownExport {
    /// Every judgement the judge journaled, the last one's verdicts with their numbers, and each objective's budget
    /// and worst burn rates; nothing for a release that judged no canary and kept no objective.
    static func canaryAnalysis(_ report: PostMortem) -> [String] {
        let canary = report.canary
        guard !canary.isEmpty else { return [] }
        var lines = ["## Canary analysis", "", MarkdownText.inline(sentence(report.canaryDescription))]
        if !canary.judgements.isEmpty {
            lines += ["", "### Judgements", ""]
            for judged in canary.judgements {
                let words = report.judgementWords(judged)
                let word = judged.judgement.outcome.rawValue
                let outcome = judged.judgement.outcome == .fail ? "**\(word)**" : word
                lines.append("- \(MarkdownText.inline(words.heading)): \(outcome), \(words.score) — \(MarkdownText.inline(words.why))")
            }
        }
        if let last = canary.last {
            lines += ["", "### Verdicts at \(MarkdownText.inline(report.when(last.judgement.at)))", ""]
            for verdict in last.judgement.verdicts {
                let call = verdict.fails ? "**\(verdict.call.rawValue)**" : verdict.call.rawValue
                lines.append("- \(MarkdownText.inline(verdict.metric))\(verdict.critical ? " (critical)" : ""): \(call) — "
                    + MarkdownText.inline(verdict.reason))
                let figures = report.verdictFigures(verdict)
                if !figures.isEmpty { lines.append("  - " + MarkdownText.inline(figures.joined(separator: "; "))) }
            }
        }
        if !canary.objectives.isEmpty {
            lines += ["", "### Objectives", ""]
            for objective in canary.objectives {
                lines.append("- \(MarkdownText.inline(objective.slo.name)), \(MarkdownText.inline(report.objectiveWords(objective.slo)))"
                    + (objective.cohorts.isEmpty ? ": no events" : ":"))
                for cohort in objective.cohorts {
                    lines.append("  - \(cohort.cohort.rawValue): \(MarkdownText.inline(report.burnWords(cohort)))")
                }
            }
        }
        return lines
    }

    private static func sentence(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() + "." }
}
