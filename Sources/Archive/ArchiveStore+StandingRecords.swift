import Foundation
import GRDB

/// A record as it stands (its latest version) with everything an export carries.
public struct StandingRecord: Sendable {
    public let id: Int64
    public let type: String
    public let status: String
    public let version: Int
    /// The double-keying pass of the first version, if it was double-keyed.
    public let pass: Int?
    /// The record this one was merged into, when it is a settled duplicate.
    public let duplicateOf: Int64?
    public let pages: [Int64]
    /// The ledgers of its pages' sources.
    public let ledgers: [String]
    public let createdAt: String
    public let createdBy: String
    /// The latest version's time, operator and reason.
    public let updatedAt: String
    public let updatedBy: String
    public let reason: String?
    public let fields: [String: StoredField]
}

extension ArchiveStore {
    /// Calls `body` with each record as it stands, in id order, narrowed to act types
    /// (none: all) and an office (`act.office`). Reads one snapshot; rows are decoded one
    /// at a time, so a million records need no more memory than one.
    public func forEachStandingRecord(types: [String] = [], office: String? = nil,
                                      _ body: (StandingRecord) throws -> Void) throws(ArchiveError) {
        let path = self.path
        try read { db in
            var arguments: [(any DatabaseValueConvertible)?] = []
            var conditions: [String] = []
            if !types.isEmpty {
                conditions.append("r.type IN (\(types.map { _ in "?" }.joined(separator: ",")))")
                arguments += types.map { $0 as (any DatabaseValueConvertible)? }
            }
            if let office {
                conditions.append("s.office = ?")
                arguments.append(office)
            }
            let sql = """
                SELECT r.id, r.type, r.created_at, r.created_by, v.version, v.status, v.fields, v.operator, v.time, v.reason,
                       (SELECT pass FROM record_version WHERE record_id = r.id AND version = 1) AS pass,
                       (SELECT group_concat(page_id) FROM record_page WHERE record_id = r.id) AS pages,
                       (SELECT group_concat(DISTINCT so.ledger) FROM record_page rp JOIN page p ON p.id = rp.page_id
                          JOIN source so ON so.id = p.source_id WHERE rp.record_id = r.id) AS ledgers,
                       s.duplicate_of
                FROM record r
                JOIN record_version v ON v.record_id = r.id
                    AND v.version = (SELECT MAX(version) FROM record_version WHERE record_id = r.id)
                LEFT JOIN record_search s ON s.record_id = r.id
                \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
                ORDER BY r.id
                """
            let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments.map { $0?.databaseValue ?? .null }))
            while let row = try rows.next() {
                let json: String = row["fields"]
                let id: Int64 = row["id"]
                guard let fields = try? JSONDecoder().decode([String: StoredField].self, from: Data(json.utf8)) else {
                    throw ArchiveError.database(path: path, message: "record \(id) has unreadable fields")
                }
                let pages: String? = row["pages"], ledgers: String? = row["ledgers"]
                try body(StandingRecord(
                    id: id, type: row["type"], status: row["status"], version: row["version"], pass: row["pass"],
                    duplicateOf: row["duplicate_of"],
                    pages: (pages ?? "").split(separator: ",").compactMap { Int64($0) }.sorted(),
                    ledgers: (ledgers ?? "").split(separator: ",").map(String.init).sorted(),
                    createdAt: row["created_at"], createdBy: row["created_by"], updatedAt: row["time"],
                    updatedBy: row["operator"], reason: row["reason"], fields: fields))
            }
        }
    }
}
