import Foundation
import WarRoomCore

/// A stored sample window as the JSON and NDJSON exports write it, with its mean worked out.
struct ExportedSample: Codable, Hashable {
    /// `"sample"` on an NDJSON line; absent inside the JSON document's `samples` array.
    var type: String?
    var metric: String
    /// The window's start as `2025-03-04T10:15:00.000Z`.
    var start: String
    /// The window's start in seconds since 1970 UTC.
    var unix: Double
    var width: Double
    var count: Int
    var min: Double
    var max: Double
    var sum: Double
    var last: Double
    /// `sum / count`, for readers that chart the windows directly.
    var mean: Double

    init(_ bucket: SampleBucket, type: String? = nil) {
        self.type = type
        metric = bucket.metric
        start = UTCFormat.iso8601(bucket.start)
        unix = bucket.start.timeIntervalSince1970
        width = bucket.width
        count = bucket.count
        min = bucket.min
        max = bucket.max
        sum = bucket.sum
        last = bucket.last
        mean = bucket.mean
    }

    /// The stored window back.
    var bucket: SampleBucket {
        SampleBucket(metric: metric, start: Date(timeIntervalSince1970: unix), width: width, count: count,
                     min: min, max: max, sum: sum, last: last)
    }
}
