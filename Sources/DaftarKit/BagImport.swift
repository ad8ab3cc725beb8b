import Archive
import Foundation

/// Brings a daftar bag into an archive, new or existing: the schema extensions, every
/// original byte for byte with the pages and images it had, every record with all its
/// versions (each keeping its operator and time), and the duplicate decisions. The bag
/// is checked whole first (`BagReader`). Each source and each record is one transaction,
/// and what the archive holds already is recognised (sources by SHA-256, records by type,
/// pages and first version), so a re-run after a kill finishes the job without
/// duplicates, and a record edited in the bag since an earlier import gains the versions
/// it lacks.
public struct BagImport: Sendable {
    public let store: ArchiveStore

    public init(store: ArchiveStore) {
        self.store = store
    }

    public struct Summary: Sendable {
        public var sourcesRestored = 0
        public var sourcesAlreadyThere = 0
        public var recordsRestored = 0
        public var recordsExtended = 0
        public var recordsAlreadyThere = 0
        public var decisionsRestored = 0
        /// Issued extracts brought into the extract journal.
        public var extractsRestored = 0
        public var extensionsRestored = 0
        /// One line for each thing that could not be brought in; the rest were.
        public var failures: [String] = []
    }

    /// Restores what `bag` (checked when it was read) holds.
    public func run(bag: BagReader, operator: String) throws(BagError) -> Summary {
        let identifier = bag.info("External-Identifier") ?? bag.root
        let sources = try bag.lines("data/sources.jsonl", as: BagContents.Source.self)
        let pages = try bag.lines("data/pages.jsonl", as: BagContents.Page.self)
        let records = try bag.lines("data/records.jsonl", as: BagContents.Record.self)
        let extensions = try bag.lines("data/schema-extensions.jsonl", as: BagContents.SchemaExtension.self)
        let decisions = bag.payload["data/duplicate-decisions.jsonl"] == nil ? []
            : try bag.lines("data/duplicate-decisions.jsonl", as: DuplicateDecision.self)
        let extracts = bag.payload["data/extracts.jsonl"] == nil ? []
            : try bag.lines("data/extracts.jsonl", as: IssuedExtract.self)
        var summary = Summary()
        do {
            try restore(extensions, operator: `operator`, into: &summary)
            let pagesBySource = Dictionary(grouping: pages, by: \.source)
            for source in sources {
                restore(source, pages: pagesBySource[source.original.sha256] ?? [], from: bag, identifier: identifier,
                        operator: `operator`, into: &summary)
            }
            let keeping = try RecordKeeping(store: store, offices: nil)
            var restoredIds: [Int64: Int64] = [:]
            var pageIds: [String: [BagContents.PageReference: Int64]] = [:]
            for record in records {
                if let id = try restore(record, keeping: keeping, pageIds: &pageIds, identifier: identifier,
                                        operator: `operator`, into: &summary) {
                    restoredIds[record.id] = id
                }
            }
            var decisionIds: [Int64: Int64] = [:]
            for decision in decisions {
                guard let recordId = restoredIds[decision.recordId], let otherId = restoredIds[decision.otherId] else {
                    summary.failures.append("duplicate decision on records \(decision.recordId) and \(decision.otherId): a record was not restored")
                    continue
                }
                let restored = try store.restoreDuplicateDecision(
                    recordId: recordId, otherId: otherId, decision: decision.decision, reason: decision.reason,
                    decidedBy: decision.operator, decidedAt: decision.time, revises: decision.revises.flatMap { decisionIds[$0] },
                    bag: identifier, restoredBy: `operator`)
                if let original = decision.id { decisionIds[original] = restored.id }
                if restored.added { summary.decisionsRestored += 1 }
            }
            for issued in extracts {
                guard let recordId = restoredIds[issued.recordId] else {
                    summary.failures.append("extract \(issued.code) of record \(issued.recordId): the record was not restored")
                    continue
                }
                do throws(ArchiveError) {
                    if try store.restoreExtract(issued, recordId: recordId, bag: identifier, restoredBy: `operator`) {
                        summary.extractsRestored += 1
                    }
                } catch .database(_, let message) {
                    summary.failures.append(message)
                }
            }
        } catch {
            throw .archive(error)
        }
        return summary
    }

    /// Schema extensions the archive lacks, in the bag's order.
    private func restore(_ extensions: [BagContents.SchemaExtension], operator: String,
                         into summary: inout Summary) throws(ArchiveError) {
        let held = Set(try store.schemaExtensions().map(\.sha256))
        for item in extensions where !held.contains(item.sha256) {
            _ = try store.addSchemaExtension(content: item.content, operator: `operator`)
            summary.extensionsRestored += 1
        }
    }

