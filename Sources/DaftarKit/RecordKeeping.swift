import Archive
import Foundation
import Registry

/// Keys records in: validates typed text against the act schema and stores the
/// record, a version at a time, in the archive.
public struct RecordKeeping: Sendable {
    public let store: ArchiveStore
    public let validator: RecordValidator

    /// Works with the archive's schema: the built-in act types plus the office's extension.
    public init(store: ArchiveStore, offices: OfficeList?) throws(ArchiveError) {
        self.store = store
        self.validator = RecordValidator(schema: try OfficeSchema.current(in: store).schema, offices: offices)
    }

    /// Why a record (or an edit of one) was not stored.
    public enum Refusal: Error, Sendable, Equatable {
        /// Field errors, or an unknown act type.
        case invalid(RecordProblems)
        /// Only warnings, not confirmed.
        case needsConfirmation([FieldProblem])

        /// One line per problem, in the operator's language.
        public func messages(in language: Language) -> [String] {
            switch self {
            case .invalid(let problems): problems.messages(in: language)
            case .needsConfirmation(let warnings): warnings.map { $0.message(in: language) + " (confirm with --confirm)" }
            }
        }
    }

    /// The record checked against its act type and against the archive's other records
    /// (act number taken); warnings refuse it unless `confirmed`. `pass` and `excluding`
    /// (the record itself, its other keying) keep a record from clashing with itself.
    func checked(typeName: String, values: [String: String], flags: [String: FieldFlag], confirmed: Bool,
                 pass: Int? = nil, excluding: Set<Int64> = []) throws(ArchiveError) -> Result<ValidatedRecord, Refusal> {
        switch validator.validate(typeName: typeName, values: values, flags: flags) {
        case .failure(let problems):
            return .failure(.invalid(problems))
        case .success(let record):
            let warnings = record.warnings + (try actNumberTaken(record, pass: pass, excluding: excluding))
            if !warnings.isEmpty && !confirmed { return .failure(.needsConfirmation(warnings)) }
            return .success(ValidatedRecord(type: record.type, fields: record.fields, warnings: warnings))
        }
    }

    /// The act-number-unique warning (`ArchiveStore.actNumberHolder`).
    func actNumberTaken(_ record: ValidatedRecord, pass: Int?, excluding: Set<Int64>) throws(ArchiveError) -> [FieldProblem] {
        guard let number = record.fields["act.number"]?.value?.text, record.fields["act.number"]?.flag == nil,
              let office = record.fields["act.office"]?.value?.text,
              let date = record.fields["act.date"]?.value?.text,
              let other = try store.actNumberHolder(number, type: record.type.name, office: office, year: String(date.prefix(4)),
                                                    pass: pass, excluding: excluding) else { return [] }
        return [FieldProblem(key: "act.number", rule: .actNumberTaken(recordId: other), value: number)]
    }

    /// What became of an `add`.
    public enum AddOutcome: Sendable, Equatable {
        case added(id: Int64, warnings: [FieldProblem])
        /// Nothing stored.
        case refused(Refusal)
    }

    /// Adds a keyed record of act type `type` on `pages`. Warnings stop it unless `confirmed`.
    public func add(type: String, pages: [Int64], values: [String: String], flags: [String: FieldFlag],
                    confirmed: Bool, pass: Int? = nil, operator: String) throws(ArchiveError) -> AddOutcome {
        switch try checked(typeName: type, values: values, flags: flags, confirmed: confirmed, pass: pass) {
        case .failure(let refusal):
            return .refused(refusal)
        case .success(let record):
            let version = self.version(type: type, fields: Self.stored(record.fields), status: RecordStatus.keyed, pass: pass)
            return .added(id: try store.addRecord(type: type, pages: pages, version: version, operator: `operator`),
                          warnings: record.warnings)
        }
    }

    /// What became of an `edit`.
    public enum EditOutcome: Sendable, Equatable {
        /// Stored; `wasVerified`: the record had been verified, and is now keyed again
        /// ("changed after verification") until `record verify` or a new double keying.
        case edited(version: Int, warnings: [FieldProblem], wasVerified: Bool)
        /// Nothing stored.
        case refused(Refusal)
        case noSuchRecord
        /// A second keying reconciled into another record: that record is the one to correct.
        case merged
        /// The edit would store what the record already holds.
        case unchanged
    }

