import Archive
import Foundation
import Registry

/// Keys records in: validates typed text against the act schema and stores the
/// record, a version at a time, in the archive.
public struct RecordKeeping: Sendable {
    public let store: ArchiveStore
    public let validator: RecordValidator

    public init(store: ArchiveStore, offices: OfficeList?) {
        self.store = store
        self.validator = RecordValidator(offices: offices)
    }

    /// What became of an `add`.
    public enum AddOutcome: Sendable, Equatable {
        case added(id: Int64, warnings: [FieldProblem])
        /// Field errors (or an unknown act type): nothing stored.
        case invalid(RecordProblems)
        /// Only warnings, not confirmed: nothing stored.
        case needsConfirmation([FieldProblem])
    }

    /// Adds a keyed record of act type `type` on `pages`. Warnings stop it unless `confirmed`.
    public func add(type: String, pages: [Int64], values: [String: String], flags: [String: FieldFlag],
                    confirmed: Bool, pass: Int? = nil, operator: String) throws(ArchiveError) -> AddOutcome {
        switch validator.validate(typeName: type, values: values, flags: flags) {
        case .failure(let problems):
            return .invalid(problems)
        case .success(let record):
            if !record.warnings.isEmpty && !confirmed { return .needsConfirmation(record.warnings) }
            let version = NewRecordVersion(fields: Self.stored(record.fields), status: "keyed", pass: pass)
            let id = try store.addRecord(type: type, pages: pages, version: version, operator: `operator`)
            return .added(id: id, warnings: record.warnings)
        }
    }

    /// A record as it stands: its latest version, with every field's label.
    public struct View: Sendable, Encodable {
        public struct Field: Sendable, Encodable {
            public let key: String
            public let label: String
            public let value: String?
            public let flag: String?
        }
        public let id: Int64
        public let type: String
        public let typeLabel: String
        public let status: String
        public let version: Int
        public let pages: [Int64]
        public let createdAt: String
        public let createdBy: String
        /// Entered fields, in the order of the act type's form.
        public let fields: [Field]
    }

    /// The record with this id, labelled in `language`, or nil.
    public func view(id: Int64, language: Language) throws(ArchiveError) -> View? {
        guard let row = try store.record(id: id), let latest = try store.recordVersions(id: id).last else { return nil }
        let type = validator.schema.type(named: row.type)
        let order = type?.fields.map(\.key) ?? []
        let keys = latest.fields.keys.sorted { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }
        let fields = keys.map { key in
            View.Field(key: key, label: type?.field(key)?.labels.text(in: language) ?? key,
                       value: latest.fields[key]?.value, flag: latest.fields[key]?.flag)
        }
        return View(id: id, type: row.type, typeLabel: type?.labels.text(in: language) ?? row.type, status: latest.status,
                    version: latest.version, pages: try store.recordPages(id: id), createdAt: row.createdAt,
                    createdBy: row.createdBy, fields: fields)
    }

    /// The archive's form of validated entries.
    static func stored(_ fields: [String: FieldEntry]) -> [String: StoredField] {
        fields.mapValues { StoredField(value: $0.value?.text, flag: $0.flag?.rawValue) }
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
