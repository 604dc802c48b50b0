import Foundation

/// The samples the evaluator accepted since its last batch: what every war room folds into its series, so all of
/// them show the same values and a restart or a takeover rebuilds every window from the journal.
///
/// Stored compactly, one array of `[time, value]` pairs per metric (`{"metrics":{"error_rate":[[1795000000.5,0.4]]}}`):
/// a day of ten metrics at 1 Hz is 864,000 samples, and the journal must stay small.
public struct SampleBatch: Sendable, Hashable {
    /// In the order the evaluator accepted them; each metric's samples in event-time order.
    public var samples: [MetricSample]
    /// Samples refused, per metric, because they were dated more than ``AppState/futureTolerance`` ahead of the
    /// evaluator's clock.
    public var refusedFromFuture: [String: Int]
    /// What each health check made saw, beside its 0/1 sample in `samples` (`"checks"`, absent in batches from
    /// before it was journaled, whose checks show pass or fail alone).
    public var checks: [HealthResult]

    public init(samples: [MetricSample] = [], refusedFromFuture: [String: Int] = [:], checks: [HealthResult] = []) {
        self.samples = samples
        self.refusedFromFuture = refusedFromFuture
        self.checks = checks
    }

    public var isEmpty: Bool { samples.isEmpty && refusedFromFuture.isEmpty && checks.isEmpty }
}

extension SampleBatch: Codable {
    private enum CodingKeys: String, CodingKey { case metrics, future, checks }

    /// Read through nested containers rather than as a `[String: [[Double]]]`: a quarter of a journal's entries are
    /// batches, and the generic dictionary and array decoding (a type lookup and cast at every level, an array
    /// per pair) cost most of reading one.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let metrics = try container.nestedContainer(keyedBy: MetricName.self, forKey: .metrics)
        samples = []
        // Sorted, so every process decodes one batch into the same order.
        for metric in metrics.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
            var pairs = try metrics.nestedUnkeyedContainer(forKey: metric)
            while !pairs.isAtEnd {
                var pair = try pairs.nestedUnkeyedContainer()
                guard pair.count == 2 else {
                    throw DecodingError.dataCorruptedError(forKey: .metrics, in: container,
                                                           debugDescription: "a sample of \(metric.stringValue) is not [time, value]")
                }
                let time = try pair.decode(Double.self), value = try pair.decode(Double.self)
                samples.append(MetricSample(name: metric.stringValue, value: value, time: Date(timeIntervalSince1970: time)))
            }
        }
        refusedFromFuture = try container.decodeIfPresent([String: Int].self, forKey: .future) ?? [:]
        checks = try container.decodeIfPresent([HealthResult].self, forKey: .checks) ?? []
    }

    /// A metric's name as a key of `metrics`.
    private struct MetricName: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var metrics: [String: [[Double]]] = [:]
        for sample in samples { metrics[sample.name, default: []].append([sample.time.timeIntervalSince1970, sample.value]) }
        try container.encode(metrics, forKey: .metrics)
        if !refusedFromFuture.isEmpty { try container.encode(refusedFromFuture, forKey: .future) }
        if !checks.isEmpty { try container.encode(checks, forKey: .checks) }
    }
}
