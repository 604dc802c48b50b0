import Foundation
import WarRoomCore

/// Reads the metrics of one Prometheus source: at start-up a range query per metric fills its history, then every
/// interval an instant query per metric gives its next sample. A `.source` report follows whenever the source's
/// health changes, naming each failing metric and why; a failed query never becomes a sample. A point that cannot
/// be a sample (``SampleCheck``) is counted in the report as a malformed line, with its reason, as a file's would be.
public struct PrometheusFeed: Sendable {
    /// The source's name, which its reports carry.
    public let source: String
    public let metrics: [PrometheusMetric]
    public let interval: TimeInterval
    /// What to ask for at start-up; nil asks for no history.
    public var backfill: PrometheusBackfill?

    private let url: String
    private let api: PrometheusAPI?
    private let token: SecretReference?
    private let environment: [String: String]
    private let client: HTTPClient
    /// The latest reason each failing metric gave no sample; a metric leaves it on its next good answer.
    private var failures: [String: String] = [:]
    private var health: FeedHealth

    /// nil when `source` is not a Prometheus source. Queries run concurrently, each within the source's timeout;
    /// the token is looked up in `environment` for each query and goes nowhere but the request header.
    public init?(source: MetricSource, metrics: [PrometheusMetric], backfill: PrometheusBackfill? = PrometheusBackfill(),
                 environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard case .prometheus(let url, let token) = source.kind else { return nil }
        self.source = source.name
        self.metrics = metrics
        self.interval = source.interval
        self.backfill = backfill
        self.url = url
        self.api = PrometheusAPI(url: url)
        self.token = token
        self.environment = environment
        self.client = HTTPClient(timeout: source.timeout)
        self.health = FeedHealth(source: source.name)
    }

    /// One instant query per metric, evaluated at `now`: the samples of those that gave one number, then a report
    /// if the source's health changed.
    public mutating func pollOnce(now: Date) async -> [Event] {
        let feed = self
        let outcomes = await concurrently { metric in
            await feed.fetch { $0.instantQuery(metric.query, at: now) }
                .flatMap { PrometheusResponse.instantSample(named: metric.name, from: $0, emptyIsZero: metric.countsEvents, at: now) }
        }
        return events(from: outcomes)
    }

    /// One range query per metric over the backfill span ending at `now`: each metric's history, oldest first, then
    /// a report if the source's health changed. Nothing when there is no backfill.
    public mutating func fillHistory(now: Date) async -> [Event] {
        guard let backfill else { return [] }
        let feed = self
        let outcomes = await concurrently { metric in
            await feed.fetch { $0.rangeQuery(metric.query, from: now.addingTimeInterval(-backfill.span), to: now, step: backfill.step) }
                .flatMap { PrometheusResponse.rangeSamples(named: metric.name, from: $0) }
        }
        return events(from: outcomes)
    }

    /// Fills the history, then polls every `interval` (measured start to start) until the task is cancelled.
    public func run(now: @escaping @Sendable () -> Date, emit: @escaping @Sendable (Event) -> Void) async {
        var feed = self
        for event in await feed.fillHistory(now: now()) { emit(event) }
        await Polling.every(.seconds(interval), emit: emit) { await feed.pollOnce(now: now()) }
    }

    // MARK: Queries

    /// Runs `query` for every metric at once, so one slow query costs one timeout, not one per metric.
    private func concurrently(
        _ query: @escaping @Sendable (PrometheusMetric) async -> Result<PrometheusSamples, PrometheusQueryError>
    ) async -> [Result<PrometheusSamples, PrometheusQueryError>] {
        await withTaskGroup(of: (Int, Result<PrometheusSamples, PrometheusQueryError>).self) { group in
            for (index, metric) in metrics.enumerated() {
                group.addTask { (index, await query(metric)) }
            }
            var outcomes = [Result<PrometheusSamples, PrometheusQueryError>](repeating: .success(PrometheusSamples()), count: metrics.count)
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes
        }
    }

    private func fetch(_ url: (PrometheusAPI) -> URL) async -> Result<HTTPResponse, PrometheusQueryError> {
        guard let api else { return .failure(.invalidURL(self.url)) }
        var bearer: String?
        if let token {
            guard let value = token.resolve(in: environment) else { return .failure(.tokenMissing(variable: token.variable)) }
            bearer = value
        }
        return await client.get(url(api), bearerToken: bearer).mapError(PrometheusQueryError.transport)
    }

    // MARK: Health

    private mutating func events(from outcomes: [Result<PrometheusSamples, PrometheusQueryError>]) -> [Event] {
        var events: [Event] = []
        for (metric, outcome) in zip(metrics, outcomes) {
            switch outcome {
            case .success(let found):
                events += found.samples.map(Event.sample)
                for refusal in found.refused { health.malformed(refusal.point, because: refusal.reason) }
                failures[metric.name] = nil
            case .failure(let error):
                failures[metric.name] = redacted(error.description)
            }
        }
        if let report = health.report(failure: failureText) { events.append(.source(report)) }
        return events
    }

    /// `source: metric, metric: reason; metric: reason`, metrics sharing a reason (a server that is down) named
    /// together so the line stays short.
    private var failureText: String? {
        var reasons: [String] = []
        var metricsByReason: [String: [String]] = [:]
        for metric in metrics {
            guard let reason = failures[metric.name] else { continue }
            if metricsByReason[reason] == nil { reasons.append(reason) }
            metricsByReason[reason, default: []].append(metric.name)
        }
        guard !reasons.isEmpty else { return nil }
        return "\(source): " + reasons.map { "\(metricsByReason[$0]!.joined(separator: ", ")): \($0)" }.joined(separator: "; ")
    }

    /// A server may echo a request back in an error page; the token must not reach the screen or the journal.
    private func redacted(_ text: String) -> String {
        guard let token, let value = token.resolve(in: environment) else { return text }
        return text.replacingOccurrences(of: value, with: token.description)
    }
}
