import Foundation
import WarRoomCore

/// What a metric did over some stored windows: the extremes and average of every sample, and the p99
/// of the windows' means (the journal keeps 10-second windows, not each sample, so a true p99 is gone).
struct MetricStats: Sendable, Hashable {
    var windows: Int
    var samples: Int
    var min: Double
    var max: Double
    /// Sum over count of every sample, not the mean of the windows' means.
    var average: Double
    /// The 99th percentile (nearest rank) of the windows' means.
    var p99: Double

    /// Nil when there are no windows: the caller says "no samples".
    init?(_ buckets: ArraySlice<SampleBucket>) {
        guard !buckets.isEmpty else { return nil }
        var low = Double.infinity, high = -Double.infinity, sum = 0.0, count = 0
        var means: [Double] = []
        means.reserveCapacity(buckets.count)
        for bucket in buckets {
            low = Swift.min(low, bucket.min)
            high = Swift.max(high, bucket.max)
            sum += bucket.sum
            count += bucket.count
            means.append(bucket.mean)
        }
        means.sort()
        windows = buckets.count
        samples = count
        min = low
        max = high
        average = count > 0 ? sum / Double(count) : means[means.count / 2]
        p99 = Self.nearestRank(0.99, of: means)
    }

    /// The smallest value with at least `fraction` of the values at or below it.
    static func nearestRank(_ fraction: Double, of sorted: [Double]) -> Double {
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
    }
}
