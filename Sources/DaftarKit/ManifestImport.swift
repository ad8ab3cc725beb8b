import Archive
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
    public struct Rejected: Sendable, Codable, Equatable {
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

    /// Stores `manifest`'s rows; `pages` finds the pages of each row (or says why
    /// there are none).
    public func run(_ manifest: RecordManifest, confirmed: Bool, language: Language, operator: String,
                    pages: (RecordManifest.Row) throws(ArchiveError) -> Result<[Int64], PagesNotFound>)
        throws(ArchiveError) -> Outcome {
        var outcome = Outcome()
        outcome.rejected = manifest.unreadable.map { Rejected(line: $0.line, errors: [$0.reason]) }
        for row in manifest.rows {
            let found: [Int64]
            switch try pages(row) {
            case .failure(let reason):
                outcome.rejected.append(Rejected(line: row.line, errors: [reason.message]))
                continue
            case .success(let ids):
                found = ids
            }
            do {
                switch try keeping.add(type: row.type, pages: found, values: row.values, flags: row.flags,
                                       confirmed: confirmed, once: true, operator: `operator`) {
                case .added(let id, _): outcome.imported.append(id)
                case .alreadyPresent(let id): outcome.alreadyRecorded.append(id)
                case .refused(let refusal): outcome.rejected.append(Rejected(line: row.line, errors: refusal.messages(in: language)))
                }
            } catch {
                // A row naming a page the archive lacks fails alone; a failing archive stops the run.
                guard case .database = error else { throw error }
                outcome.rejected.append(Rejected(line: row.line, errors: [error.description]))
            }
        }
        outcome.rejected.sort { $0.line < $1.line }
        return outcome
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
        let pages = try store.pages(sourceSha256: ContentHash.sha256([UInt8](bytes)), pageOfFile: row.pageOfFile)
        guard !pages.isEmpty else {
            if row.pageOfFile != nil, !(try store.pages(sourceSha256: ContentHash.sha256([UInt8](bytes))).isEmpty) {
                return .failure(PagesNotFound("\(file) has no page \(row.pageOfFile!)"))
            }
            return .failure(PagesNotFound("\(file) is not in the archive (not imported)"))
        }
        return .success(pages)
    }
}
