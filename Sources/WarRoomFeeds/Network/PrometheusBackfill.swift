import Foundation

/// How much history a Prometheus feed asks for at start-up, so sparklines and `for`/`avg(…, 5m)` windows do not
/// start empty.
public struct PrometheusBackfill: Sendable, Hashable {
    /// How far back, in seconds.
    public var span: TimeInterval
    /// About how many points; the range query's step is `span / points`.
    public var points: Int

    /// The last 30 minutes at 30 s steps: about what a sparkline shows.
    public init(span: TimeInterval = 1800, points: Int = 60) {
        self.span = span
        self.points = max(1, points)
    }

    public var step: TimeInterval { span / Double(points) }
}
