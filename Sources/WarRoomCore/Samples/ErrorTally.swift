import Foundation

/// Error lines counted per second of their event time: a per-minute rate that stays exact at any rate, in memory
/// that grows with the seconds covered, never with the number of lines.
public struct ErrorTally: Sendable, Hashable, Codable {
    /// One second's count; `second` is the whole seconds since 1970 that the lines' times fall in.
    public struct Bucket: Sendable, Hashable, Codable {
        public var second: Int64
        public var count: Int
    }

    /// Oldest second first, each second once.
    public private(set) var buckets: [Bucket] = []

    public init() {}

    public init(_ times: some Sequence<Date>) {
        for time in times { add(time) }
    }

    /// Every line counted.
    public var total: Int { buckets.reduce(0) { $0 + $1.count } }

    /// Counts `count` lines dated `time`.
    public mutating func add(_ time: Date, count: Int = 1) {
        add(second: Self.second(of: time), count: count)
    }

    /// Adds every bucket of `other`.
    public mutating func add(_ other: ErrorTally) {
        for bucket in other.buckets { add(second: bucket.second, count: bucket.count) }
    }

    /// The lines dated after `start` and no later than `end`, to the second: a second is in when its start is.
    public func count(after start: Date, through end: Date) -> Int {
        let first = firstIndex(after: start.timeIntervalSince1970)
        var count = 0
        for bucket in buckets[first...] {
            guard Double(bucket.second) <= end.timeIntervalSince1970 else { break }
            count += bucket.count
        }
        return count
    }

    /// Forgets the seconds that `count(after:through:)` with these bounds would not count.
    public mutating func keep(after start: Date, through end: Date) {
        buckets.removeSubrange(..<firstIndex(after: start.timeIntervalSince1970))
        while let last = buckets.last, Double(last.second) > end.timeIntervalSince1970 { buckets.removeLast() }
    }

    mutating func add(second: Int64, count: Int) {
        guard count > 0 else { return }
        // Lines come mostly in time order: the newest second is where nearly every line goes.
        if let last = buckets.last, last.second <= second {
            if last.second == second { buckets[buckets.count - 1].count += count } else { buckets.append(Bucket(second: second, count: count)) }
            return
        }
        let index = firstIndex(after: Double(second) - 1)
        if index < buckets.count, buckets[index].second == second {
            buckets[index].count += count
        } else {
            buckets.insert(Bucket(second: second, count: count), at: index)
        }
    }

    /// The first bucket whose second lies after `time` (seconds since 1970).
    private func firstIndex(after time: Double) -> Int {
        var low = 0, high = buckets.count
        while low < high {
            let middle = (low + high) / 2
            if Double(buckets[middle].second) > time { high = middle } else { low = middle + 1 }
        }
        return low
    }

    private static func second(of time: Date) -> Int64 {
        let seconds = time.timeIntervalSince1970.rounded(.down)
        // Times beyond what an Int64 of seconds holds are not real log times; keep them at the edge, never trap.
        return seconds.isFinite ? Int64(max(-9.2e18, min(9.2e18, seconds))) : 0
    }
}
