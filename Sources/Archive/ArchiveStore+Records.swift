import Foundation
import GRDB

extension ArchiveStore {
    /// Adds a record of act type `type` on `pages` with its first version, and a
    /// `record-add` event, in one transaction. Returns the record's id.
    public func addRecord(type: String, pages: [Int64], version: NewRecordVersion, operator: String,
                          at date: Date = Date()) throws(ArchiveError) -> Int64 {
        let path = self.path
        return try write { db in
            try Self.insertRecord(db, path: path, type: type, pages: pages, version: version, operator: `operator`, at: date)
        }
    }

    /// Adds the record unless one of the same type on the same pages was first keyed
    /// with exactly these fields in the same pass (a manifest imported again): then
    /// returns that record's id and `added` false. Check and insert are one transaction.
    public func addRecordOnce(type: String, pages: [Int64], version: NewRecordVersion, operator: String,
                              at date: Date = Date()) throws(ArchiveError) -> (id: Int64, added: Bool) {
        let path = self.path
        return try write { db in
            if let id = try Self.sameRecord(db, type: type, pages: pages, version: version) { return (id, false) }
            return (try Self.insertRecord(db, path: path, type: type, pages: pages, version: version, operator: `operator`,
                                          at: date), true)
        }
    }

    /// The record `addRecordOnce` would find already there, if any.
    public func existingRecord(type: String, pages: [Int64], version: NewRecordVersion) throws(ArchiveError) -> Int64? {
        try read { db in try Self.sameRecord(db, type: type, pages: pages, version: version) }
    }

    static func sameRecord(_ db: Database, type: String, pages: [Int64], version: NewRecordVersion) throws -> Int64? {
        let fields = try CanonicalJSON.string(version.fields)
        // Candidates come from the first page's records (indexed), not a scan of every record.
        let candidates = try Int64.fetchAll(db, sql: pages.isEmpty ? """
            SELECT r.id FROM record r JOIN record_version v ON v.record_id = r.id AND v.version = 1
            WHERE r.type = ? AND v.fields = ? AND v.pass IS ?
              AND NOT EXISTS (SELECT 1 FROM record_page WHERE record_id = r.id)
            """ : """
            SELECT r.id FROM record_page rp JOIN record r ON r.id = rp.record_id
            JOIN record_version v ON v.record_id = r.id AND v.version = 1
            WHERE rp.page_id = ? AND r.type = ? AND v.fields = ? AND v.pass IS ?
            """, arguments: pages.isEmpty ? [type, fields, version.pass] : [pages.min()!, type, fields, version.pass])
        for id in candidates {
            let held = try Int64.fetchAll(db, sql: "SELECT page_id FROM record_page WHERE record_id = ?", arguments: [id])
            if Set(held) == Set(pages) { return id }
        }
        return nil
    }

    static func insertRecord(_ db: Database, path: String, type: String, pages: [Int64], version: NewRecordVersion,
                             operator: String, at date: Date) throws -> Int64 {
        for page in pages where try Int64.fetchOne(db, sql: "SELECT id FROM page WHERE id = ?", arguments: [page]) == nil {
            throw ArchiveError.database(path: path, message: "no page \(page) in the archive")
        }
        var row = RecordRow(id: nil, type: type, createdAt: Timestamp.string(from: date), createdBy: `operator`)
        try row.insert(db)
        let id = row.id!
        for page in Set(pages).sorted() {
            try db.execute(sql: "INSERT INTO record_page (record_id, page_id) VALUES (?, ?)", arguments: [id, page])
        }
        try insertVersion(db, recordId: id, number: 1, version, operator: `operator`, at: date)
        struct Details: Encodable { let type: String, pages: [Int64], status: String, fields: [String: StoredField] }
        try EventChain.append(db, kind: "record-add", operator: `operator`, subject: "record:\(id)",
                              details: Details(type: type, pages: pages, status: version.status, fields: version.fields),
                              at: date)
        return id
    }

    /// Adds a version to an existing record (an edit): nothing before it changes.
    /// Returns the new version's number.
    public func addRecordVersion(recordId: Int64, _ version: NewRecordVersion, operator: String,
                                 at date: Date = Date()) throws(ArchiveError) -> Int {
        try addRecordVersions([(recordId, version)], operator: `operator`, at: date)[0]
    }

