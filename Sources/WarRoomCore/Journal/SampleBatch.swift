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

    public init(samples: [MetricSample] = [], refusedFromFuture: [String: Int] = [:]) {
        self.samples = samples
        self.refusedFromFuture = refusedFromFuture
    }

    public var isEmpty: Bool { samples.isEmpty && refusedFromFuture.isEmpty }
}

extension SampleBatch: Codable {
    private enum CodingKeys: String, CodingKey { case metrics, future }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let metrics = try container.decode([String: [[Double]]].self, forKey: .metrics)
        samples = []
        // Sorted, so every process decodes one batch into the same order.
        for (metric, pairs) in metrics.sorted(by: { $0.key < $1.key }) {
            for pair in pairs {
                guard pair.count == 2 else {
                    throw DecodingError.dataCorruptedError(forKey: .metrics, in: container,
                                                           debugDescription: "a sample of \(metric) is not [time, value]")
                }
                samples.append(MetricSample(name: metric, value: pair[1], time: Date(timeIntervalSince1970: pair[0])))
            }
        }
        refusedFromFuture = try container.decodeIfPresent([String: Int].self, forKey: .future) ?? [:]
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var metrics: [String: [[Double]]] = [:]
        for sample in samples { metrics[sample.name, default: []].append([sample.time.timeIntervalSince1970, sample.value]) }
        try container.encode(metrics, forKey: .metrics)
        if !refusedFromFuture.isEmpty { try container.encode(refusedFromFuture, forKey: .future) }
    }
}
