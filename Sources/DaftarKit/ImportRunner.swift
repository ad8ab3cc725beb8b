import Archive
import Dispatch
import Imaging
import Logging

/// Imports files into the archive: several workers decode and normalize,
/// one writer commits each file in its own transaction, in input order.
///
/// At most `workers + 2` files are in flight (read, decoded or waiting to be
/// written), whatever the batch size, so memory stays flat. A crash between
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
        let window = options.workers + 2

        let result: Result<ImportSummary, ArchiveError> = await withTaskGroup(of: (Int, SourceProcessor.Outcome).self) { group in
            var next = 0
            var nextToWrite = 0
            var finished: [Int: SourceProcessor.Outcome] = [:]
            func startNext() {
                guard next < files.count else { return }
                let index = next
                let path = files[index]
                next += 1
                let logger = self.logger
                group.addTask {
                    let clock = ContinuousClock()
                    let start = clock.now
                    let outcome = processor.process(path: path) { sha in try store.sourceID(sha256: sha) != nil }
                    logger.debug("processed \(path) in \(clock.now - start)")
                    return (index, outcome)
                }
            }
            for _ in 0..<window { startNext() }
            while let (index, outcome) = await group.next() {
                finished[index] = outcome
                while let ready = finished.removeValue(forKey: nextToWrite) {
                    let path = files[nextToWrite]
                    nextToWrite += 1
                    do throws(ArchiveError) {
                        try await record(ready, path: path, into: &summary, report: report)
                    } catch {
                        group.cancelAll()
                        return .failure(error)
                    }
                    startNext()
                }
            }
            return .success(summary)
        }
        return try result.get()
    }

    private func record(_ outcome: SourceProcessor.Outcome, path: String, into summary: inout ImportSummary,
                        report: (ImportEvent) -> Void) async throws(ArchiveError) {
        switch outcome {
        case .alreadyArchived:
            summary.duplicates += 1
            report(.duplicate(path: path))
        case .rejected(let reason):
            summary.rejected.append(.init(path: path, error: reason))
            report(.rejected(path: path, reason: reason))
        case .ready(let source):
            let warnings = ImportSummary.QualityWarning.warnings(path: source.path, name: source.name, pages: source.pages)
            switch try await writeOffThePool(source) {
            case .imported(let sourceId, let pages):
                logger.debug("committed \(path) as source \(sourceId) with \(pages) page(s)")
                summary.imported += 1
                summary.pages += pages
                summary.warnings += warnings
                report(.imported(path: path, pages: pages, warnings: warnings))
            case .alreadyArchived:
                summary.duplicates += 1
                report(.duplicate(path: path))
            }
        }
    }

    /// The archive's writes run on their own thread: a commit waits on fsync, and a
    /// cooperative thread blocked there would leave a core without decoding work.
    private static let writerQueue = DispatchQueue(label: "daftar.archive-writer")

    private func writeOffThePool(_ source: NewSource) async throws(ArchiveError) -> SourceWriteOutcome {
        let store = self.store
        let result: Result<SourceWriteOutcome, ArchiveError> = await withCheckedContinuation { continuation in
            Self.writerQueue.async {
                do throws(ArchiveError) {
                    continuation.resume(returning: .success(try store.write(source)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
