import Foundation

/// Gathers live samples into ``SampleBucket``s and hands over each window once it can no longer change much.
///
/// A window is closed `grace` after its end, so samples that arrive a little late (a slow poll, a file written in
/// batches) still land in it; a sample for a window already handed over starts a new partial bucket, which the
/// journal keeps only if it has none for that window (documented in docs/journal-schema.md).
public struct SampleDownsampler: Sendable {
    private struct Key: Hashable {
        var metric: String
        var start: Date
    }

    /// A window still gathering, with the event time of the sample that set its `last`.
    private struct Gathering {
        var bucket: SampleBucket
        var lastTime: Date

        /// `last` follows event time, so a late sample does not become it.
        mutating func add(_ sample: MetricSample) {
            bucket.count += 1
            bucket.min = min(bucket.min, sample.value)
            bucket.max = max(bucket.max, sample.value)
            bucket.sum += sample.value
            if sample.time >= lastTime {
                bucket.last = sample.value
                lastTime = sample.time
            }
        }
    }

    private var open: [Key: Gathering] = [:]
    public let width: TimeInterval
    public let grace: TimeInterval

    /// 10-second windows: 8,640 rows per metric for a day, and at the usual 10–15 s poll interval about one
    /// sample each, so the charts and per-stage figures lose almost nothing.
    public static let defaultWidth: TimeInterval = 10

    public init(width: TimeInterval = defaultWidth, grace: TimeInterval = 30) {
        self.width = width
        self.grace = grace
    }

    public mutating func add(_ sample: MetricSample) {
        guard sample.value.isFinite else { return }
        let bucket = SampleBucket(sample, width: width)
        let key = Key(metric: sample.name, start: bucket.start)
        if open[key] == nil {
            open[key] = Gathering(bucket: bucket, lastTime: sample.time)
        } else {
            open[key]!.add(sample)
        }
    }

    /// The windows that ended at least `grace` before `now`, oldest first; they are forgotten here.
    public mutating func takeClosed(now: Date) -> [SampleBucket] {
        let grace = grace
        return take { $0.end.addingTimeInterval(grace) <= now }
    }

    /// Every window, closed or not: for the end of a session.
    public mutating func takeAll() -> [SampleBucket] { take { _ in true } }

    /// Windows not yet handed over.
    public var pendingCount: Int { open.count }

    private mutating func take(where closed: (SampleBucket) -> Bool) -> [SampleBucket] {
        let keys = open.filter { closed($0.value.bucket) }.keys
        let buckets = keys.compactMap { open.removeValue(forKey: $0)?.bucket }
        return buckets.sorted { ($0.start, $0.metric) < ($1.start, $1.metric) }
    }
}
