import WarRoomCore

/// A metric read from Prometheus: the name its samples carry and the PromQL that must give one number.
public struct PrometheusMetric: Sendable, Hashable {
    public var name: String
    public var query: String
    /// An objective's event count: an empty answer is no events (0), not a missing sample.
    public var countsEvents: Bool

    public init(name: String, query: String, countsEvents: Bool = false) {
        self.name = name
        self.query = query
        self.countsEvents = countsEvents
    }

    /// The plan's metrics whose feed is a query against the source named `source`, in plan order.
    public static func reading(source: String, in metrics: [MetricSpec]) -> [PrometheusMetric] {
        metrics.compactMap { metric in
            guard case .prometheus(let name, let query)? = metric.feed, name == source else { return nil }
            return PrometheusMetric(name: metric.name, query: query)
        }
    }

    /// Everything the plan asks of the source named `source`: each metric's query, then its cohorts' queries (under
    /// `<metric>:canary` and `<metric>:baseline`, for the canary judge), then the objectives' event counts (under
    /// `<slo>:good`, `<slo>:total` and the cohorts' `<slo>:canary:good`…), in plan order. A series asked for twice is
    /// asked for once.
    public static func reading(source: String, in plan: Plan) -> [PrometheusMetric] {
        var queries: [PrometheusMetric] = []
        for metric in plan.metrics {
            guard case .prometheus(let name, let query)? = metric.feed, name == source else { continue }
            queries.append(PrometheusMetric(name: metric.name, query: query))
            for side in [metric.cohorts?.canary, metric.cohorts?.baseline].compactMap({ $0 }) {
                if let query = side.query { queries.append(PrometheusMetric(name: side.series, query: query)) }
            }
        }
        for slo in plan.slos {
            for (_, events) in slo.ledgers where events.source == source {
                if let query = events.goodQuery { queries.append(PrometheusMetric(name: events.good, query: query, countsEvents: true)) }
                if let query = events.totalQuery { queries.append(PrometheusMetric(name: events.total, query: query, countsEvents: true)) }
            }
        }
        var seen: Set<String> = []
        return queries.filter { seen.insert($0.name).inserted }
    }
}
