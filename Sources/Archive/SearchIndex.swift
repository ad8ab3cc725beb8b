import Foundation
import GRDB

/// The search index, kept in the same transaction as every record version: the
/// record's latest act number, date, office and status, and its folded name words.
enum SearchIndex {
    /// Term ids already looked up in one transaction (a batch of records shares most names).
    final class TermCache {
        var ids: [String: Int64] = [:]
    }

    /// Re-indexes a record from the version just written; `isNew` skips looking for
    /// what a record just created cannot have.
    static func update(_ db: Database, recordId: Int64, version: NewRecordVersion, isNew: Bool = false,
                       terms: TermCache? = nil) throws {
        let termIds = try indexNames(db, recordId: recordId, names: version.names, isNew: isNew, terms: terms)
        func value(_ key: String) -> String? { version.fields[key]?.value }
        if isNew {
            try db.executeCached(sql: """
                INSERT INTO record_search (record_id, type, status, act_number, act_date, office, term_ids)
                VALUES (?, (SELECT type FROM record WHERE id = ?), ?, ?, ?, ?, ?)
                """, arguments: [recordId, recordId, version.status, value("act.number"), value("act.date"), value("act.office"),
                                 termIds])
            return
        }
        try db.executeCached(sql: """
            INSERT OR REPLACE INTO record_search (record_id, type, status, act_number, act_date, office, term_ids, duplicate_of)
            VALUES (?, (SELECT type FROM record WHERE id = ?), ?, ?, ?, ?, ?,
                    (SELECT other_id FROM duplicate_decision WHERE record_id = ? AND decision = 'duplicate' ORDER BY id DESC LIMIT 1))
            """, arguments: [recordId, recordId, version.status, value("act.number"), value("act.date"), value("act.office"),
                             termIds, recordId])
    }

    /// Replaces a record's name words in the index; returns its `term_ids` text.
    static func indexNames(_ db: Database, recordId: Int64, names: [IndexedName], isNew: Bool = false,
                           terms: TermCache? = nil) throws -> String {
        if !isNew, let old = try String.fetchOne(try db.cachedStatement(sql: "SELECT term_ids FROM record_search WHERE record_id = ?"), arguments: [recordId]) {
            for termId in old.split(separator: ",").compactMap({ Int64($0) }) {
                try db.executeCached(sql: "DELETE FROM record_name WHERE term_id = ? AND record_id = ?", arguments: [termId, recordId])
            }
        }
        var termIds: [Int64] = []
        for name in Set(names) {
            let termId: Int64
            if let cached = terms?.ids[name.folded] {
                termId = cached
            } else {
                termId = try term(db, name.folded)
                terms?.ids[name.folded] = termId
            }
            try db.executeCached(sql: "INSERT OR IGNORE INTO record_name (term_id, record_id, role) VALUES (?, ?, ?)",
                                 arguments: [termId, recordId, name.role])
            termIds.append(termId)
        }
        return Set(termIds).sorted().map(String.init).joined(separator: ",")
    }

    /// The id of a folded word, added (with its trigrams) the first time it is seen.
    static func term(_ db: Database, _ folded: String) throws -> Int64 {
        if let id = try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM name_term WHERE folded = ?"), arguments: [folded]) { return id }
        try db.executeCached(sql: "INSERT INTO name_term (folded) VALUES (?)", arguments: [folded])
        let id = db.lastInsertedRowID
        try db.executeCached(sql: "INSERT INTO name_term_trigram (rowid, padded) VALUES (?, ?)", arguments: [id, "^\(folded)$"])
        return id
    }
}
