import Foundation
import GRDB

/// An archival extract as issued: the code printed on it and the record version it certifies.
public struct IssuedExtract: Sendable, Equatable, Encodable {
    public let code: String
    public let recordId: Int64
    public let version: Int
    /// SHA-256 of the version's fields as stored when the extract was made.
    public let fieldsSha256: String
    public let language: String
    public let `operator`: String
    public let issuedAt: String

    public init(code: String, recordId: Int64, version: Int, fieldsSha256: String, language: String,
                operator: String, issuedAt: String) {
        self.code = code
        self.recordId = recordId
        self.version = version
        self.fieldsSha256 = fieldsSha256
        self.language = language
        self.operator = `operator`
        self.issuedAt = issuedAt
    }
}

extension ArchiveStore {
    /// Records that an extract was issued, with an `extract-issue` event, in one transaction.
    /// Refused when the version's fields no longer hash to what the extract shows.
    public func recordExtract(code: String, recordId: Int64, version: Int, fieldsSha256: String, language: String,
                              operator: String, at date: Date = Date()) throws(ArchiveError) -> IssuedExtract {
        let path = self.path
        return try write { db in
            guard let fields = try String.fetchOne(db, sql: "SELECT fields FROM record_version WHERE record_id = ? AND version = ?",
                                                   arguments: [recordId, version]),
                  ContentHash.sha256(Array(fields.utf8)) == fieldsSha256 else {
                throw ArchiveError.database(path: path, message: "record \(recordId) version \(version) changed while the extract was made")
            }
            let issued = IssuedExtract(code: code, recordId: recordId, version: version, fieldsSha256: fieldsSha256,
                                       language: language, operator: `operator`, issuedAt: Timestamp.string(from: date))
            try db.execute(sql: """
                INSERT INTO extract (code, record_id, version, fields_sha256, language, operator, issued_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [code, recordId, version, fieldsSha256, language, `operator`, issued.issuedAt])
            struct Details: Encodable { let code: String, version: Int, fieldsSha256: String, language: String }
            try EventChain.append(db, kind: "extract-issue", operator: `operator`, subject: "record:\(recordId)",
                                  details: Details(code: code, version: version, fieldsSha256: fieldsSha256, language: language),
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
                              issuedAt: row["issued_at"])
            }
        }
    }
}