    /// Adds a version to each of several records in one transaction (a reconciliation
    /// settles both keyings of an act at once), each with its `record-edit` event.
    /// Returns the new versions' numbers, in order.
    public func addRecordVersions(_ versions: [(recordId: Int64, version: NewRecordVersion)], operator: String,
                                  at date: Date = Date()) throws(ArchiveError) -> [Int] {
        let path = self.path
        return try write { db in
            try versions.map { recordId, version in
                guard let last = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM record_version WHERE record_id = ?",
                                                  arguments: [recordId]) else {
                    throw ArchiveError.database(path: path, message: "no record \(recordId) in the archive")
                }
                try Self.insertVersion(db, recordId: recordId, number: last + 1, version, operator: `operator`, at: date)
                // A draft's working copy is spent once a version holds the whole record.
                if version.status != RecordStatus.draft {
                    try db.execute(sql: "DELETE FROM entry_draft WHERE record_id = ?", arguments: [recordId])
                }
                struct Details: Encodable { let version: Int, status: String, reason: String?, fields: [String: StoredField] }
                try EventChain.append(db, kind: "record-edit", operator: `operator`, subject: "record:\(recordId)",
                                      details: Details(version: last + 1, status: version.status, reason: version.reason,
                                                       fields: version.fields), at: date)
                return last + 1
            }
        }
    }

    /// The record row, or nil when there is none with this id.
    public func record(id: Int64) throws(ArchiveError) -> RecordRow? {
        try read { db in try RecordRow.fetchOne(db, key: id) }
    }

    /// The pages made from the source file with this SHA-256, in order; `pageOfFile`
    /// (1-based) narrows them to one scanned page (both halves of a spread).
    public func pages(sourceSha256: String, pageOfFile: Int? = nil) throws(ArchiveError) -> [Int64] {
        try read { db in
            try Int64.fetchAll(db, sql: """
                SELECT page.id FROM page JOIN source ON source.id = page.source_id
                WHERE source.sha256 = ? AND (? IS NULL OR page.page_index = ?)
                ORDER BY page.page_index, page.part
                """, arguments: [sourceSha256, pageOfFile.map { $0 - 1 }, pageOfFile.map { $0 - 1 }])
        }
    }

    /// Records as they stand whose act number, office and act year are these (for the
    /// act-number-unique warning): id, first-version pass and status.
    public func recordsWithActNumber(_ number: String, type: String, office: String,
                                     year: String) throws(ArchiveError) -> [(id: Int64, pass: Int?, status: String)] {
        try read { db in
            // Written so that the act-number index finds the candidates (the expression must
            // match the index's exactly); each is then kept only if it is its record's latest version.
            try Row.fetchAll(db, sql: """
                SELECT v.record_id AS id, v.status,
                       (SELECT pass FROM record_version WHERE record_id = v.record_id AND version = 1) AS pass
                FROM record_version v JOIN record r ON r.id = v.record_id
                WHERE json_extract(v.fields, '$."act.number".value') = ?
                  AND v.version = (SELECT MAX(version) FROM record_version WHERE record_id = v.record_id)
                  AND r.type = ?
                  AND json_extract(v.fields, '$."act.office".value') = ?
                  AND substr(json_extract(v.fields, '$."act.date".value'), 1, 4) = ?
                ORDER BY v.record_id
                """, arguments: [number, type, office, year]).map { ($0["id"], $0["pass"], $0["status"]) }
        }
    }

    /// The pages a record was keyed from.
    public func recordPages(id: Int64) throws(ArchiveError) -> [Int64] {
        try read { db in
            try Int64.fetchAll(db, sql: "SELECT page_id FROM record_page WHERE record_id = ? ORDER BY page_id", arguments: [id])
        }
    }

    /// Every version of a record, oldest first.
    public func recordVersions(id: Int64) throws(ArchiveError) -> [RecordVersionRow] {
        let path = self.path
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM record_version WHERE record_id = ? ORDER BY version", arguments: [id])
                .map { row in
                    let json: String = row["fields"]
                    guard let fields = try? JSONDecoder().decode([String: StoredField].self, from: Data(json.utf8)) else {
                        throw ArchiveError.database(path: path, message: "record \(id) has unreadable fields")
                    }
                    return RecordVersionRow(recordId: row["record_id"], version: row["version"], status: row["status"],
                                            pass: row["pass"], fields: fields, operator: row["operator"],
                                            time: row["time"], reason: row["reason"])
                }
        }
    }

    /// Records as they stand (latest version), oldest first, narrowed to an act type,
    /// a status, or records keyed from pages of a ledger.
    public func records(type: String? = nil, status: String? = nil, ledger: String? = nil) throws(ArchiveError) -> [RecordListing] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.id, r.type, v.status, v.version,
                       (SELECT pass FROM record_version WHERE record_id = r.id AND version = 1) AS pass,
                       json_extract(v.fields, '$."act.number".value') AS act_number,
                       json_extract(v.fields, '$."act.date".value') AS act_date,
                       (SELECT group_concat(page_id) FROM record_page WHERE record_id = r.id) AS pages
                FROM record r
                JOIN record_version v ON v.record_id = r.id
                    AND v.version = (SELECT MAX(version) FROM record_version WHERE record_id = r.id)
                WHERE (:type IS NULL OR r.type = :type) AND (:status IS NULL OR v.status = :status)
                  AND (:ledger IS NULL OR EXISTS (
                        SELECT 1 FROM record_page rp JOIN page p ON p.id = rp.page_id JOIN source s ON s.id = p.source_id
                        WHERE rp.record_id = r.id AND s.ledger = :ledger))
                ORDER BY r.id
                """, arguments: ["type": type, "status": status, "ledger": ledger]).map { row in
                let pages: String? = row["pages"]
                return RecordListing(id: row["id"], type: row["type"], status: row["status"], version: row["version"],
                                     pass: row["pass"],
                                     actNumber: row["act_number"], actDate: row["act_date"],
                                     pages: (pages ?? "").split(separator: ",").compactMap { Int64($0) }.sorted())
            }
        }
    }

    static func insertVersion(_ db: Database, recordId: Int64, number: Int, _ version: NewRecordVersion,
                              operator: String, at date: Date) throws {
        let fields = try CanonicalJSON.string(version.fields)
        try db.execute(sql: """
            INSERT INTO record_version (record_id, version, status, pass, fields, operator, time, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [recordId, number, version.status, version.pass, fields, `operator`,
                             Timestamp.string(from: date), version.reason])
        try SearchIndex.update(db, recordId: recordId, version: version)
    }
}
