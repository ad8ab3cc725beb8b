import Dispatch
import Foundation

/// Maps a few items at once on all cores, keeping their order: the batch form of
/// the import's worker pool, for commands that hold their inputs already.
public enum ParallelMap {
    /// `transform` of every item, in order; at most `items.count` run at once.
    public static func map<Item: Sendable, Output: Sendable>(_ items: [Item],
                                                             _ transform: @Sendable (Item) -> Output) -> [Output] {
        let slots = Slots<Output>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots.set(index, transform(items[index]))
        }
        return slots.values()
    }

    /// `transform` of each index in 0..<count, in order, the indices cut into one run per
    /// core: for many small items (manifest rows), where a task per item would cost
    /// more than the item.
    public static func mapIndices<Output: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> Output) -> [Output] {
        let cores = max(ProcessInfo.processInfo.activeProcessorCount, 1)
        let size = max((count + cores - 1) / cores, 1)
        let runs = stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
        return map(runs) { run in run.map(transform) }.flatMap { $0 }
    }

    /// Results written from several threads, read once all are done.
    private final class Slots<Output>: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [Output?]

        init(count: Int) { storage = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ value: Output) {
            lock.lock()
            storage[index] = value
            lock.unlock()
        }

        func values() -> [Output] {
            lock.lock()
            defer { lock.unlock() }
            return storage.map { $0! }
        }
    }
}
