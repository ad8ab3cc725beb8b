import Archive
import Dispatch
import Foundation
import Registry

/// Stores the records of a manifest, each row all or nothing: rows that check out
/// are added, rows already in the archive (the manifest imported before) are not
/// added twice, and each refused row keeps its line and every problem.
public struct ManifestImport: Sendable {
    public let keeping: RecordKeeping

    public init(keeping: RecordKeeping) {
        self.keeping = keeping
    }

    /// A row that was not stored, with one line per problem.
    public struct Rejected: Error, Sendable, Codable, Equatable {
        public let line: Int
        public let errors: [String]
    }

    public struct Outcome: Sendable, Codable, Equatable {
        public var imported: [Int64] = []
        /// Records the manifest holds that were already in the archive.
        public var alreadyRecorded: [Int64] = []
        public var rejected: [Rejected] = []

        public init() {}
    }

    /// Rows checked together and written as one group (and one event).
    public static let batchSize = 2000

    /// Rows stored per transaction, in groups of `batchSize`: a crash loses at most one
    /// transaction, which a re-run adds. Fewer commits rewrite the act-number index
    /// fewer times (1M records: 60.4 s against 61-62 s with 20,000); a transaction of
    /// this size holds the archive for about 3 s, well within another writer's 10 s wait.
    public static let transactionSize = 50_000

    /// Records added by one run after which the name index is merged into one segment.
    static let optimizeAfter = 10_000

    /// Stores `manifest`'s rows; `pages` finds the pages of each row (or says why
    /// there are none).
    public func run(_ manifest: RecordManifest, confirmed: Bool, language: Language, operator: String,
                    pages: (RecordManifest.Row) throws(ArchiveError) -> Result<[Int64], PagesNotFound>)
        throws(ArchiveError) -> Outcome {
        try run(chunks: [.rows(manifest)], confirmed: confirmed, language: language, operator: `operator`, pages: pages)
    }

    /// Stores the rows of each chunk in turn (a long manifest read a chunk at a time).
    /// Batches are read and checked on other threads while the one before is written.
    public func run(chunks: some Sequence<ManifestChunk>, confirmed: Bool, language: Language, operator: String,
                    pages: (RecordManifest.Row) throws(ArchiveError) -> Result<[Int64], PagesNotFound>)
        throws(ArchiveError) -> Outcome {
        var outcome = Outcome()
        let pipeline = CheckingPipeline(chunks: chunks, batchSize: Self.batchSize, keeping: keeping, language: language)
        defer { pipeline.cancel() }
        let names = NameIdCache()
        var waiting = pipeline.next()
        while waiting != nil {
            // One transaction takes batches until it holds `transactionSize` rows.
            var rows = 0, lines: [Int] = [], records: [ArchiveStore.BatchRecord] = []
            try keeping.store.addRecordGroupsOnce(operator: `operator`, names: names) { () throws(ArchiveError) -> [ArchiveStore.BatchRecord]? in
                guard rows < Self.transactionSize, let batch = waiting else { return nil }
                rows += batch.rows.count
                outcome.rejected += batch.unreadable.map { Rejected(line: $0.line, errors: [$0.reason]) }
                (lines, records) = try prepared(batch, to: &outcome, confirmed: confirmed, language: language, pages: pages)
                pipeline.dispose(batch)
                waiting = pipeline.next()
                return records
            } added: { results in
                record(results, of: records, lines: lines, to: &outcome, language: language)
                pipeline.dispose(records)
                records = []
            }
        }
        outcome.rejected.sort { $0.line < $1.line }
        // A long load leaves the name index in many segments, each probed by every lookup.
        if outcome.imported.count >= Self.optimizeAfter { try keeping.store.optimizeNameIndex() }
        return outcome
    }

