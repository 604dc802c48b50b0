import Foundation
import WarRoomCore

extension MarkdownExport {
    /// The checklist as it ended, by phase, with who ticked each item and when.
    static func checklist(_ report: PostMortem) -> [String] {
        var lines = ["## Checklist"]
        if report.plan.checklist.isEmpty { lines += ["", "The plan has no checklist."] }
        for phase in ChecklistPhase.allCases {
            let items = report.plan.checklist.filter { $0.phase == phase }
            guard !items.isEmpty else { continue }
            let progress = report.state.checklistProgress(phase)
            lines += ["", "### \(phase.title) (\(progress.done)/\(progress.total))", ""]
            lines += items.map { line(for: $0, in: report) }
        }
        return lines
    }

    private static func line(for item: ChecklistItem, in report: PostMortem) -> String {
        var text = MarkdownText.inline(item.text)
        var details = item.owner.map { ["owner \(MarkdownText.inline($0))"] } ?? []
        if item.blocksPromotion { details.append("blocks promotion") }
        if !details.isEmpty { text += " (\(details.joined(separator: ", ")))" }
        guard let tick = report.state.ticks[item.id] else { return "- [ ] \(text) — open" }
        return "- [x] \(text) — ticked by \(MarkdownText.inline(tick.by)) at \(report.when(tick.at))"
    }
}
