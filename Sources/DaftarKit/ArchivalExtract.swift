import Archive
import Foundation
import Imaging
import Registry

/// Issues archival extracts: a record's latest version laid out as an A4 PDF in Tajik,
/// Russian or English, with the act's page images and a verification code, recorded in
/// the archive (`extract` table and an `extract-issue` event) so the code can be checked.
public struct ArchivalExtract: Sendable {
    public let store: ArchiveStore
    /// Office names for the header and the office field; codes alone without it.
    public let offices: OfficeList?

    public init(store: ArchiveStore, offices: OfficeList?) {
        self.store = store
        self.offices = offices
    }

    /// Why no extract was issued.
    public enum Failure: Error, CustomStringConvertible {
        case noSuchRecord(Int64)
        /// Not finished: a draft, or a record still waiting for its second keying to be reconciled.
        case notIssuable(recordId: Int64, reason: String)
        case archive(ArchiveError)
        case pdf(PDFError)
        case unreadableImage(page: Int64, reason: String)

        public var description: String {
            switch self {
            case .noSuchRecord(let id): "record \(id): no such record"
            case .notIssuable(let id, let reason): "record \(id): no extract issued: \(reason)"
            case .archive(let error): error.description
            case .pdf(let error): error.description
            case .unreadableImage(let page, let reason): "page \(page): its access image cannot be read: \(reason)"
            }
        }
    }

    /// At most this many page images go on page 2 (an act spans one or two ledger pages).
    static let maxImages = 4

