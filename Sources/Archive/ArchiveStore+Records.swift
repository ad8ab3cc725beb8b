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

    /// A record of the same type on the same pages first keyed with exactly these fields
    /// in the same pass (a manifest row imported before), if any.
    public func existingRecord(type: String, pages: [Int64], version: NewRecordVersion) throws(ArchiveError) -> Int64? {
        try read { db in try Self.sameRecord(db, type: type, pages: pages, version: version) }
    }

    static func sameRecord(_ db: Database, type: String, pages: [Int64], version: NewRecordVersion) throws -> Int64? {
        // Candidates come from the act-number index of the search table (every act type
        // requires a number); a record keyed without one is looked for among its first
        // page's records. Their first versions' fields are compared only when there are
        // candidates (on a first import there are none).
        let candidates: [Int64]
        if let number = version.fields["act.number"]?.value {
            candidates = try RawStatement(db, sql: """
                SELECT record_id FROM record_search
                WHERE act_number = ? AND office IS ? AND act_date IS ? AND type = ?
                """).integers(.text(number), .init(version.fields["act.office"]?.value), .init(version.fields["act.date"]?.value),
                             .text(type))
        } else if let page = pages.min() {
            candidates = try RawStatement(db, sql: """
                SELECT r.id FROM record_page rp JOIN record r ON r.id = rp.record_id WHERE rp.page_id = ? AND r.type = ?
                """).integers(.integer(page), .text(type))
        } else {
            return nil
        }
        guard !candidates.isEmpty else { return nil }
        let forms: Set<String> = [version.fieldsJSON, CanonicalJSON.legacyFields(version.fields)]
        for id in candidates {
            guard let first = try Row.fetchOne(try db.cachedStatement(sql: """
                SELECT fields, pass FROM record_version WHERE record_id = ? AND version = 1
                """), arguments: [id]), forms.contains(first["fields"]), (first["pass"] as Int?) == version.pass else { continue }
            let held = try Int64.fetchAll(try db.cachedStatement(sql: "SELECT page_id FROM record_page WHERE record_id = ?"), arguments: [id])
            if Set(held) == Set(pages) { return id }
        }
        return nil
    }

    /// Inserts a record with its first version; returns its id. With `event` (the default) a `record-add`
    /// event records it; a batch records its records in one `records-add` event instead
    /// (`batchEntry` gives each one's part). Events carry the SHA-256 of the fields' text,
    /// not the text again: the audit checks each version against it.
    /// `statements` come from a caller that stores many records in one transaction, and
    /// has checked their pages (`pagesChecked`).
    static func insertRecord(_ db: Database, path: String, type: String, pages: [Int64], version: NewRecordVersion,
                             operator: String, at date: Date, event: Bool = true,
                             terms: NameIdCache? = nil, stamp: String? = nil,
                             statements: RecordStatements? = nil, pagesChecked: Bool = false) throws -> Int64 {
        if !pagesChecked {
            for page in pages where try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM page WHERE id = ?"), arguments: [page]) == nil {
                throw ArchiveError.database(path: path, message: "no page \(page) in the archive")
            }
        }
        let statements = statements ?? RecordStatements(db)
        let stamp = stamp ?? Timestamp.string(from: date)
        try statements(.record).execute(.text(type), .text(stamp), .text(`operator`))
        let id = db.lastInsertedRowID
        if !pages.isEmpty {
            let page = try statements(.recordPage)
            for pageId in Set(pages).sorted() { try page.execute(.integer(id), .integer(pageId)) }
        }
        try insertVersion(db, recordId: id, type: type, number: 1, version, operator: `operator`, at: date,
                          stamp: stamp, isNew: true, terms: terms, statements: statements)
        if event {
            try EventChain.append(db, kind: "record-add", operator: `operator`, subject: "record:\(id)",
                                  detailsJSON: batchEntry(id: nil, type: type, pages: pages, status: version.status, fieldsSha256: version.fieldsSha256),
                                  at: date)
        }
        return id
    }

    /// `{"fieldsSha256", "id"?, "pages", "status", "type"}`, keys sorted as JSONEncoder sorts them
    /// (read back by `RecordBatchDetails`).
    static func batchEntry(id: Int64?, type: String, pages: [Int64], status: String, fieldsSha256: String) -> String {
        var entry: [UInt8] = []
        appendBatchEntry(to: &entry, id: id, type: type, pages: pages, status: status, fieldsSha256: fieldsSha256)
        return String(decoding: entry, as: UTF8.self)
    }

    /// `batchEntry`'s bytes, appended (a load writes one per record into its batch's event).
    static func appendBatchEntry(to out: inout [UInt8], id: Int64?, type: String, pages: [Int64], status: String,
                                 fieldsSha256: String) {
        out += #"{"fieldsSha256":"#.utf8
        CanonicalJSON.appendQuoted(fieldsSha256, to: &out)
        if let id {
            out += #","id":"#.utf8
            out += String(id).utf8
        }
        out += #","pages":["#.utf8
        for (index, page) in pages.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += String(page).utf8
        }
        out += #"],"status":"#.utf8
        CanonicalJSON.appendQuoted(status, to: &out)
        out += #","type":"#.utf8
        CanonicalJSON.appendQuoted(type, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// Adds a version to an existing record (an edit): nothing before it changes.
    /// Returns the new version's number.
    /// With `basedOn` (the version the change was made from) it is refused when another
    /// version was added since: two people editing one record never undo each other's change.
    public func addRecordVersion(recordId: Int64, _ version: NewRecordVersion, operator: String, basedOn: Int? = nil,
                                 at date: Date = Date()) throws(ArchiveError) -> Int {
        try addRecordVersions([(recordId, version)], operator: `operator`, basedOn: basedOn.map { [recordId: $0] } ?? [:],
                              at: date)[0]
    }

    /// Adds a version to each of several records in one transaction (a reconciliation
    /// settles both keyings of an act at once), each with its `record-edit` event.
    /// Returns the new versions' numbers, in order.
    public func addRecordVersions(_ versions: [(recordId: Int64, version: NewRecordVersion)], operator: String,
                                  basedOn: [Int64: Int] = [:], at date: Date = Date()) throws(ArchiveError) -> [Int] {
        let path = self.path
        return try write { db in
            try versions.map { recordId, version in
                guard let last = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM record_version WHERE record_id = ?",
                                                  arguments: [recordId]) else {
                    throw ArchiveError.database(path: path, message: "no record \(recordId) in the archive")
                }
                if let read = basedOn[recordId], read != last,
                   let newer = try Row.fetchOne(db, sql: "SELECT operator, time FROM record_version WHERE record_id = ? AND version = ?",
                                                arguments: [recordId, last]) {
                    throw ArchiveError.database(path: path, message: "record \(recordId) changed since it was read (version \(last) by "
                                                + "\(newer["operator"] as String) at \(newer["time"] as String)); nothing stored, run again")
                }
                try Self.insertVersion(db, recordId: recordId, number: last + 1, version, operator: `operator`, at: date)
                // A draft's working copy is spent once a version holds the whole record.
                if version.status != RecordStatus.draft {
                    try db.executeCached(sql: "DELETE FROM entry_draft WHERE record_id = ?", arguments: [recordId])
                }
                struct Details: Encodable { let version: Int, status: String, reason: String?, fieldsSha256: String }
                try EventChain.append(db, kind: "record-edit", operator: `operator`, subject: "record:\(recordId)",
                                      details: Details(version: last + 1, status: version.status, reason: version.reason,
                                                       fieldsSha256: version.fieldsSha256), at: date)
                return last + 1
            }
        }
    }

    /// The record row, or nil when there is none with this id.
    public func record(id: Int64) throws(ArchiveError) -> RecordRow? {
        try read { db in try RecordRow.fetchOne(db, key: id) }
    }

    /// The pages made from the source file with this SHA-256, in order; `pageOfFile`
    /// (1-based) narrows them to one scanned page (both halves of a spread), and `part`
    /// to one half (1 left, 2 right).
    public func pages(sourceSha256: String, pageOfFile: Int? = nil, part: Int? = nil) throws(ArchiveError) -> [Int64] {
        try read { db in
            try Int64.fetchAll(try db.cachedStatement(sql: """
                SELECT page.id FROM page JOIN source ON source.id = page.source_id
                WHERE source.sha256 = ? AND (? IS NULL OR page.page_index = ?) AND (? IS NULL OR page.part = ?)
                ORDER BY page.page_index, page.part
                """), arguments: [sourceSha256, pageOfFile.map { $0 - 1 }, pageOfFile.map { $0 - 1 }, part, part])
        }
    }

    /// Another live record holding this act number for the same act type, office and
    /// year — the act-number-unique warning. Act numbers run per office, act type and
    /// year, so such a record is probably the same act keyed twice, or a mistyped number.
    /// Drafts, merged keyings, the other pass of a double keying and `excluding` (the
    /// record itself, its other keying) do not count.
    public func actNumberHolder(_ number: String, type: String, office: String, year: String, pass: Int?,
                                excluding: Set<Int64> = []) throws(ArchiveError) -> Int64? {
        try read { db in
            try Self.actNumberHolder(db, number, type: type, office: office, year: year, pass: pass, excluding: excluding)
        }
    }

    static func actNumberHolder(_ db: Database, _ number: String, type: String, office: String, year: String,
                                pass: Int?, excluding: Set<Int64>) throws -> Int64? {
        // The search index holds every record's latest act number, office and date, indexed
        // together: the year is a range of the date column.
        let rows = try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT s.record_id AS id, s.status, s.type,
                   (SELECT pass FROM record_version WHERE record_id = s.record_id AND version = 1) AS pass
            FROM record_search s
            WHERE s.act_number = ? AND s.office = ? AND s.act_date >= ? AND s.act_date < ?
            ORDER BY s.record_id
            """), arguments: [number, office, year, String((Int(year) ?? 0) + 1)])
        for row in rows where row["type"] == type {
            let id: Int64 = row["id"], status: String = row["status"], otherPass: Int? = row["pass"]
            if excluding.contains(id) || status == RecordStatus.draft || status == RecordStatus.merged { continue }
            if pass == nil || otherPass == nil || otherPass == pass { return id }
        }
        return nil
    }

    /// A record to add in a batch.
    public struct BatchRecord: Sendable {
        public var type: String
        public var pages: [Int64]
        public var version: NewRecordVersion
        /// Refuse it when another record holds its act number (not confirmed by the operator).
        public var refuseTakenActNumber: Bool

        public init(type: String, pages: [Int64], version: NewRecordVersion, refuseTakenActNumber: Bool) {
            self.type = type
            self.pages = pages
            self.version = version
            self.refuseTakenActNumber = refuseTakenActNumber
        }
    }

    /// What became of one record of a batch.
    public enum BatchOutcome: Sendable, Equatable {
        case added(Int64)
        /// The same record (type, pages, fields) was already there.
        case present(Int64)
        /// Another record holds its act number; not added.
        case actNumberTaken(Int64)
        /// A page it names is not in the archive; not added.
        case noSuchPage(Int64)
    }

    /// Adds groups of records (a manifest's rows, two thousand at a time) in one
    /// transaction: `next` gives each group in turn (nil when there are no more) and
    /// `added` takes its outcomes before the next is asked for. Each group is recorded
    /// in one `records-add` event that names each record and the hash of its fields; a
    /// record already there (`existingRecord`) is not added twice. A long load writes
    /// few, large transactions this way while it holds one group in memory at a time:
    /// each transaction rewrites every page of an index it touched, and a million
    /// records' act-number index is touched all over by any few thousand of them.
    public func addRecordGroupsOnce(operator: String, at date: Date = Date(), names: NameIdCache? = nil,
                                    next: () throws -> [BatchRecord]?,
                                    added: ([BatchOutcome]) throws -> Void) throws(ArchiveError) {
        let path = self.path
        var committed: NameIdCache?
        defer { if let names, let committed { names.take(committed) } }
        try write { db in
            var knownPages: [Int64: Bool] = [:]
            // Ids added by this transaction join a long-lived cache only once it commits.
            let terms = NameIdCache(), stamp = Timestamp.string(from: date), statements = RecordStatements(db)
            if let names { terms.take(names) }
            while let batch = try next() {
                try added(try Self.addRecords(db, batch, path: path, operator: `operator`, at: date, stamp: stamp,
                                              terms: terms, statements: statements, knownPages: &knownPages))
            }
            committed = terms
        }
    }

    /// One group of `addRecordGroupsOnce`, and its event.
    private static func addRecords(_ db: Database, _ batch: [BatchRecord], path: String, operator: String, at date: Date,
                                   stamp: String, terms: NameIdCache, statements: RecordStatements,
                                   knownPages: inout [Int64: Bool]) throws -> [BatchOutcome] {
        var details = Array(#"{"records":["#.utf8), added: [Int64] = []
        func add(_ item: BatchRecord) throws -> BatchOutcome {
            let id = try insertRecord(db, path: path, type: item.type, pages: item.pages, version: item.version,
                                      operator: `operator`, at: date, event: false, terms: terms, stamp: stamp,
                                      statements: statements, pagesChecked: true)
            if !added.isEmpty { details.append(UInt8(ascii: ",")) }
            appendBatchEntry(to: &details, id: id, type: item.type, pages: item.pages, status: item.version.status,
                             fieldsSha256: item.version.fieldsSha256)
            added.append(id)
            return .added(id)
        }
        let outcomes = try batch.map { item -> BatchOutcome in
            for page in item.pages {
                if knownPages[page] == nil {
                    knownPages[page] = try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM page WHERE id = ?"), arguments: [page]) != nil
                }
                if knownPages[page] == false { return .noSuchPage(page) }
            }
            // One probe of the act-number index settles both checks below for most rows of a
            // load: no record of this type, office and year holds the number.
            let version = item.version
            let unheld = try version.actNumber.flatMap { number -> Bool? in
                guard let office = version.actOffice, let actDate = version.actDate,
                      actDate.utf8.count >= 4, let year = Int(actDate.prefix(4)) else { return nil }
                return try statements(.actNumberHeld).integers(.text(number), .text(office), .text(item.type), .text(String(actDate.prefix(4))),
                                  .text(String(year + 1))).isEmpty
            } ?? false
            if unheld { return try add(item) }
            if let id = try sameRecord(db, type: item.type, pages: item.pages, version: item.version) { return .present(id) }
            if item.refuseTakenActNumber, let number = item.version.fields["act.number"]?.value,
               item.version.fields["act.number"]?.flag == nil,
               let office = item.version.fields["act.office"]?.value, let actDate = item.version.fields["act.date"]?.value,
               let holder = try actNumberHolder(db, number, type: item.type, office: office, year: String(actDate.prefix(4)),
                                                pass: item.version.pass, excluding: []) {
                return .actNumberTaken(holder)
            }
            return try add(item)
        }
        if let first = added.first, let last = added.last {
            try EventChain.append(db, kind: "records-add", operator: `operator`, subject: "records:\(first)-\(last)",
                                  detailsJSON: String(decoding: details + "]}".utf8, as: UTF8.self), at: date)
        }
        return outcomes
    }

    /// The pages a record was keyed from.
    public func recordPages(id: Int64) throws(ArchiveError) -> [Int64] {
        try read { db in
            try Int64.fetchAll(try db.cachedStatement(sql: "SELECT page_id FROM record_page WHERE record_id = ? ORDER BY page_id"), arguments: [id])
        }
    }

    /// Every version of a record, oldest first.
    public func recordVersions(id: Int64) throws(ArchiveError) -> [RecordVersionRow] {
        let path = self.path
        return try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM record_version WHERE record_id = ? ORDER BY version"), arguments: [id])
                .map { row in
                    let json: String = row["fields"]
                    guard let fields = try? JSONDecoder().decode([String: StoredField].self, from: Data(json.utf8)) else {
                        throw ArchiveError.database(path: path, message: "record \(id) has unreadable fields")
                    }
                    return RecordVersionRow(recordId: row["record_id"], version: row["version"], status: row["status"],
                                            pass: row["pass"], fields: fields, fieldsSha256: ContentHash.sha256(Array(json.utf8)),
                                            operator: row["operator"],
                                            time: row["time"], reason: row["reason"])
                }
        }
    }

    /// Records as they stand (latest version), oldest first, narrowed to an act type,
    /// a status, or records keyed from pages of a ledger.
    public func records(type: String? = nil, status: String? = nil, ledger: String? = nil) throws(ArchiveError) -> [RecordListing] {
        try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT r.id, r.type, v.status, v.version,
                       (SELECT pass FROM record_version WHERE record_id = r.id AND version = 1) AS pass,
                       s.act_number, s.act_date, s.duplicate_of,
                       EXISTS (SELECT 1 FROM record_version WHERE record_id = r.id AND status = 'verified') AS verified_before,
                       (SELECT group_concat(page_id) FROM record_page WHERE record_id = r.id) AS pages
                FROM record r
                LEFT JOIN record_search s ON s.record_id = r.id
                JOIN record_version v ON v.record_id = r.id
                    AND v.version = (SELECT MAX(version) FROM record_version WHERE record_id = r.id)
                WHERE (:type IS NULL OR r.type = :type) AND (:status IS NULL OR v.status = :status)
                  AND (:ledger IS NULL OR EXISTS (
                        SELECT 1 FROM record_page rp JOIN page p ON p.id = rp.page_id JOIN source s ON s.id = p.source_id
                        WHERE rp.record_id = r.id AND s.ledger = :ledger))
                ORDER BY r.id
                """), arguments: ["type": type, "status": status, "ledger": ledger]).map { row in
                let pages: String? = row["pages"]
                return RecordListing(id: row["id"], type: row["type"], status: row["status"], version: row["version"],
                                     pass: row["pass"],
                                     actNumber: row["act_number"], actDate: row["act_date"],
                                     pages: (pages ?? "").split(separator: ",").compactMap { Int64($0) }.sorted(),
                                     verifiedBefore: row["verified_before"], duplicateOf: row["duplicate_of"])
            }
        }
    }

    /// Inserts a version and re-indexes its record.
    static func insertVersion(_ db: Database, recordId: Int64, type: String? = nil, number: Int, _ version: NewRecordVersion,
                              operator: String, at date: Date, stamp: String? = nil, isNew: Bool = false,
                              terms: NameIdCache? = nil, statements: RecordStatements? = nil) throws {
        let statements = statements ?? RecordStatements(db)
        try statements(.version).execute(.integer(recordId), .integer(Int64(number)), .text(version.status), .init(version.pass), .text(version.fieldsJSON),
                         .text(`operator`), .text(stamp ?? Timestamp.string(from: date)), .init(version.reason))
        try SearchIndex.update(db, recordId: recordId, type: type, version: version, isNew: isNew, terms: terms,
                               statements: statements)
    }
}

extension ArchiveStore {
    /// The record a merged second keying was reconciled into: the verified version written
    /// in the same transaction (same time and operator) on a record sharing its pages.
    public func mergedInto(recordId: Int64) throws(ArchiveError) -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: """
                SELECT v.record_id FROM record_version m
                JOIN record_version v ON v.time = m.time AND v.operator = m.operator AND v.status = 'verified' AND v.record_id != m.record_id
                WHERE m.record_id = ? AND m.status = 'merged'
                  AND EXISTS (SELECT 1 FROM record_page a JOIN record_page b ON a.page_id = b.page_id
                              WHERE a.record_id = m.record_id AND b.record_id = v.record_id)
                ORDER BY m.version DESC LIMIT 1
                """, arguments: [recordId])
        }
    }
}

extension ArchiveStore {
    /// The ledger codes of the archive's files, sorted.
    public func ledgers() throws(ArchiveError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT ledger FROM source WHERE ledger IS NOT NULL ORDER BY ledger") }
    }
}
