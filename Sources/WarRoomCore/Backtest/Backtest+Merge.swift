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
    ///
    /// Sources hand over a chunk of items at a time: a log brings one item a line, and asking a source for each
    /// one (through `AnyIterator`, then the source's own buffer) cost more than the merge itself.
    public struct Merge: Sequence, IteratorProtocol {
        private var sources: [AnyIterator<[Recorded]>]
        /// Each source's current chunk and the position of its next item in it; an empty chunk once it is over.
        private var heads: [Head]

        private struct Head {
            var chunk: [Recorded]
            var position = 0

            var next: Recorded? { position < chunk.count ? chunk[position] : nil }
        }

        /// `sources` must each be in time order (`RecordedStreams` sorts a file that is not, and says so), chunk
        /// after chunk; an empty chunk is skipped, nil ends the source.
        public init(chunks sources: [AnyIterator<[Recorded]>]) {
            self.sources = sources
            self.heads = sources.map { _ in Head(chunk: []) }
            for index in heads.indices { refill(index) }
        }

        /// Sources read an item at a time.
        public init(_ sources: [AnyIterator<Recorded>]) {
            self.init(chunks: sources.map { source in AnyIterator { source.next().map { [$0] } } })
        }

        /// Samples already in memory, one array a source.
        public init(samples: [[MetricSample]]) {
            self.init(chunks: samples.map { samples in
                var chunks = [samples.map(Recorded.sample)].makeIterator()
                return AnyIterator { chunks.next() }
            })
        }

        public mutating func next() -> Recorded? {
            var best: Int?
            var bestTime = Date.distantFuture
            for index in heads.indices {
                guard let head = heads[index].next else { continue }
                // Strictly earlier only: on a tie the earlier source keeps its place.
                if best != nil, bestTime <= head.time { continue }
                best = index
                bestTime = head.time
            }
            guard let best, let head = heads[best].next else { return nil }
            heads[best].position += 1
            if heads[best].position == heads[best].chunk.count { refill(best) }
            return head
        }

        /// The source's next chunk that holds anything, or an empty one at its end. The spent chunk is let go only
        /// once the next is read: freed first, its memory went back to the system and every chunk faulted it in anew.
        private mutating func refill(_ index: Int) {
            while let chunk = sources[index].next() {
                guard chunk.isEmpty else {
                    heads[index] = Head(chunk: chunk)
                    return
                }
            }
            heads[index] = Head(chunk: [])
        }
    }
}
