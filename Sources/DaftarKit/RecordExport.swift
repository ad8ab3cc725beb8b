import Archive
import Foundation
import Registry

/// Writes records as they stand, one row each, as CSV (RFC 4180, UTF-8) or JSON Lines:
/// every field and flag, the status, versions, pages and ledgers, in an order that does
/// not change from one run to the next.
public struct RecordExport: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case csv, jsonl
    }

    /// Which records: act types (none: all), an office, and act dates within a range.
    public struct Filter: Sendable {
        public var types: [String]
        public var office: String?
        /// Only acts whose date lies wholly on or after this date's first day…
        public var from: PartialDate?
        /// …and on or before this date's last day (`--to 1957` takes all of 1957).
        public var to: PartialDate?

        public init(types: [String] = [], office: String? = nil, from: PartialDate? = nil, to: PartialDate? = nil) {
            self.types = types
            self.office = office
            self.from = from
            self.to = to
        }

        func accepts(_ record: StandingRecord) -> Bool {
            guard from != nil || to != nil else { return true }
            guard let text = record.fields["act.date"]?.value, case .date(let date) = DateReading(text) else { return false }
            if let from, date.earliest < from.earliest { return false }
            if let to, date.latest > to.latest { return false }
            return true
        }
    }

    /// The columns before the fields.
    public static let recordColumns = ["id", "type", "status", "version", "pass", "duplicate_of", "ledgers", "pages",
                                       "created_at", "created_by", "updated_at", "updated_by", "reason"]
    /// The last column: fields the schema does not name (an extension since withdrawn), as JSON.
    public static let otherColumn = "other_fields"

    public let store: ArchiveStore

    public init(store: ArchiveStore) {
        self.store = store
    }

    /// The field columns: every field of the chosen types (all types when none is chosen),
    /// in the schema's order, each once.
    public static func fieldColumns(schema: ActSchema, types: [String]) -> [String] {
        var seen = Set<String>(), columns: [String] = []
        for type in schema.types where types.isEmpty || types.contains(type.name) {
            for field in type.fields where seen.insert(field.key).inserted { columns.append(field.key) }
        }
        return columns
    }

    /// A field as a CSV cell, in the manifest's notation: the value; `[illegible]` or
    /// `[blank-in-source]` for a flag in its place; `value [uncertain]`.
    static func cell(_ field: StoredField?) -> String {
        guard let field else { return "" }
        switch (field.value, field.flag) {
        case (let value?, nil): return value
        case (let value?, let flag?): return "\(value) [\(flag)]"
        case (nil, let flag?): return "[\(flag)]"
        case (nil, nil): return ""
        }
    }

    /// One JSON Lines row.
    struct Line: Encodable {
        let id: Int64
        let type: String
        let status: String
        let version: Int
        let pass: Int?
        let duplicateOf: Int64?
        let ledgers: [String]
        let pages: [Int64]
        let createdAt: String
        let createdBy: String
        let updatedAt: String
        let updatedBy: String
        let reason: String?
        let fields: [String: String]
        let flags: [String: String]
    }

    /// Writes the chosen records to `writer`; returns how many.
    public func write(_ format: Format, filter: Filter, to writer: FileWriter) throws -> Int {
        let schema = try OfficeSchema.current(in: store).schema
        let fields = Self.fieldColumns(schema: schema, types: filter.types)
        let known = Set(fields)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if format == .csv {
            try writer.write((Self.recordColumns + fields + [Self.otherColumn]).joined(separator: ",") + "\r\n")
        }
        var count = 0
        // The archive turns whatever a row's handler throws into its own error; the
        // writer's failure is kept aside to be reported as what it is.
        var writeFailure: FileWriter.Failure?
        do {
            try store.forEachStandingRecord(types: filter.types, office: filter.office) { record in
                guard filter.accepts(record) else { return }
                do {
                    switch format {
                    case .csv:
                        var cells: [String] = [String(record.id), record.type, record.status, String(record.version)]
                        cells.append(record.pass.map { String($0) } ?? "")
                        cells.append(record.duplicateOf.map { String($0) } ?? "")
                        cells.append(record.ledgers.joined(separator: ";"))
                        cells.append(record.pages.map { String($0) }.joined(separator: ";"))
                        cells += [record.createdAt, record.createdBy, record.updatedAt, record.updatedBy, record.reason ?? ""]
                        cells += fields.map { Self.cell(record.fields[$0]) }
                        let other = record.fields.filter { !known.contains($0.key) }
                        cells.append(other.isEmpty ? "" : String(decoding: try encoder.encode(other), as: UTF8.self))
                        try writer.write(cells.map(CSVCell.quoted).joined(separator: ",") + "\r\n")
                    case .jsonl:
                        let line = Line(id: record.id, type: record.type, status: record.status, version: record.version,
                                        pass: record.pass, duplicateOf: record.duplicateOf, ledgers: record.ledgers,
                                        pages: record.pages, createdAt: record.createdAt, createdBy: record.createdBy,
                                        updatedAt: record.updatedAt, updatedBy: record.updatedBy, reason: record.reason,
                                        fields: record.fields.compactMapValues(\.value),
                                        flags: record.fields.compactMapValues(\.flag))
                        var bytes = Array(try encoder.encode(line))
                        bytes.append(UInt8(ascii: "\n"))
                        try writer.write(bytes)
                    }
                } catch let failure as FileWriter.Failure {
                    writeFailure = failure
                    throw failure
                }
                count += 1
            }
        } catch {
            if let writeFailure { throw writeFailure }
            throw error
        }
        try writer.commit()
        return count
    }
}
