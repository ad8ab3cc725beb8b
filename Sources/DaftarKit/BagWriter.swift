import Archive
import Foundation

/// Writes part of the archive, or all of it, as a BagIt 1.0 bag (RFC 8493): the
/// originals byte for byte under `data/originals/`, each page's access, thumbnail and
/// bilevel images under `data/derived/`, and JSON Lines files with the sources'
/// provenance, the pages' normalization and measurements, and every record with all
/// its versions; SHA-256 and SHA-512 manifests, `bag-info.txt` and tag manifests.
/// The bag is built in a hidden folder beside the target and renamed into place when
/// complete: a killed run leaves no half bag under the target's name.
public struct BagWriter: Sendable {
    /// Which part of the archive: a ledger's sources and the records keyed from them,
    /// or records of some act types and the sources they were keyed from, or everything.
    public enum Selection: Sendable {
        case everything
        case ledger(String)
        case types([String])

        var label: String {
            switch self {
            case .everything: "archive"
            case .ledger(let code): "ledger=\(code)"
            case .types(let types): "type=\(types.joined(separator: "+"))"
            }
        }
    }

    public struct Summary: Sendable {
        public let path: String
        public let externalIdentifier: String
        public let sources: Int
        public let pages: Int
        public let records: Int
        public let payloadFiles: Int
        public let payloadBytes: Int
    }

    public let store: ArchiveStore
    /// `Source-Organization` in bag-info.txt.
    public let organization: String

    public init(store: ArchiveStore, organization: String) {
        self.store = store
        self.organization = organization
    }

