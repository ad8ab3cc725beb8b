import Archive
import Dispatch
import Imaging
import Logging

/// Imports files into the archive: several workers decode and normalize,
/// one writer commits each file in its own transaction, in input order.
///
/// At most `workers + 3` files are in flight (read, decoded or waiting to be
/// written), whatever the batch size, so memory stays flat. A finished file frees
/// its worker at once: decoding goes on while the writer commits. A crash between
/// two commits loses nothing already committed, and re-running the same
/// import skips what was stored (same SHA-256) and finishes the rest.
public struct ImportRunner: Sendable {
    public let store: ArchiveStore
    public let options: ImportOptions
    /// Per-file diagnostics at debug level (`daftar --verbose`).
    public let logger: Logger

    public init(store: ArchiveStore, options: ImportOptions, logger: Logger = Logger(label: "daftar.import")) {
        self.store = store
        self.options = options
        self.logger = logger
    }

    /// Imports every file under `paths`; `report` hears about each file as it is finished.
    /// Throws only when the archive itself fails (busy past the timeout, disk error).
    public func run(paths: [String], report: @Sendable (ImportEvent) -> Void = { _ in }) async throws(ArchiveError) -> ImportSummary {
        var summary = ImportSummary()
        let (files, problems) = FileCollector.collect(paths, excluding: [store.path])
        report(.started(files: files.count + problems.count))
        for problem in problems {
            summary.rejected.append(.init(path: problem.path, error: problem.reason))
            report(.rejected(path: problem.path, reason: problem.reason))
        }
        let processor = SourceProcessor(options: options)
        let store = self.store
        let logger = self.logger
        // Files being decoded plus files decoded and waiting for (or in) their write. The
        // writer's pace varies (a WAL checkpoint now and then); the slack lets the workers
        // run ahead of it instead of waiting.
        let workers = options.workers, window = options.workers + 3

        enum Step: Sendable {
            case processed(index: Int, outcome: SourceProcessor.Outcome)
            case written(index: Int, result: Result<SourceWriteOutcome, ArchiveError>)
        }

        let result: Result<ImportSummary, ArchiveError> = await withTaskGroup(of: Step.self) { group in
            var next = 0, nextToWrite = 0, occupied = 0, decoding = 0
            var finished: [Int: SourceProcessor.Outcome] = [:]
            var inWrite: (path: String, warnings: [ImportSummary.QualityWarning])?

            // Keeps every worker decoding while the window has room.
            func startMore() {
                while decoding < workers && occupied < window && next < files.count {
                    let index = next, path = files[index]
                    next += 1
                    occupied += 1
                    decoding += 1
                    group.addTask {
                        let outcome = await Self.onWorkerThread {
                            let clock = ContinuousClock()
                            let start = clock.now
                            let outcome = processor.process(path: path) { sha in try store.sourceID(sha256: sha) != nil }
                            logger.debug("processed \(path) in \(clock.now - start)")
                            return outcome
                        }
                        return .processed(index: index, outcome: outcome)
                    }
                }
            }
            // Settles finished files in input order: those that need no write at once, the
            // next one that does goes to the writer (one write at a time).
            func advance() {
                while inWrite == nil, let ready = finished.removeValue(forKey: nextToWrite) {
                    let index = nextToWrite, path = files[index]
                    switch ready {
                    case .ready(let source):
                        inWrite = (path, ImportSummary.QualityWarning.warnings(path: source.path, name: source.name,
                                                                               pages: source.pages))
                        group.addTask { .written(index: index, result: await Self.write(source, to: store)) }
                    case .alreadyArchived:
                        summary.duplicates += 1
                        report(.duplicate(path: path))
                        nextToWrite += 1
                        occupied -= 1
                    case .rejected(let reason):
                        summary.rejected.append(.init(path: path, error: reason))
                        report(.rejected(path: path, reason: reason))
                        nextToWrite += 1
                        occupied -= 1
                    }
                }
            }

            startMore()
            while let step = await group.next() {
                switch step {
                case .processed(let index, let outcome):
                    finished[index] = outcome
                    decoding -= 1
                case .written(_, let result):
                    let (path, warnings) = inWrite!
                    inWrite = nil
                    nextToWrite += 1
                    occupied -= 1
                    switch result {
                    case .failure(let error):
                        group.cancelAll()
                        return .failure(error)
                    case .success(.imported(let sourceId, let pages)):
                        logger.debug("committed \(path) as source \(sourceId) with \(pages) page(s)")
                        summary.imported += 1
                        summary.pages += pages
                        summary.warnings += warnings
                        report(.imported(path: path, pages: pages, warnings: warnings))
                    case .success(.alreadyArchived):
                        summary.duplicates += 1
                        report(.duplicate(path: path))
                    }
                }
                advance()
                startMore()
            }
            return .success(summary)
        }
        return try result.get()
    }

    /// The archive's writes run on their own thread: a commit waits on fsync, and a
    /// cooperative thread blocked there would leave a core without decoding work.
    private static let writerQueue = DispatchQueue(label: "daftar.archive-writer")

    /// Decoding runs on threads of its own too. On the cooperative threads a page of
    /// work (0.1-0.25 s) held them from the loop that hands files to the writer and
    /// starts the next ones: a quarter of an import's time had a core without work.
    private static let workerQueue = DispatchQueue(label: "daftar.import-worker", attributes: .concurrent)

    private static func onWorkerThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            workerQueue.async { continuation.resume(returning: work()) }
        }
    }

    private static func write(_ source: NewSource, to store: ArchiveStore) async -> Result<SourceWriteOutcome, ArchiveError> {
        await withCheckedContinuation { continuation in
            writerQueue.async {
                do throws(ArchiveError) {
                    continuation.resume(returning: .success(try store.write(source)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
    }
}