    /// Adds a version to record `id`: its latest fields with `values` and `flags` laid
    /// over them and the `cleared` keys removed, checked again as a whole. The record
    /// goes back to `keyed` (a verified one is then "changed after verification");
    /// earlier versions stay as they were. Refused when another version was added since
    /// the record was read.
    public func edit(id: Int64, values: [String: String], flags: [String: FieldFlag], cleared: [String],
                     reason: String, confirmed: Bool, operator: String) throws(ArchiveError) -> EditOutcome {
        guard let row = try store.record(id: id), let latest = try store.recordVersions(id: id).last else {
            return .noSuchRecord
        }
        if latest.status == RecordStatus.merged { return .merged }
        var (mergedValues, mergedFlags) = Self.typed(latest.fields)
        for (key, value) in values {
            // A new value replaces whatever flag the field had (give --flag again to keep one).
            mergedValues[key] = value
            mergedFlags.removeValue(forKey: key)
        }
        for (key, flag) in flags {
            mergedFlags[key] = flag
            if flag != .uncertain { mergedValues.removeValue(forKey: key) }
        }
        for key in cleared {
            mergedValues.removeValue(forKey: key)
            mergedFlags.removeValue(forKey: key)
        }
        switch try checked(typeName: row.type, values: mergedValues, flags: mergedFlags, confirmed: confirmed,
                           pass: latest.pass, excluding: [id]) {
        case .failure(let refusal):
            return .refused(refusal)
        case .success(let record):
            let fields = Self.stored(record.fields)
            if fields == latest.fields { return .unchanged }
            let version = self.version(type: row.type, fields: fields, status: RecordStatus.keyed, pass: latest.pass,
                                       reason: reason)
            return .edited(version: try store.addRecordVersion(recordId: id, version, operator: `operator`,
                                                               basedOn: latest.version),
                           warnings: record.warnings, wasVerified: latest.status == RecordStatus.verified)
        }
    }

    /// One version of a record and what it changed, or another change to the record:
    /// its pages moved by a re-normalization, a duplicate decision on it.
    public struct VersionChange: Sendable, Encodable, Equatable {
        public struct Change: Sendable, Encodable, Equatable {
            public let key: String
            /// Before and after, as shown: the value, `[flag]`, or nil when absent.
            public let before: String?
            public let after: String?
        }
        /// `record-version` (a version of the record), `pages-moved`, `duplicate-resolve` or `duplicate-undo`;
        /// for the others, `version` and `status` are the record's at the time.
        public let kind: String
        public let version: Int
        public let time: String
        public let `operator`: String
        public let status: String
        public let reason: String?
        public let changes: [Change]
    }

