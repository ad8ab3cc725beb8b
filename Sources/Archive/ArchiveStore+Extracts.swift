import Foundation
import GRDB

/// An archival extract as issued: the code printed on it and the record version it certifies.
public struct IssuedExtract: Sendable, Equatable, Codable {
    public let code: String
    public let recordId: Int64
    public let version: Int
    /// SHA-256 of the version's fields as stored when the extract was made.
    public let fieldsSha256: String
    public let language: String
    public let `operator`: String
    public let issuedAt: String
    /// Issued from a record nobody had verified (`extract --unverified`); the paper says so.
    public var unverified: Bool

    public init(code: String, recordId: Int64, version: Int, fieldsSha256: String, language: String,
                operator: String, issuedAt: String, unverified: Bool = false) {
        self.code = code
        self.recordId = recordId
        self.version = version
        self.fieldsSha256 = fieldsSha256
        self.language = language
        self.operator = `operator`
        self.issuedAt = issuedAt
        self.unverified = unverified
    }

    enum CodingKeys: String, CodingKey {
        case code, recordId, version, fieldsSha256, language, `operator`, issuedAt, unverified
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(code: try container.decode(String.self, forKey: .code), recordId: try container.decode(Int64.self, forKey: .recordId),
                  version: try container.decode(Int.self, forKey: .version),
                  fieldsSha256: try container.decode(String.self, forKey: .fieldsSha256),
                  language: try container.decode(String.self, forKey: .language),
                  operator: try container.decode(String.self, forKey: .operator),
                  issuedAt: try container.decode(String.self, forKey: .issuedAt),
                  unverified: try container.decodeIfPresent(Bool.self, forKey: .unverified) ?? false)
    }
}

extension ArchiveStore {
    /// Records that an extract was issued, with an `extract-issue` event, in one transaction.
    /// Refused when the version's fields no longer hash to what the extract shows.
    public func recordExtract(code: String, recordId: Int64, version: Int, fieldsSha256: String, language: String,
                              unverified: Bool = false, operator: String,
                              at date: Date = Date()) throws(ArchiveError) -> IssuedExtract {
        let path = self.path
        return try write { db in
            guard let fields = try String.fetchOne(db, sql: "SELECT fields FROM record_version WHERE record_id = ? AND version = ?",
                                                   arguments: [recordId, version]),
                  ContentHash.sha256(Array(fields.utf8)) == fieldsSha256 else {
                throw ArchiveError.database(path: path, message: "record \(recordId) version \(version) changed while the extract was made")
            }
            let issued = IssuedExtract(code: code, recordId: recordId, version: version, fieldsSha256: fieldsSha256,
                                       language: language, operator: `operator`, issuedAt: Timestamp.string(from: date),
                                       unverified: unverified)
            try Self.insertExtract(db, issued, recordId: recordId)
            struct Details: Encodable {
                let code: String, version: Int, fieldsSha256: String, language: String, unverified: Bool?
            }
            try EventChain.append(db, kind: "extract-issue", operator: `operator`, subject: "record:\(recordId)",
                                  details: Details(code: code, version: version, fieldsSha256: fieldsSha256, language: language,
                                                   unverified: unverified ? true : nil),
                                  at: date)
            return issued
        }
    }

    /// Every issue of the extract with this code, oldest first.
    public func extracts(code: String) throws(ArchiveError) -> [IssuedExtract] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM extract WHERE code = ? ORDER BY id", arguments: [code]).map { row in
                IssuedExtract(code: row["code"], recordId: row["record_id"], version: row["version"],
                              fieldsSha256: row["fields_sha256"], language: row["language"], operator: row["operator"],
                              issuedAt: row["issued_at"], unverified: row["unverified"])
            }
        }
    }

    /// Every extract issued from these records, oldest first (a bag carries them).
    public func extracts(recordIds: Set<Int64>) throws(ArchiveError) -> [IssuedExtract] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM extract ORDER BY id").compactMap { row in
                guard recordIds.contains(row["record_id"]) else { return nil }
                return IssuedExtract(code: row["code"], recordId: row["record_id"], version: row["version"],
                                     fieldsSha256: row["fields_sha256"], language: row["language"], operator: row["operator"],
                                     issuedAt: row["issued_at"], unverified: row["unverified"])
            }
        }
    }

    /// Brings an extract issued in another archive into this one's journal (from a bag),
    /// as record `recordId` here, keeping who issued it and when, unless it is there
    /// already; refused when the version it certifies is not this record's (the bag's
    /// record and this one differ). Returns whether it was added.
    public func restoreExtract(_ issued: IssuedExtract, recordId: Int64, bag: String, restoredBy: String,
                               at date: Date = Date()) throws(ArchiveError) -> Bool {
        let path = self.path
        return try write { db -> Bool in
            if try Int64.fetchOne(db, sql: """
                SELECT id FROM extract WHERE code = ? AND record_id = ? AND version = ? AND issued_at = ? AND operator = ?
                """, arguments: [issued.code, recordId, issued.version, issued.issuedAt, issued.operator]) != nil { return false }
            guard let fields = try String.fetchOne(db, sql: "SELECT fields FROM record_version WHERE record_id = ? AND version = ?",
                                                   arguments: [recordId, issued.version]),
                  ContentHash.sha256(Array(fields.utf8)) == issued.fieldsSha256 else {
                throw ArchiveError.database(path: path, message: "extract \(issued.code): record \(recordId) version \(issued.version) "
                                            + "is not the version the extract certifies")
            }
            try Self.insertExtract(db, issued, recordId: recordId)
            struct Details: Encodable {
                let code: String, version: Int, fieldsSha256: String, language: String, bag: String, issuedBy: String, issuedAt: String
            }
            try EventChain.append(db, kind: "extract-restore", operator: restoredBy, subject: "record:\(recordId)",
                                  details: Details(code: issued.code, version: issued.version, fieldsSha256: issued.fieldsSha256,
                                                   language: issued.language, bag: bag, issuedBy: issued.operator,
                                                   issuedAt: issued.issuedAt), at: date)
            return true
        }
    }

    static func insertExtract(_ db: Database, _ issued: IssuedExtract, recordId: Int64) throws {
        try db.execute(sql: """
            INSERT INTO extract (code, record_id, version, fields_sha256, language, operator, issued_at, unverified)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [issued.code, recordId, issued.version, issued.fieldsSha256, issued.language, issued.operator,
                             issued.issuedAt, issued.unverified])
    }
}