    public func write(_ selection: Selection, to target: String, at date: Date = Date()) throws(BagError) -> Summary {
        let target = URL(fileURLWithPath: target).standardizedFileURL.path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isFolder),
           !isFolder.boolValue || (try? FileManager.default.contentsOfDirectory(atPath: target))?.isEmpty != true {
            throw .targetNotEmpty(target)
        }
        let partial = (target as NSString).deletingLastPathComponent + "/." + (target as NSString).lastPathComponent + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        let writer = BagPayloadWriter(root: partial)
        do {
            let counts = try writePayload(selection, into: writer)
            return try finish(writer, counts: counts, selection: selection, renaming: partial, to: target, date: date)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            switch error {
            case let error as BagError: throw error
            case let error as ArchiveError: throw .archive(error)
            default: throw .cannotWrite(path: partial, reason: "\(error)")
            }
        }
    }

    /// Writes the tag files (bagit.txt, bag-info.txt, manifests, tag manifests) for the
    /// payload written, flushes the bag and gives it its name.
    private func finish(_ writer: BagPayloadWriter, counts: (sources: Int, pages: Int, records: Int), selection: Selection,
                        renaming partial: String, to target: String, date: Date) throws(BagError) -> Summary {
        let payload = writer.payload.sorted { $0.path < $1.path }
        let manifest256 = payload.map { "\($0.sha256)  \(BagPayloadWriter.manifestPath($0.path))\n" }.joined()
        let manifest512 = payload.map { "\($0.sha512)  \(BagPayloadWriter.manifestPath($0.path))\n" }.joined()
        let octets = payload.reduce(0) { $0 + $1.size }
        let digest: String = ContentHash.sha256(Array(manifest256.utf8))
        let identifier: String = "daftar:" + selection.label + ":" + String(digest.prefix(16))
        let description: String = "daftar civil-registry archive: \(selection.label); \(counts.sources) scanned file(s), "
            + "\(counts.pages) page(s), \(counts.records) record(s) with every version"
        let entries: [(String, String)] = [
            ("Source-Organization", organization),
            ("Bagging-Date", String(Timestamp.string(from: date).prefix(10))),
            ("Payload-Oxum", "\(octets).\(payload.count)"),
            ("Bag-Size", Self.size(octets)),
            ("External-Identifier", identifier),
            ("External-Description", description),
            ("Bag-Software-Agent", "daftar"),
        ]
        let info: String = entries.map { $0.0 + ": " + $0.1 + "\n" }.joined()
        try writer.add("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", at: "bagit.txt", tag: true)
        try writer.add(info, at: "bag-info.txt", tag: true)
        try writer.add(manifest256, at: "manifest-sha256.txt", tag: true)
        try writer.add(manifest512, at: "manifest-sha512.txt", tag: true)
        let tags = writer.tags.sorted { $0.path < $1.path }
        try writer.add(tags.map { "\($0.sha256)  \($0.path)\n" }.joined(), at: "tagmanifest-sha256.txt")
        try writer.add(tags.map { "\($0.sha512)  \($0.path)\n" }.joined(), at: "tagmanifest-sha512.txt")
        try writer.syncFolders()
        if FileManager.default.fileExists(atPath: target) { rmdir(target) }
        guard rename(partial, target) == 0 else {
            throw BagError.cannotWrite(path: target, reason: String(cString: strerror(errno)))
        }
        try? DurableMove.syncFolder((target as NSString).deletingLastPathComponent)
        return Summary(path: target, externalIdentifier: identifier, sources: counts.sources, pages: counts.pages,
                       records: counts.records, payloadFiles: payload.count, payloadBytes: octets)
    }

    /// `12.3 MB`, in decimal units.
    static func size(_ bytes: Int) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB"]
        var value = Double(bytes), unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) bytes" : String(format: "%.1f %@", value, units[unit])
    }

    private func writePayload(_ selection: Selection, into writer: BagPayloadWriter) throws -> (sources: Int, pages: Int, records: Int) {
        let everySource = try store.allSources()
        // The records chosen, then the sources: the selection's own and every one a chosen record was keyed from.
        let records: [RecordListing]
        var sourceIds = Set<Int64>()
        switch selection {
        case .everything:
            records = try store.records()
            sourceIds = Set(everySource.compactMap(\.id))
        case .ledger(let code):
            records = try store.records(ledger: code)
            sourceIds = Set(everySource.filter { $0.ledger == code }.compactMap(\.id))
        case .types(let types):
            records = try types.flatMap { type throws(ArchiveError) in try store.records(type: type) }.sorted { $0.id < $1.id }
        }
        var pageSource: [Int64: Int64] = [:]
        for record in records {
            for page in record.pages {
                guard let detail = try store.page(id: page) else { continue }
                sourceIds.insert(detail.source.id ?? 0)
                pageSource[page] = detail.source.id
            }
        }
        let sources = everySource.filter { sourceIds.contains($0.id ?? 0) }
        let ledgers = Set(sources.map(\.ledger))
        let naming = ExportNaming(everySource: everySource.filter { ledgers.contains($0.ledger) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func line(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) + "\n" }

        var sourceLines = "", pageLines = "", pageCount = 0
        var references: [Int64: BagContents.PageReference] = [:]
        for source in sources {
            guard let bytes = try store.blob(sha256: source.sha256) else {
                throw BagError.cannotWrite(path: source.name, reason: "the original is missing from the archive (run `daftar verify`)")
            }
            let originalPath = "data/originals/" + naming.original(source)
            try writer.add(bytes, at: originalPath)
            sourceLines += try line(BagContents.Source(
                id: source.id ?? 0, original: .init(file: originalPath, sha256: source.sha256), path: source.path,
                name: source.name, size: source.size, format: source.format, pageCount: source.pageCount,
                ledger: source.ledger, importedBy: source.operator, importedAt: source.importedAt))
            for page in try store.pages(sourceId: source.id ?? 0) {
                func derived(_ hash: String, _ suffix: String, _ ext: String) throws -> BagContents.File {
                    guard let bytes = try store.blob(sha256: hash) else {
                        throw BagError.cannotWrite(path: source.name, reason: "a page image is missing from the archive (run `daftar verify`)")
                    }
                    let path = "data/derived/" + naming.derived(source, pageIndex: page.pageIndex, part: page.part,
                                                                suffix: suffix, extension: ext)
                    try writer.add(bytes, at: path)
                    return .init(file: path, sha256: hash)
                }
                let decoder = JSONDecoder()
                pageLines += try line(BagContents.Page(
                    id: page.id ?? 0, source: source.sha256, pageIndex: page.pageIndex, part: page.part, width: page.width,
                    height: page.height, dpi: page.dpi, skewDegrees: page.skewDegrees,
                    normalization: (try? decoder.decode(JSONValue.self, from: Data(page.normalization.utf8))) ?? .string(page.normalization),
                    perceptualHash: page.perceptualHash,
                    quality: page.quality.map { (try? decoder.decode(JSONValue.self, from: Data($0.utf8))) ?? .string($0) },
                    qualityProblems: (try? decoder.decode([String].self, from: Data(page.qualityProblems.utf8))) ?? [],
                    access: try derived(page.accessSha256, "-access", "jpg"), accessWidth: page.accessWidth,
                    accessHeight: page.accessHeight, thumbnail: try derived(page.thumbnailSha256, "-thumbnail", "jpg"),
                    bitonal: try page.bitonalSha256.map { try derived($0, "-bitonal", "tif") }))
                references[page.id ?? 0] = .init(source: source.sha256, pageIndex: page.pageIndex, part: page.part)
                pageCount += 1
            }
        }
        var recordLines = ""
        for listing in records {
            guard let record = try store.record(id: listing.id) else { continue }
            let versions = try store.recordVersions(id: listing.id).map { version in
                BagContents.Version(version: version.version, status: version.status, pass: version.pass,
                                    fields: version.fields, fieldsSha256: version.fieldsSha256, operator: version.operator,
                                    time: version.time, reason: version.reason)
            }
            recordLines += try line(BagContents.Record(
                id: listing.id, type: record.type, createdAt: record.createdAt, createdBy: record.createdBy,
                pages: listing.pages.compactMap { references[$0] }, versions: versions))
        }
        let extensions = try store.schemaExtensions().map {
            BagContents.SchemaExtension(version: $0.version, content: $0.content, sha256: $0.sha256, operator: $0.operator,
                                        time: $0.time)
        }
        try writer.add(sourceLines, at: "data/sources.jsonl")
        try writer.add(pageLines, at: "data/pages.jsonl")
        try writer.add(recordLines, at: "data/records.jsonl")
        try writer.add(try extensions.map(line).joined(), at: "data/schema-extensions.jsonl")
        let chosen = Set(records.map(\.id))
        // Ids as in records.jsonl.
        let decisions = try store.duplicateDecisions().filter { chosen.contains($0.recordId) && chosen.contains($0.otherId) }
        try writer.add(try decisions.map(line).joined(), at: "data/duplicate-decisions.jsonl")
        // The extract journal, so `extract check` answers for these papers wherever the bag is restored.
        try writer.add(try store.extracts(recordIds: chosen).map(line).joined(), at: "data/extracts.jsonl")
        return (sources.count, pageCount, records.count)
    }
}