    private func restore(_ source: BagContents.Source, pages: [BagContents.Page], from bag: BagReader, identifier: String,
                         operator: String, into summary: inout Summary) {
        func file(_ reference: BagContents.File) throws -> [UInt8] {
            guard let bytes = bag.payloadFile(reference.file) else { throw Problem("\(reference.file) is not in the bag's manifest") }
            guard ContentHash.sha256(bytes) == reference.sha256 else { throw Problem("\(reference.file) is not the file recorded for it") }
            return bytes
        }
        do {
            if try store.sourceID(sha256: source.original.sha256) != nil {
                summary.sourcesAlreadyThere += 1
                return
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            func text(_ value: JSONValue) throws -> String {
                if case .string(let text) = value { return text }
                return String(decoding: try encoder.encode(value), as: UTF8.self)
            }
            let newPages = try pages.sorted { ($0.pageIndex, $0.part) < ($1.pageIndex, $1.part) }.map { page in
                var restored = NewPage(pageIndex: page.pageIndex, width: page.width, height: page.height, dpi: page.dpi,
                                       access: try file(page.access), accessWidth: page.accessWidth,
                                       accessHeight: page.accessHeight, thumbnail: try file(page.thumbnail),
                                       skewDegrees: page.skewDegrees, normalization: try text(page.normalization))
                restored.part = page.part
                restored.bitonal = try page.bitonal.map(file)
                restored.perceptualHash = page.perceptualHash
                restored.quality = try page.quality.map(text)
                restored.qualityProblems = page.qualityProblems
                return restored
            }
            var new = NewSource(sha256: source.original.sha256, bytes: try file(source.original), path: source.path,
                                name: source.name, format: source.format, ledger: source.ledger,
                                operator: source.importedBy, pages: newPages)
            // A bag's text is UTF-8: a name that was not is in it escaped, and is kept as its bytes again.
            let nameBytes = PathBytes.bytes(source.name)
            if String(validating: nameBytes, as: UTF8.self) == nil { new.nameBytes = nameBytes }
            _ = try store.restoreSource(new, pageCount: source.pageCount, importedAt: source.importedAt, bag: identifier,
                                        restoredBy: `operator`)
            summary.sourcesRestored += 1
        } catch {
            summary.failures.append("\(source.original.file): not restored: \(error)")
        }
    }

    /// Restores one record, or the versions an earlier copy of it lacks; returns its id here.
    private func restore(_ record: BagContents.Record, keeping: RecordKeeping,
                         pageIds: inout [String: [BagContents.PageReference: Int64]], identifier: String,
                         operator: String, into summary: inout Summary) throws(ArchiveError) -> Int64? {
        let name = "record \(record.id) of the bag"
        var pages: [Int64] = []
        for reference in record.pages {
            if pageIds[reference.source] == nil {
                var known: [BagContents.PageReference: Int64] = [:]
                if let sourceId = try store.sourceID(sha256: reference.source) {
                    for page in try store.pages(sourceId: sourceId) {
                        known[.init(source: reference.source, pageIndex: page.pageIndex, part: page.part)] = page.id
                    }
                }
                pageIds[reference.source] = known
            }
            guard let id = pageIds[reference.source]?[reference] else {
                summary.failures.append("\(name): its page \(reference.pageIndex + 1) of source \(reference.source.prefix(12)) is not in the archive")
                return nil
            }
            pages.append(id)
        }
        let history = record.versions.sorted { $0.version < $1.version }
        guard !history.isEmpty, history.map(\.version) == Array(1...history.count) else {
            summary.failures.append("\(name): its versions are not numbered 1, 2, 3 …")
            return nil
        }
        var versions: [RestoredVersion] = []
        for item in history {
            let version = keeping.version(type: record.type, fields: item.fields, status: item.status, pass: item.pass,
                                          reason: item.reason)
            guard version.fieldsSha256 == item.fieldsSha256 else {
                summary.failures.append("\(name) version \(item.version): its fields do not match their recorded SHA-256")
                return nil
            }
            versions.append(RestoredVersion(version: version, operator: item.operator, time: item.time))
        }
        func matches(_ held: RecordVersionRow, _ item: BagContents.Version) -> Bool {
            held.fieldsSha256 == item.fieldsSha256 && held.status == item.status && held.pass == item.pass
        }
        if let existing = try store.existingRecord(type: record.type, pages: pages, version: versions[0].version) {
            let held = try store.recordVersions(id: existing)
            guard held.count <= history.count, zip(held, history).allSatisfy(matches) else {
                if zip(history, held).allSatisfy({ matches($1, $0) }) {
                    summary.recordsAlreadyThere += 1  // edited here since: the bag's history is all here
                    return existing
                }
                summary.failures.append("\(name): the archive's record \(existing) has a different history; left as it is")
                return nil
            }
            if held.count == history.count {
                summary.recordsAlreadyThere += 1
                return existing
            }
            _ = try store.restoreRecord(recordId: existing, type: record.type, pages: pages, createdAt: record.createdAt,
                                        createdBy: record.createdBy, versions: Array(versions[held.count...]),
                                        firstNumber: held.count + 1, bag: identifier, originalId: record.id,
                                        restoredBy: `operator`)
            summary.recordsExtended += 1
            return existing
        }
        let id = try store.restoreRecord(recordId: nil, type: record.type, pages: pages, createdAt: record.createdAt,
                                         createdBy: record.createdBy, versions: versions, firstNumber: 1, bag: identifier,
                                         originalId: record.id, restoredBy: `operator`)
        summary.recordsRestored += 1
        return id
    }
}

/// A reason something in a bag was not restored.
struct Problem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
