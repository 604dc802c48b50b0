import Dispatch
import Foundation
import Synchronization

/// Work over a long array split into one contiguous chunk per core, results back in order. Decoding and
/// encoding JSON is most of a resume or an export of a big journal, and each item is independent.
enum Chunked {
    /// Below this many items a single pass costs less than starting threads.
    static let minimumItems = 4_096

    static func map<Item: Sendable, Result: Sendable>(
        _ items: [Item], _ transform: @Sendable (ArraySlice<Item>) throws -> Result
    ) throws -> [Result] {
        let chunks = items.count < minimumItems ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        guard chunks > 1 else { return [try transform(items[...])] }
        let size = (items.count + chunks - 1) / chunks
        let results = Mutex<[Int: Swift.Result<Result, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: chunks) { index in
            let slice = items[min(index * size, items.count)..<min((index + 1) * size, items.count)]
            let outcome = Swift.Result { try transform(slice) }
            results.withLock { $0[index] = outcome }
        }
        return try results.withLock { finished in try (0..<chunks).map { try finished[$0]!.get() } }
    }
}
