import Foundation
import WarRoomCore

extension MarkdownExport {
    /// Each trigger episode: when it went pending, fired and resolved (with the values read then), how long
    /// it fired, and who acknowledged it; then the plan's triggers that stayed quiet.
    static func triggers(_ report: PostMortem) -> [String] {
        var lines = ["## Triggers"]
        let episodes = report.triggers.periods
        if episodes.isEmpty {
            lines += ["", "No trigger went pending or fired."]
        } else {
            let rows = episodes.map { episode in
                [MarkdownText.inline(episode.trigger),
                 mark(episode.pending, of: episode, in: report),
                 mark(episode.firing, of: episode, in: report),
                 episode.resolved.map { mark($0, of: episode, in: report) }
                     ?? (episode.firing != nil ? "**still firing at the end**" : "still pending at the end"),
                 episode.firedFor(until: report.end).map(DurationText.format) ?? "did not fire",
                 episode.acknowledged.map { "\(MarkdownText.inline($0.by)) at \(report.when($0.at))" } ?? "—"]
            }
            lines += [""] + MarkdownText.table(["Trigger", "Pending", "Firing", "Resolved", "Fired for", "Acknowledged"], rows)
        }
        let active = Set(episodes.map(\.trigger))
        let quiet = report.plan.triggers.map(\.id).filter { !active.contains($0) }
        if !quiet.isEmpty {
            lines += ["", "Never pending or firing: " + quiet.map(MarkdownText.inline).joined(separator: "; ") + "."]
        }
        return lines
    }

    /// `T+25m00s (10:25:00 UTC), 2.4%`, or `—` for a step the episode skipped.
    private static func mark(_ mark: TriggerPeriod.Mark?, of episode: TriggerPeriod, in report: PostMortem) -> String {
        guard let mark else { return "—" }
        return report.when(mark.at) + (mark.value.map { ", " + report.triggerValue(episode.trigger, $0) } ?? "")
    }
}
