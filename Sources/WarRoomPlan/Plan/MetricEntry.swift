import WarRoomCore
import Yams

/// A metric as read from the plan, kept even when its thresholds are broken,
/// so that triggers and gates naming it are still checked without cascading "unknown metric" errors.
struct MetricEntry {
    var name: String
    /// Where the name is written: warnings about the metric point here.
    var position: Position?
    /// Nil when the unit itself was invalid: unit checks against it are skipped.
    var unit: MetricUnit?
    var baseline: Double?
    /// `cohorts:` is written, even if broken: the judge's triggers and gates then have something to read.
    var judged = false
    /// Nil when any part of the metric had an error.
    var spec: MetricSpec?
}
