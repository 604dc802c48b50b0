import Foundation
import WarRoomCore

/// The stored sample windows of one metric in time order, sliced by period with a binary search.
struct SampleSeries: Sendable {
    let metric: String
    let buckets: [SampleBucket]

    init(metric: String, buckets: [SampleBucket]) {
        self.metric = metric
        let ordered = zip(buckets, buckets.dropFirst()).allSatisfy { $0.start <= $1.start }
        self.buckets = ordered ? buckets : buckets.sorted { $0.start < $1.start }
    }

    /// The windows whose midpoint lies in `[start, end)`: a window cut by a promotion belongs to the stage
    /// it mostly lies in, so no window is counted twice and none is lost.
    func slice(from start: Date, to end: Date) -> ArraySlice<SampleBucket> {
        buckets[firstIndex(atOrAfter: start)..<firstIndex(atOrAfter: end)]
    }

    private func firstIndex(atOrAfter date: Date) -> Int {
        var low = 0, high = buckets.count
        while low < high {
            let middle = (low + high) / 2
            if Self.midpoint(buckets[middle]) < date { low = middle + 1 } else { high = middle }
        }
        return low
    }

    static func midpoint(_ bucket: SampleBucket) -> Date { bucket.start.addingTimeInterval(bucket.width / 2) }

    /// One series per metric: the plan's metrics first in plan order, then its health checks, then any
    /// other metric the journal holds samples of, by name. Plan metrics without samples get an empty series.
    static func grouped(_ buckets: [SampleBucket], plan: Plan) -> [SampleSeries] {
        var byMetric: [String: [SampleBucket]] = [:]
        for bucket in buckets { byMetric[bucket.metric, default: []].append(bucket) }
        var names = plan.metrics.map(\.name)
        names += plan.healthChecks.map(\.metricName).filter { byMetric[$0] != nil && !names.contains($0) }
        let known = Set(names)
        names += byMetric.keys.filter { !known.contains($0) }.sorted()
        return names.map { SampleSeries(metric: $0, buckets: byMetric[$0] ?? []) }
    }
}