    /// Every version of record `id`, oldest first, each with its changes from the one
    /// before (the first lists everything it entered); nil when there is no such record.
    public func history(id: Int64) throws(ArchiveError) -> [VersionChange]? {
        guard let row = try store.record(id: id) else { return nil }
        var previous: [String: StoredField] = [:]
        let versions = try store.recordVersions(id: id)
        var entries = versions.map { version in
            let keys = inFormOrder(Set(previous.keys).union(version.fields.keys), typeName: row.type)
            let changes = keys.compactMap { key -> VersionChange.Change? in
                previous[key] == version.fields[key] ? nil
                    : VersionChange.Change(key: key, before: previous[key]?.shown, after: version.fields[key]?.shown)
            }
            previous = version.fields
            return VersionChange(kind: "record-version", version: version.version, time: version.time, operator: version.operator,
                                 status: version.status, reason: version.reason, changes: changes)
        }
        // At the time of each other change: the latest version written before it.
        func standing(at time: String) -> RecordVersionRow? { versions.last { $0.time <= time } ?? versions.first }
        for event in try store.events(subject: "record:\(id)", kinds: ["record-pages-move"]) {
            struct Move: Decodable { let from: [Int64], to: [Int64], reason: String? }
            guard let move = try? JSONDecoder().decode(Move.self, from: Data(event.details.utf8)), let at = standing(at: event.time) else { continue }
            entries.append(VersionChange(kind: "pages-moved", version: at.version, time: event.time, operator: event.operator,
                                         status: at.status, reason: move.reason,
                                         changes: [.init(key: "pages", before: move.from.map(String.init).joined(separator: ", "),
                                                         after: move.to.map(String.init).joined(separator: ", "))]))
        }
        for decision in try store.duplicateDecisions(recordId: id) {
            guard let at = standing(at: decision.time) else { continue }
            let other = decision.recordId == id ? decision.otherId : decision.recordId
            let said = switch decision.decision {
            case "duplicate": decision.recordId == id ? "duplicate of record \(other)" : "record \(other) is a duplicate of this one"
            case "distinct": "a different act from record \(other)"
            default: decision.recordId == id ? "no longer a duplicate of record \(other)" : "record \(other) is no longer a duplicate of this one"
            }
            entries.append(VersionChange(kind: decision.decision == "undone" ? "duplicate-undo" : "duplicate-resolve",
                                         version: at.version, time: decision.time, operator: decision.operator,
                                         status: at.status, reason: decision.reason,
                                         changes: [.init(key: "duplicate", before: nil, after: said)]))
        }
        // Stable: versions first at equal times.
        return entries.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    /// A record as it stands: its latest version, with every field's label.
    public struct View: Sendable, Encodable {
        public struct Field: Sendable, Encodable {
            public let key: String
            public let label: String
            public let value: String?
            public let flag: String?

            /// The value and flag as people read them: `Каримова [uncertain]`.
            public var shown: String { StoredField(value: value, flag: flag).shown }
        }
        public let id: Int64
        public let type: String
        public let typeLabel: String
        public let status: String
        public let version: Int
        public let pages: [Int64]
        public let createdAt: String
        public let createdBy: String
        /// Where the record stands: its status, or `duplicate` when it was resolved as one.
        public let state: String
        /// Who verified it (the latest verification) and when.
        public let verifiedBy: String?
        public let verifiedAt: String?
        /// Verified once, edited since: `record verify` (or a new double keying) verifies it again.
        public let changedAfterVerification: Bool
        /// The record it was resolved as a duplicate of, and the surviving record of its act.
        public let duplicateOf: Int64?
        public let survivor: Int64?
        /// For a merged second keying: the record it was reconciled into.
        public let mergedInto: Int64?
        /// Entered fields, in the order of the act type's form.
        public let fields: [Field]
    }

    /// The record with this id, labelled in `language`, or nil.
    public func view(id: Int64, language: Language) throws(ArchiveError) -> View? {
        let versions = try store.recordVersions(id: id)
        guard let row = try store.record(id: id), let latest = versions.last else { return nil }
        let type = validator.schema.type(named: row.type)
        let lifecycle = try Lifecycle(recordId: id, versions: versions, store: store)
        let fields = inFormOrder(latest.fields.keys, typeName: row.type).map { key in
            View.Field(key: key, label: type?.field(key)?.labels.text(in: language) ?? key,
                       value: latest.fields[key]?.value, flag: latest.fields[key]?.flag)
        }
        return View(id: id, type: row.type, typeLabel: type?.labels.text(in: language) ?? row.type, status: latest.status,
                    version: latest.version, pages: try store.recordPages(id: id), createdAt: row.createdAt,
                    createdBy: row.createdBy, state: lifecycle.state, verifiedBy: lifecycle.lastVerification?.operator,
                    verifiedAt: lifecycle.lastVerification?.time, changedAfterVerification: lifecycle.changedAfterVerification,
                    duplicateOf: lifecycle.duplicateOf, survivor: lifecycle.duplicateOf == nil ? nil : lifecycle.survivor,
                    mergedInto: latest.status == RecordStatus.merged ? try store.mergedInto(recordId: id) : nil,
                    fields: fields)
    }

    /// Keys in the order the act type's form asks for them (unknown keys last, by name).
    func inFormOrder(_ keys: some Sequence<String>, typeName: String) -> [String] {
        let order = validator.schema.type(named: typeName)?.fields.map(\.key) ?? []
        return keys.sorted { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }
    }

    /// A version to store, with what the search index and the duplicate rules keep of it.
    func version(type: String, fields: [String: StoredField], status: String, pass: Int? = nil,
                 reason: String? = nil, folding: FoldedNameCache? = nil) -> NewRecordVersion {
        let (names, duplicateKey) = indexed(type: type, fields: fields, folding: folding)
        return NewRecordVersion(fields: fields, status: status, pass: pass, reason: reason, names: names,
                                duplicateKey: duplicateKey)
    }

    /// The words of every name field, folded and as written, by role, as the search
    /// index keeps them; and the duplicate rules' key (`DuplicateCandidate.encoded`),
    /// from the same foldings.
    func indexed(type: String, fields: [String: StoredField], folding: FoldedNameCache? = nil)
        -> (names: [IndexedName], duplicateKey: String?) {
        let nameFields = validator.schema.type(named: type)?.nameFields ?? []
        // The folded fields as a short list (a dozen at most), searched by key: a
        // dictionary hashed every key twice, a million times in a load.
        var names: [IndexedName] = [], folded: [(key: String, text: String)] = []
        folded.reserveCapacity(nameFields.count)
        for (key, role) in nameFields {
            guard let value = fields[key]?.value else { continue }
            let words = folding?.words(of: value) ?? FoldedNameCache.fold(value)
            folded.append((key, words.count == 1 ? words[0].folded : words.map(\.folded).joined(separator: " ")))
            for word in words { names.append(IndexedName(role: role, folded: word.folded, writtenKey: word.written)) }
        }
        let duplicateKey = DuplicateCandidate.encoded(type: type, values: { fields[$0]?.value },
                                                      folded: { key in folded.first { $0.key == key }?.text })
        return (names, duplicateKey)
    }

    /// Indexes the names of records keyed before the search index existed, or before an
    /// upgrade changed it (a one-time catch-up, a thousand records per transaction).
    public func indexPendingNames() throws(ArchiveError) {
        while true {
            let pending = try store.recordsWithUnindexedNames(limit: 1000)
            if pending.isEmpty { return }
            let fields = try store.latestFields(ids: pending.map(\.id))
            try store.indexNames(pending.map { id, type in
                let held = fields[id] ?? [:]
                let (names, duplicateKey) = indexed(type: type, fields: held)
                return (id, names, duplicateKey)
            })
        }
    }

    /// The archive's form of validated entries.
    static func stored(_ fields: [String: FieldEntry]) -> [String: StoredField] {
        fields.mapValues { StoredField(value: $0.value?.text, flag: $0.flag?.rawValue) }
    }

    /// Stored fields as typed text and flags again, to be checked anew.
    static func typed(_ fields: [String: StoredField]) -> (values: [String: String], flags: [String: FieldFlag]) {
        var values: [String: String] = [:], flags: [String: FieldFlag] = [:]
        for (key, field) in fields {
            if let value = field.value { values[key] = value }
            if let flag = field.flag.flatMap(FieldFlag.init(rawValue:)) { flags[key] = flag }
        }
        return (values, flags)
    }

    /// The name fields of a record of act type `type` that hold a value, with their role
    /// (`child.surname` → `child`): what the search index folds and search shows.
    func names(type: String, fields: [String: StoredField]) -> [(key: String, role: String, value: String)] {
        guard let roles = validator.schema.type(named: type)?.nameRoles else { return [] }
        return fields.compactMap { key, field in
            guard let value = field.value, let role = roles[key] else { return nil }
            return (key, role, value)
        }
    }

    /// The offices list to check codes against: the file named, else `offices.csv`
    /// beside the archive, else none (codes are then taken as typed).
    public static func offices(file: String?, archive: String) throws -> OfficeList? {
        let candidate = file ?? URL(fileURLWithPath: archive).deletingLastPathComponent().appendingPathComponent("offices.csv").path
        guard FileManager.default.fileExists(atPath: candidate) else {
            if let file { throw OfficesFileError(path: file, reason: "no such file") }
            return nil
        }
        do {
            return try OfficeList(csv: String(contentsOfFile: candidate, encoding: .utf8))
        } catch let error as OfficeListError {
            if case .malformedLine(let line) = error { throw OfficesFileError(path: candidate, reason: "line \(line) is not code,name") }
            throw OfficesFileError(path: candidate, reason: "unreadable")
        } catch {
            throw OfficesFileError(path: candidate, reason: "unreadable (\(error.localizedDescription))")
        }
    }
}

/// An offices list that cannot be used.
public struct OfficesFileError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

extension StoredField {
    /// The value, then the flag in brackets, as people read them: `Каримова [uncertain]`, `[illegible]`.
    public var shown: String {
        [value, flag.map { "[\($0)]" }].compactMap { $0 }.joined(separator: " ")
    }
}
