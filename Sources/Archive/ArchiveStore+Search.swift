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

/// One record and role holding a folded name word.
public struct NamePosting: Sendable, Equatable {
    public var termId: Int64
    public var recordId: Int64
    public var role: String
}

extension ArchiveStore {
    /// The id of a folded name word, when some record holds it.
    public func nameTermId(_ folded: String) throws(ArchiveError) -> Int64? {
        try read { db in try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM name_term WHERE folded = ?"), arguments: [folded]) }
    }

    /// Folded words sharing at least one of `trigrams` (of the ^word$ padded form), whose
    /// length is in `lengths`: the candidates for a typo-tolerant match.
    public func nameTerms(sharingAnyOf trigrams: [String], lengths: ClosedRange<Int>) throws(ArchiveError) -> [(id: Int64, folded: String)] {
        guard !trigrams.isEmpty else { return [] }
        let match = trigrams.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" }.joined(separator: " OR ")
        return try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT t.id, t.folded FROM name_term_trigram f JOIN name_term t ON t.id = f.rowid
                WHERE name_term_trigram MATCH ? AND length(t.folded) BETWEEN ? AND ?
                """), arguments: [match, lengths.lowerBound, lengths.upperBound]).map { ($0["id"], $0["folded"]) }
        }
    }

    /// Every record and role holding one of these words.
    public func namePostings(termIds: [Int64]) throws(ArchiveError) -> [NamePosting] {
        try read { db in
            var postings: [NamePosting] = []
            for termId in termIds {
                postings += try Row.fetchAll(db, sql: "SELECT record_id, role FROM record_name WHERE term_id = ?",
                                             arguments: [termId]).map {
                    NamePosting(termId: termId, recordId: $0["record_id"], role: $0["role"])
                }
            }
            return postings
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

    /// How many records and roles hold each of these words.
    public func namePostingCounts(termIds: [Int64]) throws(ArchiveError) -> [Int64: Int] {
        try read { db in
            let statement = try db.cachedStatement(sql: "SELECT COUNT(*) FROM record_name WHERE term_id = ?")
            var counts: [Int64: Int] = [:]
            for termId in termIds { counts[termId] = try Int.fetchOne(statement, arguments: [termId]) ?? 0 }
            return counts
        }
    }

    /// Which of these records hold a word, and in which roles (one index seek each).
    public func namePostings(termId: Int64, recordIds: [Int64]) throws(ArchiveError) -> [NamePosting] {
        try read { db in
            let statement = try db.cachedStatement(sql: "SELECT role FROM record_name WHERE term_id = ? AND record_id = ?")
            var postings: [NamePosting] = []
            for recordId in recordIds {
                for role in try String.fetchAll(statement, arguments: [termId, recordId]) {
                    postings.append(NamePosting(termId: termId, recordId: recordId, role: role))
                }
            }
            return postings
        }
    }

    /// The index rows of these records (those that exist).
    public func searchRows(recordIds: [Int64]) throws(ArchiveError) -> [SearchRow] {
        try read { db in
            var rows: [SearchRow] = []
            for chunk in stride(from: 0, to: recordIds.count, by: 500).map({ Array(recordIds[$0..<min($0 + 500, recordIds.count)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                rows += try Row.fetchAll(db, sql: "SELECT * FROM record_search WHERE record_id IN (\(marks))",
                                         arguments: StatementArguments(chunk)).map(Self.searchRow)
            }
            return rows
        }
    }

    /// The index rows of records with this act number.
    public func searchRows(actNumber: String) throws(ArchiveError) -> [SearchRow] {
        try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM record_search WHERE act_number = ?"), arguments: [actNumber]).map(Self.searchRow)
        }
    }

    private static func searchRow(_ row: Row) -> SearchRow {
        SearchRow(recordId: row["record_id"], type: row["type"], status: row["status"], actNumber: row["act_number"],
                  actDate: row["act_date"], office: row["office"], duplicateOf: row["duplicate_of"])
    }
}

extension ArchiveStore {
    /// Records whose names are not in the search index yet (keyed before it existed).
    public func recordsWithUnindexedNames(limit: Int) throws(ArchiveError) -> [Int64] {
        try read { db in
            try Int64.fetchAll(db, sql: "SELECT record_id FROM record_search WHERE term_ids IS NULL LIMIT ?", arguments: [limit])
        }
    }

    /// Puts these records' folded name words in the search index, in one transaction.
    public func indexNames(_ records: [(recordId: Int64, names: [IndexedName])]) throws(ArchiveError) {
        try write { db in
            for (recordId, names) in records {
                let termIds = try SearchIndex.indexNames(db, recordId: recordId, names: names)
                try db.executeCached(sql: "UPDATE record_search SET term_ids = ? WHERE record_id = ?", arguments: [termIds, recordId])
            }
        }
    }
}
