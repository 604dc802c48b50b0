import Foundation

extension Backtest {
    /// What a recording holds for a backtest: a sample, or the time of a log line, where the clock moved then.
    /// Small on purpose (a log brings one per line), unlike `Event`.
    public enum Recorded: Sendable, Hashable {
        case sample(MetricSample)
        case clock(Date)

        public var time: Date {
            switch self {
            case .sample(let sample): sample.time
            case .clock(let time): time
            }
        }
    }

    /// Several sources, each already in time order, as one stream in time order: a k-way merge that looks only at
    /// each source's next item, so no recording is held or sorted whole. Equal times go in source order, as a
    /// stable sort of the sources laid end to end would put them. There are a handful of sources (the plan's files
    /// and logs), so the next one is found by a look at every head rather than a heap.
    public struct Merge: Sequence, IteratorProtocol {
        private var sources: [AnyIterator<Recorded>]
        /// Each source's next item, nil once it is over.
        private var heads: [Recorded?]

        /// `sources` must each be in time order (`RecordedStreams` sorts a file that is not, and says so).
        public init(_ sources: [AnyIterator<Recorded>]) {
            self.sources = sources
            self.heads = sources.map { $0.next() }
        }

        /// Samples already in memory, one array a source.
        public init(samples: [[MetricSample]]) {
            self.init(samples.map { AnyIterator($0.lazy.map(Recorded.sample).makeIterator()) })
        }

        public mutating func next() -> Recorded? {
            var best: Int?
            for index in heads.indices {
                guard let head = heads[index] else { continue }
                // Strictly earlier only: on a tie the earlier source keeps its place.
                if let chosen = best, let current = heads[chosen], current.time <= head.time { continue }
                best = index
            }
            guard let best, let head = heads[best] else { return nil }
            heads[best] = sources[best].next()
            return head
        }
    }
}
