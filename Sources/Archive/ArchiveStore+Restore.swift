import Foundation
import GRDB

/// A record version as another archive kept it: what was keyed, by whom and when.
public struct RestoredVersion: Sendable {
    public let version: NewRecordVersion
    public let `operator`: String
    public let time: String

    public init(version: NewRecordVersion, operator: String, time: String) {
        self.version = version
        self.operator = `operator`
        self.time = time
    }
}

extension ArchiveStore {
    /// Writes a source brought back from a bag, with the pages and images it had there,
    /// in one transaction. The source keeps its original import time and operator; the
    /// `restore` event says who brought it back, when, and from which bag.
    public func restoreSource(_ source: NewSource, pageCount: Int, importedAt: String, bag: String, restoredBy: String,
                              at date: Date = Date()) throws(ArchiveError) -> SourceWriteOutcome {
        try write { db -> SourceWriteOutcome in
            if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE sha256 = ?", arguments: [source.sha256]) {
                return .alreadyArchived(sourceId: existing)
            }
            let sourceId = try Self.insertSource(db, source, pageCount: pageCount, importedAt: importedAt)
            struct Details: Encodable {
                let bag: String, path: String, sha256: String, size: Int, pages: Int, ledger: String?
                let importedAt: String, importedBy: String
            }
            try EventChain.append(db, kind: "restore", operator: restoredBy, subject: "source:\(sourceId)",
                                  details: Details(bag: bag, path: source.path, sha256: source.sha256, size: source.bytes.count,
                                                   pages: source.pages.count, ledger: source.ledger,
                                                   importedAt: importedAt, importedBy: source.operator),
                                  at: date)
            return .imported(sourceId: sourceId, pages: source.pages.count)
        }
    }

    /// Writes a record brought back from a bag with every version it had, or (`recordId`)
    /// the versions an existing copy of it lacks, numbered from `firstNumber`, in one
    /// transaction. Each version keeps its operator and time; each gets the event the
    /// audit reads (`record-add` for the first, `record-edit` after), made by `restoredBy`
    /// and naming the bag. Returns the record's id.
    public func restoreRecord(recordId: Int64?, type: String, pages: [Int64], createdAt: String, createdBy: String,
                              versions: [RestoredVersion], firstNumber: Int, bag: String, originalId: Int64,
                              restoredBy: String, at date: Date = Date()) throws(ArchiveError) -> Int64 {
        let path = self.path
        return try write { db -> Int64 in
            let statements = RecordStatements(db)
            let id: Int64
            if let recordId {
                guard try Int.fetchOne(db, sql: "SELECT MAX(version) FROM record_version WHERE record_id = ?",
                                       arguments: [recordId]) == firstNumber - 1 else {
                    throw ArchiveError.database(path: path, message: "record \(recordId) changed while it was being restored")
                }
                id = recordId
            } else {
                for page in pages where try Int64.fetchOne(db, sql: "SELECT id FROM page WHERE id = ?", arguments: [page]) == nil {
                    throw ArchiveError.database(path: path, message: "no page \(page) in the archive")
                }
                try statements(.record).execute(.text(type), .text(createdAt), .text(createdBy))
                id = db.lastInsertedRowID
                let page = try statements(.recordPage)
                for pageId in Set(pages).sorted() { try page.execute(.integer(id), .integer(pageId)) }
            }
            struct Restored: Encodable { let bag: String, id: Int64 }
            struct AddDetails: Encodable {
                let fieldsSha256: String, pages: [Int64], restoredFrom: Restored, status: String, type: String
            }
            struct EditDetails: Encodable {
                let fieldsSha256: String, reason: String?, restoredFrom: Restored, status: String, version: Int
            }
            for (offset, restored) in versions.enumerated() {
                let number = firstNumber + offset
                try Self.insertVersion(db, recordId: id, type: type, number: number, restored.version,
                                       operator: restored.operator, at: date, stamp: restored.time,
                                       isNew: number == 1, statements: statements)
                let origin = Restored(bag: bag, id: originalId)
                if number == 1 {
                    try EventChain.append(db, kind: "record-add", operator: restoredBy, subject: "record:\(id)",
                                          details: AddDetails(fieldsSha256: restored.version.fieldsSha256, pages: pages,
                                                              restoredFrom: origin, status: restored.version.status, type: type),
                                          at: date)
                } else {
                    try EventChain.append(db, kind: "record-edit", operator: restoredBy, subject: "record:\(id)",
                                          details: EditDetails(fieldsSha256: restored.version.fieldsSha256,
                                                               reason: restored.version.reason, restoredFrom: origin,
                                                               status: restored.version.status, version: number),
                                          at: date)
                }
            }
            return id
        }
    }

    /// Writes a duplicate decision brought back from a bag (`duplicate`, `distinct` or
    /// `undone`, applied to the search table as when it was made), keeping who made it and
    /// when, unless the same decision is there already; the event names the bag and who
    /// restored it. `revises` is the decision it reverses, as numbered here. Returns the
    /// decision's id here, and whether it was added now.
    public func restoreDuplicateDecision(recordId: Int64, otherId: Int64, decision: String, reason: String, decidedBy: String,
                                         decidedAt: String, revises: Int64?, bag: String, restoredBy: String,
                                         at date: Date = Date()) throws(ArchiveError) -> (id: Int64, added: Bool) {
        try write { db -> (Int64, Bool) in
            if let existing = try Int64.fetchOne(db, sql: """
                SELECT id FROM duplicate_decision WHERE record_id = ? AND other_id = ? AND decision = ? AND reason = ? AND time = ?
                """, arguments: [recordId, otherId, decision, reason, decidedAt]) { return (existing, false) }
            let id = try Self.insertDecision(db, recordId: recordId, otherId: otherId, decision: decision, reason: reason,
                                             operator: decidedBy, time: decidedAt, revises: revises)
            struct Details: Encodable { let other: Int64, decision: String, reason: String, bag: String, decidedBy: String }
            try EventChain.append(db, kind: decision == "undone" ? "duplicate-undo" : "duplicate-resolve", operator: restoredBy,
                                  subject: "record:\(recordId)",
                                  details: Details(other: otherId, decision: decision, reason: reason, bag: bag,
                                                   decidedBy: decidedBy), at: date)
            return (id, true)
        }
    }
}
