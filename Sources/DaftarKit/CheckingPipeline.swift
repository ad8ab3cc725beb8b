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
    init(chunks: some Sequence<ManifestChunk>, batchSize: Int, keeping: RecordKeeping, language: Language, ahead: Int = 2) {
        free = DispatchSemaphore(value: ahead)
        let source = UncheckedBox(chunks.makeIterator())
        // Each run of the checking keeps the names it folded, across batches.
        let foldings = (0..<ParallelMap.runs).map { _ in FoldedNameCache() }
        let thread = Thread { [self] in
            var iterator = source.value
            // Rows and unread lines gather across chunks into batches of `batchSize` (the last may be short).
            var items: [Item] = [], unreadable: [RecordManifest.Unreadable] = [], stopped = false
            func send() {
                let batch = Self.check(items, unreadable: unreadable, keeping: keeping, language: language, foldings: foldings)
                free.wait()
                stopped = !put(batch)
                (items, unreadable) = ([], [])
            }
            produce: while let chunk = iterator.next() {
                let given: [Item]
                switch chunk {
                case .rows(let manifest):
                    unreadable += manifest.unreadable
                    given = manifest.rows.map(Item.row)
                case .jsonLines(let lines):
                    given = lines.lines.indices.map { Item.line(lines, $0) }
                }
                var remaining = given[...]
                while !remaining.isEmpty {
                    let taken = min(batchSize - items.count, remaining.count)
                    items += remaining.prefix(taken)
                    remaining = remaining.dropFirst(taken)
                    if items.count == batchSize {
                        send()
                        if stopped { break produce }
                    }
                }
            }
            if !stopped && (!items.isEmpty || !unreadable.isEmpty) { send() }
            free.wait()
            _ = put(nil)
        }
        thread.start()
    }

    /// A row to check, or a line to read and then check.
    enum Item {
        case row(RecordManifest.Row)
        case line(JSONLinesChunk, Int)
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

    /// Items read and checked on every core, in order, as a batch.
    static func check(_ items: [Item], unreadable: [RecordManifest.Unreadable], keeping: RecordKeeping, language: Language,
                      foldings: [FoldedNameCache]) -> Batch {
        typealias Checked = Result<(NewRecordVersion, [FieldProblem]), ManifestImport.Rejected>
        let results = ParallelMap.mapRuns(items.count) { run, index -> Result<(RecordManifest.Row, Checked)?, RecordManifest.Unreadable> in
            let row: RecordManifest.Row
            switch items[index] {
            case .row(let given): row = given
            case .line(let chunk, let line):
                switch chunk.row(line) {
                case .success(let read?): row = read
                case .success(nil): return .success(nil)
                case .failure(let reason): return .failure(reason)
                }
            }
            return .success((row, ManifestImport.check(row, keeping: keeping, language: language, folding: foldings[run])))
        }
        var rows: [RecordManifest.Row] = [], checked: [Checked] = [], unread = unreadable
        rows.reserveCapacity(results.count)
        checked.reserveCapacity(results.count)
        for result in results {
            switch result {
            case .success(let (row, outcome)?):
                rows.append(row)
                checked.append(outcome)
            case .success(nil): break
            case .failure(let reason): unread.append(reason)
            }
        }
        return Batch(unreadable: unread, rows: rows, checked: checked)
    }
}
