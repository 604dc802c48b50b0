import Foundation
import WarRoomCore

extension MarkdownExport {
    /// For each metric and each period of the release: min, max, average and p99 of the stored windows,
    /// marked where they cross the plan's thresholds.
    static func metrics(_ report: PostMortem) -> [String] {
        var lines = ["## Metrics per stage"]
        let summaries = MetricSummary.all(report)
        if summaries.isEmpty { return lines + ["", "The plan has no metrics and the journal no samples."] }
        if report.samples.isEmpty { lines += ["", "The journal holds no metric samples (it was written by a warroom without them)."] }
        for summary in summaries {
            lines += ["", "### \(MarkdownText.inline(summary.metric))", "", thresholds(summary)]
            let rows = summary.rows.map { row -> [String] in
                let period = label(row.period, in: report)
                guard let stats = row.stats else { return [period, "no samples", "—", "—", "—", "—"] }
                return [period, "\(stats.windows)", figure(stats.min, summary), figure(stats.max, summary),
                        figure(stats.average, summary), figure(stats.p99, summary)]
            }
            lines += [""] + MarkdownText.table(["Period", "Windows", "Min", "Max", "Average", "p99 [^p99]"], rows)
        }
        lines += ["", "[^p99]: p99 is the 99th percentile (nearest rank) of the 10-second windows' means: the journal "
            + "keeps windows, not every sample. Min and max are over every sample; the average is every sample's sum "
            + "over their count. A window belongs to the period its midpoint falls in. **BREACH** marks a figure "
            + "beyond the alert threshold, **WARN** one outside success but within alert."]
        return lines
    }

    /// `Canary 5% (T+0s to T+16m00s)`: the period with its span, the open end cut at the report's end.
    static func label(_ period: ReportPeriod, in report: PostMortem) -> String {
        let name = MarkdownText.inline(period.label)
        switch period.kind {
        case .beforeT0, .whole: return name
        case .stage, .afterRollback:
            return "\(name) (\(report.offset(period.start)) to \(report.offset(min(period.end, report.end))))"
        }
    }

    /// "Success < 1%, alert > 2%, baseline 0.4%." or why there are none.
    private static func thresholds(_ summary: MetricSummary) -> String {
        guard let spec = summary.spec else { return "No thresholds in the plan." }
        var text = "Success \(MarkdownText.inline(spec.success.describe(unit: spec.unit))), "
            + "alert \(MarkdownText.inline(spec.alert.describe(unit: spec.unit)))"
        if let baseline = spec.baseline { text += ", baseline \(spec.unit.format(baseline))" }
        return text + "."
    }

    /// `3.1% **BREACH**`, `0.52%`.
    private static func figure(_ value: Double, _ summary: MetricSummary) -> String {
        let text = MarkdownText.inline(summary.unit.format(value))
        return summary.mark(value).map { "\(text) **\($0.rawValue)**" } ?? text
    }
}
