import GRDB

/// The statements that store a new record, prepared once for a transaction that
/// stores many: GRDB's statement cache finds a statement by hashing its SQL text,
/// a few hundred bytes five times a record in a load of a million. Held for one
/// transaction only (a schema change may finalize cached statements).
final class RecordStatements {
    enum Kind: Int, CaseIterable {
        case record, recordPage, version, newSearchRow, nameKeys, actNumberHeld

        var sql: String {
            switch self {
            case .record: "INSERT INTO record (type, created_at, created_by) VALUES (?, ?, ?)"
            case .recordPage: "INSERT INTO record_page (record_id, page_id) VALUES (?, ?)"
            case .version: """
                INSERT INTO record_version (record_id, version, status, pass, fields, operator, time, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
            case .newSearchRow: """
                INSERT INTO record_search (record_id, type, status, act_number, act_date, office, names, duplicate_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
            case .nameKeys: "INSERT INTO name_index (rowid, keys) VALUES (?, ?)"
            // Any record of this type and office holding the number in the year (the
            // date's range), by the act-number index.
            case .actNumberHeld: """
                SELECT record_id FROM record_search
                WHERE act_number = ? AND office = ? AND type = ? AND act_date >= ? AND act_date < ? LIMIT 1
                """
            }
        }
    }

    private let db: Database
    private var prepared: [RawStatement?] = Array(repeating: nil, count: Kind.allCases.count)

    init(_ db: Database) {
        self.db = db
    }

    /// The statement of `kind`, prepared on first use.
    func callAsFunction(_ kind: Kind) throws -> RawStatement {
        if let statement = prepared[kind.rawValue] { return statement }
        let statement = try RawStatement(db, sql: kind.sql)
        prepared[kind.rawValue] = statement
        return statement
    }
}