    /// The records of a checked batch to store, with their lines: the rows whose pages
    /// are found and that need no confirmation (or were stored by an earlier, confirmed run).
    func prepared(_ checked: CheckingPipeline.Batch, to outcome: inout Outcome, confirmed: Bool, language: Language,
                  pages: (RecordManifest.Row) throws(ArchiveError) -> Result<[Int64], PagesNotFound>)
        throws(ArchiveError) -> (lines: [Int], records: [ArchiveStore.BatchRecord]) {
        var lines: [Int] = [], records: [ArchiveStore.BatchRecord] = []
        for index in checked.rows.indices {
            let row = checked.rows[index], result = checked.checked[index]
            let ids: [Int64]
            switch try pages(row) {
            case .failure(let reason):
                outcome.rejected.append(Rejected(line: row.line, errors: [reason.message]))
                continue
            case .success(let found): ids = found
            }
            switch result {
            case .failure(let rejected): outcome.rejected.append(rejected)
            case .success(let (version, warnings)):
                let record = ArchiveStore.BatchRecord(type: row.type, pages: ids, version: version,
                                                      refuseTakenActNumber: !confirmed && warnings.isEmpty)
                if !warnings.isEmpty && !confirmed {
                    // Stored by an earlier, confirmed run: nothing to do; otherwise it waits for --confirm.
                    if try keeping.store.existingRecord(type: row.type, pages: ids, version: version) != nil {
                        lines.append(row.line)
                        records.append(record)
                    } else {
                        outcome.rejected.append(Rejected(line: row.line, errors: RecordKeeping.Refusal
                            .needsConfirmation(warnings).messages(in: language)))
                    }
                    continue
                }
                lines.append(row.line)
                records.append(record)
            }
        }
        return (lines, records)
    }

    /// What became of each stored record, into the outcome.
    func record(_ results: [ArchiveStore.BatchOutcome], of records: [ArchiveStore.BatchRecord], lines: [Int],
                to outcome: inout Outcome, language: Language) {
        for (index, result) in results.enumerated() {
            let line = lines[index]
            switch result {
            case .added(let id): outcome.imported.append(id)
            case .present(let id): outcome.alreadyRecorded.append(id)
            case .actNumberTaken(let other):
                let problem = FieldProblem(key: "act.number", rule: .actNumberTaken(recordId: other),
                                           value: records[index].version.actNumber)
                outcome.rejected.append(Rejected(line: line, errors: [problem.message(in: language) + " (confirm with --confirm)"]))
            case .noSuchPage(let page):
                outcome.rejected.append(Rejected(line: line, errors: ["no page \(page) in the archive"]))
            }
        }
    }

    /// A row checked on its own: the version to store and the warnings it raised, or
    /// why it is refused.
    static func check(_ row: RecordManifest.Row, keeping: RecordKeeping, language: Language, folding: FoldedNameCache? = nil)
        -> Result<(NewRecordVersion, [FieldProblem]), Rejected> {
        switch keeping.validator.validate(typeName: row.type, values: row.values, flags: row.flags) {
        case .failure(let problems):
            return .failure(Rejected(line: row.line, errors: problems.messages(in: language)))
        case .success(let record):
            let version = keeping.version(type: row.type, fields: RecordKeeping.stored(record.fields), status: RecordStatus.keyed,
                                          folding: folding)
            return .success((version, record.warnings))
        }
    }

    /// Why a row's pages could not be found.
    public struct PagesNotFound: Error, Sendable {
        public let message: String
        public init(_ message: String) { self.message = message }
    }

    /// Finds the pages of an `import --manifest` row: the file it names (beside the
    /// manifest, else as given, else the one imported file of that name), by content
    /// hash, so a file archived by an earlier run is found too.
    public static func pagesOfFile(_ row: RecordManifest.Row, manifestFolder: URL, importedFiles: [String],
                                   store: ArchiveStore) throws(ArchiveError) -> Result<[Int64], PagesNotFound> {
        guard let file = row.file else { return .failure(PagesNotFound("no file named in the file column")) }
        let manager = FileManager.default
        var candidates = [file.hasPrefix("/") ? file : manifestFolder.appendingPathComponent(file).path, file]
        let sameName = importedFiles.filter { URL(fileURLWithPath: $0).lastPathComponent == file }
        if sameName.count == 1 { candidates.append(sameName[0]) }
        guard let path = candidates.first(where: { manager.fileExists(atPath: $0) }),
              let bytes = manager.contents(atPath: path) else {
            return .failure(PagesNotFound("\(file): no such file"))
        }
        let pages = try store.pages(sourceSha256: ContentHash.sha256([UInt8](bytes)), pageOfFile: row.pageOfFile, part: row.part)
        guard !pages.isEmpty else {
            if row.pageOfFile != nil || row.part != nil, !(try store.pages(sourceSha256: ContentHash.sha256([UInt8](bytes))).isEmpty) {
                let half = row.part.flatMap(PageName.half).map { " (\($0) half)" } ?? ""
                return .failure(PagesNotFound("\(file) has no page \(row.pageOfFile ?? 1)\(half)"))
            }
            return .failure(PagesNotFound("\(file) is not in the archive (not imported)"))
        }
        return .success(pages)
    }
}