    /// Writes the extract of record `recordId` as it stands to `path` (replacing it) and
    /// records the issue. The PDF is complete on disk before it takes the name `path`.
    /// Only a verified surviving record with a page and an office of the offices list is
    /// issued; `unverified` also allows a keyed record nobody verified, and the paper then
    /// says so in its language.
    public func issue(recordId: Int64, language: Language, operator: String, to path: String, unverified allowUnverified: Bool = false,
                      at date: Date = Date()) throws(Failure) -> IssuedExtract {
        let document: ExtractDocument
        let latest: RecordVersionRow
        let unverified: Bool
        do {
            let versions = try store.recordVersions(id: recordId)
            guard let record = try store.record(id: recordId), let last = versions.last else {
                throw Failure.noSuchRecord(recordId)
            }
            latest = last
            let lifecycle = try Lifecycle(recordId: recordId, versions: versions, store: store)
            try checkIssuable(recordId, lifecycle: lifecycle, fields: last.fields, allowUnverified: allowUnverified)
            unverified = lifecycle.state != RecordStatus.verified
            document = try content(record: record, version: latest, language: language, operator: `operator`, date: date,
                                   unverified: unverified)
        } catch let error as Failure {
            throw error
        } catch let error as ArchiveError {
            throw .archive(error)
        } catch {
            throw .archive(.database(path: store.path, message: "\(error)"))
        }
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw .pdf(PDFError(path: path, reason: "no such folder \(folder)"))
        }
        let temporary = (folder.isEmpty ? "." : folder) + "/." + (path as NSString).lastPathComponent + ".partial"
        do {
            try document.write(to: temporary, author: `operator`)
        } catch {
            unlink(temporary)
            // Named as the operator asked for it, not by its temporary name.
            throw .pdf(PDFError(path: path, reason: error.reason))
        }
        let issued: IssuedExtract
        do {
            issued = try store.recordExtract(code: document.code, recordId: recordId, version: latest.version,
                                             fieldsSha256: latest.fieldsSha256, language: language.rawValue,
                                             unverified: unverified, operator: `operator`, at: date)
        } catch {
            unlink(temporary)
            throw .archive(error)
        }
        let descriptor = open(temporary, O_RDONLY | O_CLOEXEC)
        let synced = descriptor >= 0 && fsync(descriptor) == 0
        if descriptor >= 0 { close(descriptor) }
        guard synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .pdf(PDFError(path: path, reason: reason))
        }
        return issued
    }

    /// Refuses a record an extract may not certify, naming the record to use or the step to take.
    private func checkIssuable(_ recordId: Int64, lifecycle: Lifecycle, fields: [String: StoredField],
                               allowUnverified: Bool) throws {
        func refuse(_ reason: String) -> Failure { .notIssuable(recordId: recordId, reason: reason) }
        switch lifecycle.state {
        case RecordStatus.draft:
            throw refuse("it is a draft; finish it with `daftar enter` first")
        case RecordStatus.merged:
            let into = try store.mergedInto(recordId: recordId)
            throw refuse("it is a second keying merged into " + (into.map { "record \($0)" } ?? "its reconciled record")
                         + "; issue the extract of " + (into.map { "record \($0)" } ?? "that record"))
        case "duplicate":
            throw refuse("it was found to be a duplicate of record \(lifecycle.duplicateOf ?? 0); "
                         + "issue the extract of record \(lifecycle.survivor)")
        case RecordStatus.verified:
            break
        default:
            guard allowUnverified else {
                throw refuse((lifecycle.changedAfterVerification ? "it was changed after its verification" : "it is not verified")
                             + "; verify it first (`daftar record verify \(recordId)`), or issue it marked as unverified with --unverified")
            }
        }
        if try store.recordPages(id: recordId).isEmpty {
            throw refuse("it is keyed from no page of the archive; an extract shows the act's page")
        }
        guard let office = fields["act.office"]?.value else { throw refuse("it has no office (act.office)") }
        guard let offices else {
            throw refuse("there is no offices list to check its office \(office) against (--offices FILE, or offices.csv beside the archive)")
        }
        if offices.names[office] == nil {
            throw refuse("its office \(office) is not in the offices list; correct act.office (`daftar record edit \(recordId)`) or the list")
        }
    }

    private func content(record: RecordRow, version: RecordVersionRow, language: Language, operator: String,
                         date: Date, unverified: Bool) throws -> ExtractDocument {
        let wording = ExtractWording(language: language)
        let schema = try OfficeSchema.current(in: store).schema
        let type = schema.type(named: record.type)
        let recordId = record.id ?? 0
        let code = ExtractCode.make(recordId: recordId, version: version.version, fieldsSha256: version.fieldsSha256)
        let fields = version.fields
        func shown(_ key: String, _ spec: FieldSpec?) -> String? {
            guard let field = fields[key] else { return nil }
            let value = field.value.map { wording.value($0, kind: spec?.kind, offices: offices) }
            switch (value, field.flag.flatMap(FieldFlag.init(rawValue:))) {
            case (let value?, nil): return value
            case (let value?, let flag?): return "\(value) (\(wording.flag(flag)))"
            case (nil, let flag?): return "[\(wording.flag(flag))]"
            case (nil, nil): return field.flag
            }
        }
        // Sections in the schema's order: the act's own fields, then each person, then
        // the type's fields; keys the schema does not know (an extension since removed) last.
        var sections: [ExtractDocument.Section] = []
        var currentTitle: String?? = .none
        var rows: [(label: String, value: String)] = []
        func close() {
            if case .some(let title) = currentTitle, !rows.isEmpty { sections.append(.init(title: title, rows: rows)) }
            rows = []
        }
        var known = Set<String>()
        for spec in type?.fields ?? [] {
            known.insert(spec.key)
            guard let value = shown(spec.key, spec) else { continue }
            let prefix = String(spec.key.prefix { $0 != "." })
            let label = spec.labels.text(in: language)
            let title: String?
            var rowLabel = label
            if prefix == "act" || prefix == "certificate" {
                title = nil
            } else if let colon = label.range(of: ": ") {
                title = String(label[..<colon.lowerBound]).capitalizedFirst
                rowLabel = String(label[colon.upperBound...])
            } else {
                title = type?.labels.text(in: language).capitalizedFirst
            }
            if currentTitle != .some(title) {
                close()
                currentTitle = .some(title)
            }
            rows.append((rowLabel.capitalizedFirst, value))
        }
        close()
        let unknown = fields.keys.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty {
            sections.append(.init(title: "—", rows: unknown.compactMap { key in shown(key, nil).map { (key, $0) } }))
        }

        let officeCode = fields["act.office"]?.value
        var header = [wording.country]
        if let officeCode {
            header.append("\(wording.office): \(offices?.names[officeCode].map { "\($0) (\(officeCode))" } ?? officeCode)")
        }
        let typeLabel = type?.labels.text(in: language) ?? record.type
        var subtitle = "\(wording.actRecord): \(typeLabel)"
        if let number = fields["act.number"]?.value { subtitle += " · \(wording.number) \(number)" }
        if let actDate = fields["act.date"]?.value {
            subtitle += " · " + wording.value(actDate, kind: .date, offices: nil)
        }
        // The date of issue as the office's calendar has it (local time, not UTC).
        let local = Calendar.current.dateComponents([.year, .month, .day], from: date)
        let day = String(format: "%04d-%02d-%02d", local.year ?? 0, local.month ?? 0, local.day ?? 0)
        let issueRows: [(label: String, value: String)] = [
            (wording.issued, wording.value(day, kind: .date, offices: nil)),
            (wording.issuedBy, `operator`),
            (wording.source, wording.recordVersion.replacingOccurrences(of: "%1", with: String(recordId))
                .replacingOccurrences(of: "%2", with: String(version.version))),
            (wording.check, "daftar extract check \(code)"),
        ]
        return ExtractDocument(wording: wording, title: "\(wording.title) — \(typeLabel) \(fields["act.number"]?.value ?? "")",
                               headerLines: header, subtitle: subtitle, notice: unverified ? wording.unverified : nil,
                               sections: sections, issueRows: issueRows,
                               code: code, images: try images(recordId: recordId, wording: wording))
    }

    /// The access images of the record's pages, decoded (the PDF also embeds their JPEG bytes).
    private func images(recordId: Int64, wording: ExtractWording) throws -> [ExtractDocument.PageImage] {
        var images: [ExtractDocument.PageImage] = []
        for pageId in try store.recordPages(id: recordId).prefix(Self.maxImages) {
            guard let detail = try store.page(id: pageId) else { continue }
            guard let jpeg = try store.blob(sha256: detail.page.accessSha256) else {
                throw Failure.unreadableImage(page: pageId, reason: "the stored image is missing")
            }
            let raster: Raster
            do {
                raster = try jpeg.withUnsafeBufferPointer { buffer throws(ImagingError) in
                    try JPEGDecoder.decode(buffer, maxPixels: ImportOptions.defaultMaxPixels).upright()
                }
            } catch {
                throw Failure.unreadableImage(page: pageId, reason: error.description)
            }
            let name = PageName.format(file: detail.source.name, pageIndex: detail.page.pageIndex,
                                       pageCount: detail.source.pageCount, part: detail.page.part)
            images.append(.init(caption: "\(detail.source.ledger.map { "\($0) · " } ?? "")\(name) (\(wording.page) \(pageId))",
                                jpeg: jpeg, raster: raster))
        }
        return images
    }
}

extension String {
    /// The text with its first letter in upper case (labels are stored in lower case).
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
