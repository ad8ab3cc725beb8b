import Archive
import Foundation
import Registry

/// The work behind `daftar enter`: which pages wait for entry, and a record's life
/// in the form — begun as a draft at its first answer, its working copy saved after
/// every answer, suspended as a draft version, finished as a keyed one.
public struct DataEntry: Sendable {
    public let keeping: RecordKeeping
    /// Only pages of this ledger (nil: every page).
    public let ledger: String?
    /// Double-keying pass, or nil for a single keying.
    public let pass: Int?
    public let `operator`: String

    public init(keeping: RecordKeeping, ledger: String?, pass: Int?, operator: String) {
        self.keeping = keeping
        self.ledger = ledger
        self.pass = pass
        self.operator = `operator`
    }

    /// A draft record to resume: what it holds and where the form stopped.
    public struct Draft: Sendable, Equatable {
        /// 0 until the form's first answer creates the record.
        public var recordId: Int64
        public let type: String
        public let pages: [Int64]
        public var fields: [String: StoredField]
        /// The field the form was at, and what was half typed there.
        public var pendingKey: String?
        public var pendingText: String?

        public init(recordId: Int64, type: String, pages: [Int64], fields: [String: StoredField],
                    pendingKey: String? = nil, pendingText: String? = nil) {
            self.recordId = recordId
            self.type = type
            self.pages = pages
            self.fields = fields
            self.pendingKey = pendingKey
            self.pendingText = pendingText
        }
    }

    /// This operator's drafts in this pass (and ledger), oldest first.
    public func drafts() throws(ArchiveError) -> [Draft] {
        var drafts: [Draft] = []
        for listing in try keeping.store.records(status: RecordStatus.draft, ledger: ledger) where listing.pass == pass {
            guard let row = try keeping.store.record(id: listing.id), row.createdBy == `operator`,
                  let latest = try keeping.store.recordVersions(id: listing.id).last else { continue }
            let scratch = try keeping.store.entryDraft(recordId: listing.id)
            drafts.append(Draft(recordId: listing.id, type: listing.type, pages: listing.pages,
                                fields: scratch?.fields ?? latest.fields, pendingKey: scratch?.pendingKey,
                                pendingText: scratch?.pendingText))
        }
        return drafts
    }

    /// Pages with no record of this keying yet, in archive order.
    public func waitingPages() throws(ArchiveError) -> [PageListing] {
        let done = try keeping.store.pagesWithRecords(pass: pass)
        return try keeping.store.pages(ledger: ledger).filter { !done.contains($0.id) }
    }

    /// Checks one answer against its field: nil for a skip, the stored form otherwise.
    public func check(_ answer: FormAnswer, for spec: FieldSpec) -> Result<StoredField?, FieldProblem> {
        switch answer {
        case .skip, .back, .requiredOnly:
            return spec.required ? .failure(FieldProblem(key: spec.key, rule: .required)) : .success(nil)
        case .flag(let flag):
            return .success(StoredField(value: nil, flag: flag.rawValue))
        case .value(let text), .uncertain(let text):
            switch keeping.validator.parse(text, as: spec) {
            case .failure(let problem): return .failure(problem)
            case .success(let value):
                let uncertain = answer == .uncertain(text)
                return .success(StoredField(value: value.text, flag: uncertain ? FieldFlag.uncertain.rawValue : nil))
            }
        }
    }

    /// Creates the draft record for an act of `type` on `page` with its first answers.
    public func begin(type: String, page: Int64, fields: [String: StoredField]) throws(ArchiveError) -> Int64 {
        try keeping.store.addRecord(type: type, pages: [page],
                                    version: keeping.version(type: type, fields: fields, status: RecordStatus.draft, pass: pass),
                                    operator: `operator`)
    }

    /// Saves the working copy after an answer (`pendingKey`: the field the form asks next).
    public func progress(_ draft: Draft) throws(ArchiveError) {
        try keeping.store.saveEntryDraft(EntryDraft(recordId: draft.recordId, fields: draft.fields,
                                                    pendingKey: draft.pendingKey, pendingText: draft.pendingText))
    }

    /// The form stops (Ctrl-C, end of input): what was answered becomes a draft version
    /// (when it differs from the last), and the half-typed line stays in the working copy.
    public func suspend(_ draft: Draft) throws(ArchiveError) {
        if try keeping.store.recordVersions(id: draft.recordId).last?.fields != draft.fields {
            _ = try keeping.store.addRecordVersion(
                recordId: draft.recordId,
                keeping.version(type: draft.type, fields: draft.fields, status: RecordStatus.draft, pass: pass,
                                reason: "form stopped"),
                operator: `operator`)
        }
        try progress(draft)
    }

    /// Checks the whole record; when it holds (and warnings are `confirmed`), stores it as keyed.
    public func finish(_ draft: Draft, confirmed: Bool) throws(ArchiveError) -> Result<[FieldProblem], RecordKeeping.Refusal> {
        let (values, flags) = RecordKeeping.typed(draft.fields)
        switch try keeping.checked(typeName: draft.type, values: values, flags: flags, confirmed: confirmed, pass: pass,
                                   excluding: [draft.recordId]) {
        case .failure(let refusal):
            return .failure(refusal)
        case .success(let record):
            _ = try keeping.store.addRecordVersion(
                recordId: draft.recordId,
                keeping.version(type: draft.type, fields: RecordKeeping.stored(record.fields), status: RecordStatus.keyed,
                                pass: pass),
                operator: `operator`)
            return .success(record.warnings)
        }
    }

    /// Writes a page's access image to a file a viewer can open (the archive keeps it as
    /// a blob), in `folder`: the session's private folder, since a page shows people's data.
    public func accessImageFile(for page: PageListing, in folder: PrivateFolder) throws -> URL {
        guard let bytes = try keeping.store.blob(sha256: page.accessSha256) else {
            throw ArchiveError.database(path: keeping.store.path, message: "page \(page.id) has no access image")
        }
        return try folder.write(bytes, named: "page-\(page.id).jpg")
    }
}
