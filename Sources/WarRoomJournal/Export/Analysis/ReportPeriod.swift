import Foundation

/// A stretch of the release that per-period metric figures are given for: before T0, each stage lived,
/// and after a rollback. Together they cover the whole journal without overlapping.
struct ReportPeriod: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case beforeT0
        case stage(Int)
        case afterRollback
        /// A release that never started: the journal as a whole.
        case whole
    }

    var kind: Kind
    var label: String
    var start: Date
    var end: Date

    /// Before T0, every stage that was entered, and after the rollback when there was one.
    static func periods(stages: StagePeriods, t0: Date?) -> [ReportPeriod] {
        guard let t0 else { return [ReportPeriod(kind: .whole, label: "Whole journal", start: .distantPast, end: .distantFuture)] }
        var periods = [ReportPeriod(kind: .beforeT0, label: "Before T0", start: .distantPast, end: t0)]
        for (position, stage) in stages.periods.enumerated() {
            let last = position == stages.periods.count - 1
            // The last stage reaches to the end of time unless a rollback closed it: no late window is lost.
            let end = last && stages.rolledBackAt == nil ? Date.distantFuture : stage.end
            periods.append(ReportPeriod(kind: .stage(stage.index), label: stage.name, start: stage.start, end: end))
        }
        if let rolledBackAt = stages.rolledBackAt {
            periods.append(ReportPeriod(kind: .afterRollback, label: "After rollback", start: rolledBackAt, end: .distantFuture))
        }
        return periods
    }
}
