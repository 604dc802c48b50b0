import Foundation
import WarRoomCore

extension MarkdownExport {
    /// Each stage of the plan: when it was entered and by whom, how long it lasted against its minimum,
    /// and how it ended; stages never reached say so, and promotions past a gate are listed with their reason.
    static func stages(_ report: PostMortem) -> [String] {
        var lines = ["## Stages"]
        guard !report.plan.stages.isEmpty else { return lines + ["", "The plan has no stages."] }
        guard report.t0 != nil else { return lines + ["", "The release never started, so no stage was entered."] }
        var rows: [[String]] = []
        for (index, stage) in report.plan.stages.enumerated() {
            let traffic = stage.traffic.map(MetricUnit.percent.format) ?? "—"
            let minimum = stage.minDuration > 0 ? DurationText.formatPlan(stage.minDuration) : "—"
            let lived = report.stages.periods.filter { $0.index == index }
            let name = "\(index + 1). \(MarkdownText.inline(stage.name))"
            if lived.isEmpty { rows.append([name, traffic, "not reached", "—", minimum, "—"]) }
            for period in lived {
                rows.append([name, traffic, "\(report.when(period.start)) by \(MarkdownText.inline(period.enteredBy))",
                             lasted(period, minimum: stage.minDuration), minimum, ending(period, in: report)])
            }
        }
        lines += [""] + MarkdownText.table(["Stage", "Traffic", "Entered", "Lasted", "Minimum", "Ended"], rows)
        let overrides = report.stages.periods.compactMap { period in
            period.override.map { override in
                "- \(MarkdownText.blockStart(period.name)): promoted by \(MarkdownText.inline(period.enteredBy)) "
                    + "past gate **\(MarkdownText.inline(override.gate))** "
                    + "(\(override.gateReasons.map(MarkdownText.inline).joined(separator: "; "))); "
                    + "reason given: \(MarkdownText.inline(override.reason))"
            }
        }
        if !overrides.isEmpty { lines += ["", "Promoted past a gate that was not READY:", ""] + overrides }
        return lines
    }

    /// `16m00s`, flagged when a promoted stage ran shorter than the plan's minimum.
    private static func lasted(_ period: StagePeriod, minimum: TimeInterval) -> String {
        let text = DurationText.format(period.duration)
        guard case .promoted = period.ending, period.duration < minimum else { return text }
        return text + " (**short of the minimum**)"
    }

    private static func ending(_ period: StagePeriod, in report: PostMortem) -> String {
        switch period.ending {
        case .promoted(let by):
            return "promoted by \(MarkdownText.inline(by)) at \(report.when(period.end))"
        case .rolledBack(let by, let reason):
            return "**rolled back** by \(MarkdownText.inline(by)) at \(report.when(period.end))"
                + (reason.map { ": " + MarkdownText.inline($0) } ?? "")
        case .current:
            return "still current at the end (\(report.offset(period.end)))"
        }
    }
}
