import Foundation
import GRDB

/// The working copy of a draft record in the interactive form: the fields answered
/// so far and the line being typed when the form stopped.
public struct EntryDraft: Sendable, Equatable {
    public var recordId: Int64
    public var fields: [String: StoredField]
    /// The field whose answer was half typed, and what had been typed.
    public var pendingKey: String?
    public var pendingText: String?

    public init(recordId: Int64, fields: [String: StoredField], pendingKey: String? = nil, pendingText: String? = nil) {
        self.recordId = recordId
        self.fields = fields
        self.pendingKey = pendingKey
        self.pendingText = pendingText
    }
}

extension ArchiveStore {
    /// Replaces the working copy of draft record `draft.recordId` (one durable
    /// transaction per answered field).
    public func saveEntryDraft(_ draft: EntryDraft, at date: Date = Date()) throws(ArchiveError) {
        try write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO entry_draft (record_id, fields, pending_key, pending_text, time)
                VALUES (?, ?, ?, ?, ?)
                """, arguments: [draft.recordId, CanonicalJSON.fields(draft.fields), draft.pendingKey,
                                 draft.pendingText, Timestamp.string(from: date)])
        }
    }

    /// The working copy of a draft record, when one was left.
    public func entryDraft(recordId: Int64) throws(ArchiveError) -> EntryDraft? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM entry_draft WHERE record_id = ?",
                                             arguments: [recordId]) else { return nil }
            let json: String = row["fields"]
            let fields = (try? JSONDecoder().decode([String: StoredField].self, from: Data(json.utf8))) ?? [:]
            return EntryDraft(recordId: recordId, fields: fields, pendingKey: row["pending_key"],
                              pendingText: row["pending_text"])
        }
    }

    /// Pages that already have a record of this keying: for pass 2, records keyed in
    /// pass 2; otherwise records keyed once or in pass 1.
    public func pagesWithRecords(pass: Int?) throws(ArchiveError) -> Set<Int64> {
        try read { db in
            Set(try Int64.fetchAll(db, sql: """
                SELECT DISTINCT rp.page_id FROM record_page rp
                JOIN record_version v ON v.record_id = rp.record_id AND v.version = 1
                WHERE CASE WHEN :pass = 2 THEN v.pass = 2 ELSE (v.pass IS NULL OR v.pass = 1) END
                """, arguments: ["pass": pass]))
        }
    }
}
