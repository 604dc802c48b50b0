import Foundation
import WarRoomCore

/// One metric's figures for each period of the release, with the plan's thresholds to judge them by.
struct MetricSummary: Sendable {
    struct Row: Sendable, Hashable {
        var period: ReportPeriod
        /// Nil when the period has no samples of the metric.
        var stats: MetricStats?
    }

    let series: SampleSeries
    /// The plan's spec; nil for a health check or a metric the plan no longer names.
    let spec: MetricSpec?
    let rows: [Row]

    init(series: SampleSeries, spec: MetricSpec?, periods: [ReportPeriod]) {
        self.series = series
        self.spec = spec
        rows = periods.compactMap { period in
            let stats = MetricStats(series.slice(from: period.start, to: period.end))
            // "Before T0" is only worth a row when something was measured then.
            if stats == nil, period.kind == .beforeT0 { return nil }
            return Row(period: period, stats: stats)
        }
    }

    var metric: String { series.metric }
    var unit: MetricUnit { spec?.unit ?? .count }

    /// BREACH or WARN when `value` crosses the plan's thresholds; nil when within success or unjudged.
    func mark(_ value: Double) -> MetricStatus? {
        guard let status = spec?.status(of: value), status != .ok else { return nil }
        return status
    }

    /// Every series of the report, summarised over the report's periods.
    static func all(_ report: PostMortem) -> [MetricSummary] {
        report.series.map { series in
            MetricSummary(series: series, spec: report.plan.metric(named: series.metric), periods: report.periods)
        }
    }
}
