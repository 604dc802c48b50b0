import Foundation
import WarRoomCore

/// A stored sample window as the JSON and NDJSON exports write it, with its mean worked out. Written by
/// ``append(_:type:to:)``; `Encodable` is the reference that writer is tested against.
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

extension ExportedSample {
    /// Appends the window's JSON object, keys sorted.
    static func append(_ bucket: SampleBucket, type: String? = nil, to bytes: inout [UInt8]) {
        JSONObjectText.append(to: &bytes) { object in
            object.add("count", integer: Int64(bucket.count))
            object.add("last", number: bucket.last)
            object.add("max", number: bucket.max)
            object.add("mean", number: bucket.mean)
            object.add("metric", string: bucket.metric)
            object.add("min", number: bucket.min)
            object.add("start", string: UTCFormat.iso8601(bucket.start))
            object.add("sum", number: bucket.sum)
            if let type { object.add("type", string: type) }
            object.add("unix", number: bucket.start.timeIntervalSince1970)
            object.add("width", number: bucket.width)
        }
    }
}
