import Foundation
import GRDB

/// A record as the search index holds it: its latest act number, date, office and status.
public struct SearchRow: Sendable, Equatable {
    public var recordId: Int64
    public var type: String
    public var status: String
    public var actNumber: String?
    public var actDate: String?
    public var office: String?
    /// The record a registrar found this one to duplicate.
    public var duplicateOf: Int64?
}

/// Which records a search keeps, checked in SQL beside the name keys.
public struct SearchFilter: Sendable, Equatable {
    public var type: String?
    public var office: String?
    /// ISO partial dates (`1957`, `1957-03`); a record's act date is compared at the
    /// precision both have, so `1957` keeps every date of that year.
    public var from: String?
    public var to: String?
    public var actNumber: String?
    public var statuses: Set<String>
    public var includeDuplicates: Bool

    public init(type: String? = nil, office: String? = nil, from: String? = nil, to: String? = nil, actNumber: String? = nil,
                statuses: Set<String>, includeDuplicates: Bool = false) {
        self.type = type
        self.office = office
        self.from = from
        self.to = to
        self.actNumber = actNumber
        self.statuses = statuses
        self.includeDuplicates = includeDuplicates
    }

    /// The WHERE conditions on `record_search s`, and their arguments.
    var sql: (conditions: String, arguments: StatementArguments) {
        var conditions = ["s.status IN (\(statuses.sorted().map { _ in "?" }.joined(separator: ",")))"]
        var arguments = StatementArguments(statuses.sorted())
        if !includeDuplicates { conditions.append("s.duplicate_of IS NULL") }
        for (column, value) in [("s.type", type), ("s.office", office), ("s.act_number", actNumber)] {
            if let value {
                conditions.append("\(column) = ?")
                arguments += [value]
            }
        }
        for (comparison, bound) in [(">=", from), ("<=", to)] {
            if let bound {
                conditions.append("""
                    s.act_date IS NOT NULL AND substr(s.act_date, 1, min(length(s.act_date), ?))
                    \(comparison) substr(?, 1, min(length(s.act_date), ?))
                    """)
                arguments += [bound.count, bound, bound.count]
            }
        }
        return (conditions.joined(separator: " AND "), arguments)
    }
}

extension ArchiveStore {
    /// The id of a folded name word, when some record holds it.
    public func nameTermId(_ folded: String) throws(ArchiveError) -> Int64? {
        try read { db in try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM name_term WHERE folded = ?"), arguments: [folded]) }
    }

    /// The id of a name word as written (lower case), when some record holds it.
    public func nameFormId(_ written: String) throws(ArchiveError) -> Int64? {
        try read { db in try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM name_form WHERE written = ?"), arguments: [written]) }
    }

    /// The written forms of these folded words (every spelling the archive holds of each).
    public func nameForms(termIds: [Int64]) throws(ArchiveError) -> [Int64] {
        try read { db in
            let statement = try db.cachedStatement(sql: "SELECT id FROM name_form WHERE term_id = ? ORDER BY id")
            return try termIds.flatMap { try Int64.fetchAll(statement, arguments: [$0]) }
        }
    }

    /// Folded words whose ^word$ padded form contains one of `pieces` (three letters or
    /// more), with a length in `lengths`: the candidates for a typo-tolerant match.
    public func nameTerms(containingAnyOf pieces: [String], lengths: ClosedRange<Int>) throws(ArchiveError) -> [(id: Int64, folded: String)] {
        guard !pieces.isEmpty else { return [] }
        let match = pieces.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" }.joined(separator: " OR ")
        return try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT t.id, t.folded FROM name_term_trigram f JOIN name_term t ON t.id = f.rowid
                WHERE name_term_trigram MATCH ? AND length(t.folded) BETWEEN ? AND ?
                """), arguments: [match, lengths.lowerBound, lengths.upperBound]).map { ($0["id"], $0["folded"]) }
        }
    }

    /// Records whose name keys match a full-text expression (`SearchIndex`'s keys with
    /// AND, OR and brackets) and that pass `filter`, in record order after `after`, at most `limit`.
    public func recordsMatching(_ expression: String, filter: SearchFilter, after: Int64 = 0,
                                limit: Int) throws(ArchiveError) -> [SearchRow] {
        let (conditions, arguments) = filter.sql
        return try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT s.* FROM name_index JOIN record_search s ON s.record_id = name_index.rowid
                WHERE name_index MATCH ? AND name_index.rowid > ? AND \(conditions)
                ORDER BY name_index.rowid LIMIT ?
                """), arguments: [expression, after] + arguments + [limit]).map(Self.searchRow)
        }
    }

    /// Records that pass `filter` (an act number search without names), in record order.
    public func records(matching filter: SearchFilter, limit: Int) throws(ArchiveError) -> [SearchRow] {
        let (conditions, arguments) = filter.sql
        return try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT s.* FROM record_search s WHERE \(conditions) ORDER BY s.record_id LIMIT ?
                """), arguments: arguments + [limit]).map(Self.searchRow)
        }
    }

    /// The latest fields of several records, in one read.
    public func latestFields(ids: [Int64]) throws(ArchiveError) -> [Int64: [String: StoredField]] {
        try read { db in
            var result: [Int64: [String: StoredField]] = [:]
            let statement = try db.cachedStatement(sql: "SELECT fields FROM record_version WHERE record_id = ? ORDER BY version DESC LIMIT 1")
            for id in ids {
                if let json = try String.fetchOne(statement, arguments: [id]) {
                    result[id] = (try? JSONDecoder().decode([String: StoredField].self, from: Data(json.utf8))) ?? [:]
                }
            }
            return result
        }
    }

    /// A record as the search index holds it, or nil.
    public func searchRow(id: Int64) throws(ArchiveError) -> SearchRow? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM record_search WHERE record_id = ?", arguments: [id]).map(Self.searchRow)
        }
    }

    private static func searchRow(_ row: Row) -> SearchRow {
        SearchRow(recordId: row["record_id"], type: row["type"], status: row["status"], actNumber: row["act_number"],
                  actDate: row["act_date"], office: row["office"], duplicateOf: row["duplicate_of"])
    }
}

extension ArchiveStore {
    /// Records not in the search index yet (keyed before it existed, or before an
    /// upgrade changed it), with their act types.
    public func recordsWithUnindexedNames(limit: Int) throws(ArchiveError) -> [(id: Int64, type: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT record_id, type FROM record_search WHERE names IS NULL LIMIT ?",
                             arguments: [limit]).map { ($0["record_id"], $0["type"]) }
        }
    }

    /// Puts these records' name words and duplicate keys in the search index, in one transaction.
    public func indexNames(_ records: [(recordId: Int64, names: [IndexedName], duplicateKey: String?)]) throws(ArchiveError) {
        try write { db in
            let cache = NameIdCache()
            for (recordId, names, duplicateKey) in records {
                let text = try SearchIndex.index(db, recordId: recordId, names: names, terms: cache)
                try db.executeCached(sql: "UPDATE record_search SET names = ?, duplicate_key = ? WHERE record_id = ?",
                                     arguments: [text, duplicateKey, recordId])
            }
        }
    }

    /// Merges the name index's segments into one, after a long load: a lookup then
    /// reads one posting list per key instead of one per segment.
    public func optimizeNameIndex() throws(ArchiveError) {
        try write { db in try db.execute(sql: "INSERT INTO name_index (name_index) VALUES ('optimize')") }
    }
}
