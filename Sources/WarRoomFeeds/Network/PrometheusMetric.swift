import WarRoomCore

/// A metric read from Prometheus: the name its samples carry and the PromQL that must give one number.
public struct PrometheusMetric: Sendable, Hashable {
    public var name: String
    public var query: String

    public init(name: String, query: String) {
        self.name = name
        self.query = query
    }

    /// The plan's metrics whose feed is a query against the source named `source`, in plan order.
    public static func reading(source: String, in metrics: [MetricSpec]) -> [PrometheusMetric] {
        metrics.compactMap { metric in
            guard case .prometheus(let name, let query)? = metric.feed, name == source else { return nil }
            return PrometheusMetric(name: metric.name, query: query)
        }
    }
}
