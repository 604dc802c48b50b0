import WarRoomCore

/// What one query's answer gave a metric once through ``SampleCheck``: its samples, and each point refused, with
/// why. The feed counts a refused point as a malformed line, as a file source would count the line.
struct PrometheusSamples: Sendable, Hashable {
    /// A point that is no sample: the metric and the point as the API wrote it (`error_rate [1735689600.0, "NaN"]`),
    /// which the report shows as a file's would show the line, and why.
    struct Refusal: Sendable, Hashable {
        var point: String
        var reason: String
    }

    var samples: [MetricSample] = []
    var refused: [Refusal] = []
}
