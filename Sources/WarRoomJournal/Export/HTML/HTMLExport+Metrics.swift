import Foundation
import WarRoomCore

extension HTMLExport {
    /// One chart per metric, each followed by its per-period figures.
    static func metrics(_ report: PostMortem, _ html: inout HTMLWriter) {
        section("metrics", "Metrics", &html)
        let summaries = MetricSummary.all(report)
        if summaries.isEmpty { paragraph("The plan has no metrics and the journal no samples.", &html) }
        if report.samples.isEmpty, !summaries.isEmpty {
            paragraph("The journal holds no metric samples, so the charts are empty.", &html, class: "quiet")
        }
        let domain = timeDomain(report)
        let markers = MetricChart.Marker.all(in: report, within: domain)
        for summary in summaries {
            html.raw("<figure>\n")
            html.element("h3", summary.metric)
            MetricChart(series: summary.series, spec: summary.spec, report: report, timeDomain: domain, markers: markers)
                .write(to: &html)
            html.raw("\n<figcaption>")
            legend(summary, &html)
            html.raw("</figcaption>\n</figure>\n")
            figures(summary, report, &html)
        }
        paragraph("p99 is the 99th percentile (nearest rank) of the 10-second windows' means: the journal keeps windows, "
            + "not every sample. Min and max are over every sample; the average is every sample's sum over their count. "
            + "A window belongs to the period its midpoint falls in. BREACH marks a figure beyond the alert threshold, "
            + "WARN one outside success but within alert.", &html, class: "quiet")
        endSection(&html)
    }

    /// From the first sample or T0, whichever is earlier, to the end of the journal.
    static func timeDomain(_ report: PostMortem) -> ClosedRange<Double> {
        let firstSample = report.series.compactMap { $0.buckets.first?.start.timeIntervalSince1970 }.min()
        let anchor = report.t0?.timeIntervalSince1970 ?? report.entries.first?.time.timeIntervalSince1970
        let start = [firstSample, anchor].compactMap { $0 }.min() ?? 0
        let end = max(report.end.timeIntervalSince1970, start + 60)
        return start...end
    }

    private static func legend(_ summary: MetricSummary, _ html: inout HTMLWriter) {
        html.raw("<span class=\"legend\">")
        var keys = [("l-mean", "mean of each 10 s window"), ("l-range", "min–max")]
        if let spec = summary.spec {
            keys += [("l-success", "success \(spec.success.describe(unit: spec.unit))"),
                     ("l-alert", "alert \(spec.alert.describe(unit: spec.unit))")]
        }
        keys += [("l-stage", "stages"), ("l-pending", "trigger pending"), ("l-firing", "trigger firing")]
        for (name, label) in keys { html.element("span", [("class", name)], label) }
        html.raw("</span>")
    }

    private static func figures(_ summary: MetricSummary, _ report: PostMortem, _ html: inout HTMLWriter) {
        html.raw("<table><thead><tr><th>Period</th><th class=\"num\">Windows</th><th class=\"num\">Min</th>"
            + "<th class=\"num\">Max</th><th class=\"num\">Average</th><th class=\"num\">p99</th></tr></thead>\n<tbody>\n")
        for row in summary.rows {
            html.raw("<tr>")
            html.element("td", periodLabel(row.period, report))
            if let stats = row.stats {
                html.element("td", [("class", "num")], "\(stats.windows)")
                for value in [stats.min, stats.max, stats.average, stats.p99] {
                    html.open("td", [("class", "num")])
                    html.text(summary.unit.format(value))
                    if let mark = summary.mark(value) {
                        html.element("span", [("class", "mark \(mark == .breach ? "breach" : "warn")")], mark.rawValue)
                    }
                    html.close("td")
                }
            } else {
                html.raw("<td class=\"num quiet\" colspan=\"5\">no samples</td>")
            }
            html.raw("</tr>\n")
        }
        html.raw("</tbody></table>\n")
    }

    /// `Canary 5% (T+0s to T+16m00s)`.
    static func periodLabel(_ period: ReportPeriod, _ report: PostMortem) -> String {
        switch period.kind {
        case .beforeT0, .whole: period.label
        case .stage, .afterRollback:
            "\(period.label) (\(report.offset(period.start)) to \(report.offset(min(period.end, report.end))))"
        }
    }
}
