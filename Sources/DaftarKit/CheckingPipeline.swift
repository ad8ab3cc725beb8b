import Archive
import Dispatch
import Foundation
import Registry

/// Reads and checks a manifest's rows on other threads, a batch ahead of the one
/// being written: reading, checking and preparing rows is most of a long load's work,
/// and each row's is its own, while the archive takes one writer. At most four
/// checked batches wait (enough to keep checking while a commit waits for the disk),
/// so memory stays flat however long the manifest is.
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
    /// What the writer is done with, freed here (a batch is a few hundred thousand
    /// small objects), on the pipeline's thread of lowered priority.
    private var spent: [Any] = []

    /// Starts reading `chunks` on a thread of its own.
    init(chunks: some Sequence<ManifestChunk>, batchSize: Int, keeping: RecordKeeping, language: Language, ahead: Int = 4) {
        free = DispatchSemaphore(value: ahead)
        let source = UncheckedBox(chunks.makeIterator())
        let crew = BackgroundCrew()
        // Each run of the checking keeps the names it folded, across batches.
        let foldings = (0..<crew.runs).map { _ in FoldedNameCache() }
        let thread = Thread { [self] in
            crew.lowerCallerPriority()
            defer { crew.stop() }
            var iterator = source.value
            // Rows and unread lines gather across chunks into batches of `batchSize` (the last may be short).
            var items: [Item] = [], unreadable: [RecordManifest.Unreadable] = [], stopped = false
            func send() {
                let batch = Self.check(items, unreadable: unreadable, keeping: keeping, language: language, foldings: foldings,
                                       crew: crew)
                lock.lock()
                let done = spent
                spent = []
                lock.unlock()
                withExtendedLifetime(done) {}
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

    /// Hands the writer's finished work to the pipeline's thread to free.
    func dispose(_ value: some Any) {
        lock.lock()
        spent.append(value)
        lock.unlock()
    }

    /// Items read and checked on every core (by `crew`), in order, as a batch.
    static func check(_ items: [Item], unreadable: [RecordManifest.Unreadable], keeping: RecordKeeping, language: Language,
                      foldings: [FoldedNameCache], crew: BackgroundCrew) -> Batch {
        typealias Checked = Result<(NewRecordVersion, [FieldProblem]), ManifestImport.Rejected>
        typealias Read = Result<(RecordManifest.Row, Checked)?, RecordManifest.Unreadable>
        let outputs = RunOutputs<Read>(runs: crew.runs)
        let size = max((items.count + crew.runs - 1) / crew.runs, 1)
        let shared = UncheckedBox(items)
        crew.perform { run in
            let items = shared.value
            let indices = min(run * size, items.count)..<min(run * size + size, items.count)
            outputs.set(run, indices.map { index in read(items[index], run: run) })
        }
        @Sendable func read(_ item: Item, run: Int) -> Read {
            let row: RecordManifest.Row
            switch item {
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
        let results = outputs.joined()
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

    /// Each run's outputs, written by that run alone, read once all are done.
    private final class RunOutputs<Output>: @unchecked Sendable {
        private let runs: Int
        private let slots: UnsafeMutablePointer<[Output]>

        init(runs: Int) {
            self.runs = runs
            slots = .allocate(capacity: runs)
            slots.initialize(repeating: [], count: runs)
        }

        deinit {
            slots.deinitialize(count: runs)
            slots.deallocate()
        }

        func set(_ run: Int, _ outputs: [Output]) { slots[run] = outputs }

        func joined() -> [Output] { (0..<runs).flatMap { slots[$0] } }
    }
}
