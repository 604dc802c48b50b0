import WarRoomCore

/// Copies every entry and sample window of one journal into another, whichever stores they are: to archive a shared
/// journal beside its post-mortem, or to move a solo war room onto the shared database mid-release. The destination
/// is opened by the caller, with the source's stored plan, so a destination for another release is refused there.
///
/// A copy is safe to repeat: entries are appended by id (``JournalStore/identifiedEntries(after:)``), so a second run,
/// or a run after one interrupted between batches, stores only what is missing; a sample window already stored keeps
/// its first writer's figures. Checkpoints are not copied: they are an optimisation the destination rebuilds.
public struct JournalCopy {
    /// What a copy did.
    public struct Summary: Sendable, Hashable {
        /// Entries stored by this copy.
        public var copied: Int
        /// Entries the destination held already (by id), from an earlier copy.
        public var alreadyThere: Int
        /// The source's sample windows, each offered to the destination.
        public var sampleWindows: Int
    }

    /// Entries, or sample windows, a transaction: an interrupted copy loses at most one batch's work, and a batch of
    /// this size commits well within a shared journal's deadline.
    public static let defaultBatchSize = 1_000

    public let source: any JournalStore
    public let destination: any JournalStore
    public var batchSize: Int

    public init(from source: any JournalStore, to destination: any JournalStore, batchSize: Int = defaultBatchSize) {
        self.source = source
        self.destination = destination
        self.batchSize = max(1, batchSize)
    }

    public func run() throws(JournalError) -> Summary {
        let entries = try source.identifiedEntries(after: 0)
        // Entries already there are left out rather than sent again: nothing to write, and counted for the summary.
        // Appending by id keeps a race with another copy harmless all the same.
        let present = Set(try destination.identifiedEntries(after: 0).map(\.id))
        let missing = entries.filter { !present.contains($0.id) }
        try inBatches(missing) { batch throws(JournalError) in try destination.append(batch, lockWait: nil) }
        let samples = try source.samples(of: nil)
        try inBatches(samples) { batch throws(JournalError) in try destination.append(samples: batch, lockWait: nil) }
        return Summary(copied: missing.count, alreadyThere: entries.count - missing.count, sampleWindows: samples.count)
    }

    /// Writes `items` a batch at a time, in order, each batch in one transaction.
    private func inBatches<Item>(_ items: [Item], _ write: ([Item]) throws(JournalError) -> Void) throws(JournalError) {
        for start in stride(from: 0, to: items.count, by: batchSize) {
            try write(Array(items[start..<min(start + batchSize, items.count)]))
        }
    }
}
