import Archive
import Dispatch
import Foundation
import Registry

/// Reads and checks a manifest's rows on other threads, a batch ahead of the one
/// being written: reading, checking and preparing rows is most of a long load's work,
/// and each row's is its own, while the archive takes one writer. At most two
/// checked batches wait, so memory stays flat however long the manifest is.
final class CheckingPipeline: @unchecked Sendable {
    /// A batch of rows, each checked; with the unreadable lines of its chunk.
    struct Batch {
        let unreadable: [RecordManifest.Unreadable]
        let rows: [RecordManifest.Row]
        let checked: [Result<(NewRecordVersion, [FieldProblem]), ManifestImport.Rejected>]
    }

    private let lock = NSLock()
    private var ready: [Batch?] = []
    private var cancelled = false
    private let filled = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore

    /// Starts reading `chunks` on a thread of its own.
    init(chunks: some Sequence<RecordManifest>, batchSize: Int, keeping: RecordKeeping, language: Language, ahead: Int = 2) {
        free = DispatchSemaphore(value: ahead)
        let source = UncheckedBox(chunks.makeIterator())
        // Each run of the checking keeps the names it folded, across batches.
        let foldings = (0..<ParallelMap.runs).map { _ in FoldedNameCache() }
        let thread = Thread { [self] in
            var iterator = source.value
            // Rows gather across chunks into batches of `batchSize` (the last may be short).
            var rows: [RecordManifest.Row] = [], unreadable: [RecordManifest.Unreadable] = [], stopped = false
            func send() {
                let checked = Self.check(rows, keeping: keeping, language: language, foldings: foldings)
                free.wait()
                stopped = !put(Batch(unreadable: unreadable, rows: rows, checked: checked))
                (rows, unreadable) = ([], [])
            }
            produce: while let manifest = iterator.next() {
                unreadable += manifest.unreadable
                var remaining = manifest.rows[...]
                while !remaining.isEmpty {
                    let taken = min(batchSize - rows.count, remaining.count)
                    rows += remaining.prefix(taken)
                    remaining = remaining.dropFirst(taken)
                    if rows.count == batchSize {
                        send()
                        if stopped { break produce }
                    }
                }
            }
            if !stopped && (!rows.isEmpty || !unreadable.isEmpty) { send() }
            free.wait()
            _ = put(nil)
        }
        thread.start()
    }

    /// The next checked batch, or nil after the last.
    func next() -> Batch? {
        filled.wait()
        lock.lock()
        let batch = ready.removeFirst()
        lock.unlock()
        free.signal()
        return batch
    }

    /// Stops reading (the writer gave up); the thread ends at its next batch. Two
    /// waits at most stand between the thread and its end (a batch's, the end's): each
    /// gets a signal.
    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
        free.signal()
        free.signal()
    }

    private func put(_ batch: Batch?) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if cancelled { return false }
        ready.append(batch)
        filled.signal()
        return true
    }

    /// Rows checked on every core, in order.
    static func check(_ rows: [RecordManifest.Row], keeping: RecordKeeping, language: Language,
                      foldings: [FoldedNameCache]) -> [Result<(NewRecordVersion, [FieldProblem]), ManifestImport.Rejected>] {
        ParallelMap.mapRuns(rows.count) { run, index in
            ManifestImport.check(rows[index], keeping: keeping, language: language, folding: foldings[run])
        }
    }
}
