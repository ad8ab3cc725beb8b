import Foundation
import GRDB

/// A registrar's decision on a proposed duplicate.
public struct DuplicateDecision: Sendable, Equatable, Codable {
    public let recordId: Int64
    public let otherId: Int64
    /// `duplicate` (the record is the other act entered again) or `distinct`.
    public let decision: String
    public let reason: String
    public let `operator`: String
    public let time: String
}

extension ArchiveStore {
    /// The duplicate rules' keys of an act type's records as they stand (keyed or
    /// verified, not marked duplicate), kept in the search table when each was written.
    public func duplicateKeys(type: String) throws(ArchiveError) -> [(recordId: Int64, key: String)] {
        try read { db in
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT record_id, duplicate_key FROM record_search
                WHERE type = ? AND status IN ('keyed', 'verified') AND duplicate_of IS NULL AND duplicate_key IS NOT NULL
                """, arguments: [type])
            var keys: [(Int64, String)] = []
            while let row = try cursor.next() { keys.append((row[0], row[1])) }
            return keys
        }
    }

    /// Records a registrar's decision, with a `duplicate-resolve` event; a record found
    /// to be a duplicate drops out of search (kept in the archive).
    public func addDuplicateDecision(recordId: Int64, otherId: Int64, duplicate: Bool, reason: String,
                                     operator: String, at date: Date = Date()) throws(ArchiveError) {
        let path = self.path
        try write { db in
            for id in [recordId, otherId] where try Int64.fetchOne(db, sql: "SELECT id FROM record WHERE id = ?", arguments: [id]) == nil {
                throw ArchiveError.database(path: path, message: "no record \(id) in the archive")
            }
            let decision = duplicate ? "duplicate" : "distinct"
            try db.execute(sql: """
                INSERT INTO duplicate_decision (record_id, other_id, decision, reason, operator, time) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [recordId, otherId, decision, reason, `operator`, Timestamp.string(from: date)])
            if duplicate {
                try db.execute(sql: "UPDATE record_search SET duplicate_of = ? WHERE record_id = ?", arguments: [otherId, recordId])
            }
            struct Details: Encodable { let other: Int64, decision: String, reason: String }
            try EventChain.append(db, kind: "duplicate-resolve", operator: `operator`, subject: "record:\(recordId)",
                                  details: Details(other: otherId, decision: decision, reason: reason), at: date)
        }
    }

    /// Every duplicate decision, oldest first.
    public func duplicateDecisions() throws(ArchiveError) -> [DuplicateDecision] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM duplicate_decision ORDER BY id").map { row in
                DuplicateDecision(recordId: row["record_id"], otherId: row["other_id"], decision: row["decision"],
                                  reason: row["reason"], operator: row["operator"], time: row["time"])
            }
        }
    }
}

extension ArchiveStore {
    /// The record this one was found to duplicate (`duplicates resolve --same-as`), if any.
    public func duplicateOf(recordId: Int64) throws(ArchiveError) -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT duplicate_of FROM record_search WHERE record_id = ?", arguments: [recordId])
        }
    }
}
