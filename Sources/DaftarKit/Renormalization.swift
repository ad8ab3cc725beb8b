import Archive
import Foundation
import Imaging

/// Rebuilds sources' pages from their archived originals with new normalization options.
/// Each file is all or nothing (one transaction); a failed file is named and the run goes
/// on. A source keeps the options it was last built with, and a later run starts from
/// them: a file whose options would not change is left as it is unless `force`, so a run
/// cut short is finished by running it again.
public struct Renormalization: Sendable {
    public let store: ArchiveStore
    /// Who runs it; the pixel limit and the cores to use (the options' normalization is ignored).
    public let options: ImportOptions

    public init(store: ArchiveStore, options: ImportOptions) {
        self.store = store
        self.options = options
    }

    /// What a run did.
    public struct Summary: Encodable, Sendable, Equatable {
        /// Files rebuilt, and their pages after the run.
        public var sources = 0
        public var pages: [Int64] = []
        /// Files already built with the options asked for (left as they were).
        public var unchanged = 0
        public var failed: [ImportSummary.Rejection] = []
        public var warnings: [ImportSummary.QualityWarning] = []
        /// Records moved off pages that a new layout removed.
        public var movedRecords: [ArchiveStore.RecordPageMove] = []
        /// Set when the archive stopped the run (busy, unwritable): the files after it were not tried.
        public var stopped: String?

        public init() {}
    }

    /// Rebuilds `sources` in order, a core's worth decoded at once; `change` gives each
    /// file's options from the ones it was last built with (nil: not kept).
    public func run(_ sources: [SourceRecord], force: Bool,
                    change: (NormalizationOptions?) -> NormalizationOptions) -> Summary {
        var summary = Summary()
        var work: [(source: SourceRecord, options: NormalizationOptions)] = []
        for source in sources {
            let stored = StoredNormalization(json: source.normalizationOptions)
            var wanted = change(stored.map { $0.options(over: options.normalization) })
            wanted.maxPixels = options.maxPixels
            if !force, let stored, stored == StoredNormalization(wanted) {
                summary.unchanged += 1
                continue
            }
            work.append((source, wanted))
        }
        for start in stride(from: 0, to: work.count, by: options.workers) {
            let batch = Array(work[start..<min(work.count, start + options.workers)])
            let originals: [[UInt8]?]
            do {
                originals = try batch.map { item throws(ArchiveError) in try store.blob(sha256: item.source.sha256) }
            } catch {
                summary.stopped = error.description
                return summary
            }
            let base = options
            let results = ParallelMap.map(Array(batch.indices)) { index in
                var fileOptions = base
                fileOptions.normalization = batch[index].options
                return originals[index].map { SourceProcessor(options: fileOptions).normalizePages(of: $0) }
            }
            for (item, result) in zip(batch, results) {
                if let stop = write(item.source, item.options, result, into: &summary) {
                    summary.stopped = stop
                    return summary
                }
            }
        }
        return summary
    }

    /// Writes one file's new pages, or notes why it could not be rebuilt; returns the reason
    /// the whole run must stop (the archive busy or not writable), if it must.
    private func write(_ source: SourceRecord, _ options: NormalizationOptions,
                       _ result: Result<(format: String, pages: [NewPage]), SourceProcessor.ReadFailure>?,
                       into summary: inout Summary) -> String? {
        guard let id = source.id, let result else {
            summary.failed.append(.init(path: source.path, error: "original is missing from the archive"))
            return nil
        }
        switch result {
        case .failure(let failure):
            summary.failed.append(.init(path: source.path, error: failure.message))
        case .success(let (_, pages)):
            let stored = StoredNormalization(options)
            do {
                let replaced = try store.replacePages(sourceId: id, with: pages, operator: self.options.operator,
                                                      options: stored.json, described: stored.described)
                summary.sources += 1
                summary.pages += replaced.pages
                summary.movedRecords += replaced.moves
                summary.warnings += ImportSummary.QualityWarning.warnings(path: source.path, name: source.name, pages: pages)
            } catch .database(_, let message) {
                summary.failed.append(.init(path: source.path, error: message))
            } catch {
                return error.description
            }
        }
        return nil
    }
}
