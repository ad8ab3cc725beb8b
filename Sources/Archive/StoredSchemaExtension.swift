import Foundation
import GRDB

/// One version of an office's schema extension as the archive keeps it.
public struct StoredSchemaExtension: Sendable, Equatable, Encodable {
    public let version: Int
    /// The extension file as it was given, byte for byte (UTF-8).
    public let content: String
    public let sha256: String
    public let `operator`: String
    public let time: String
}

extension ArchiveStore {
    /// Stores `content` as the next version of the schema extension, with a
    /// `schema-extend` event carrying its hash. Returns the version.
    public func addSchemaExtension(content: String, operator: String, at date: Date = Date()) throws(ArchiveError) -> Int {
        try write { db in
            let version = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM schema_extension") ?? 0) + 1
            let hash = ContentHash.sha256(Array(content.utf8))
            try db.execute(sql: """
                INSERT INTO schema_extension (version, content, sha256, operator, time) VALUES (?, ?, ?, ?, ?)
                """, arguments: [version, content, hash, `operator`, Timestamp.string(from: date)])
            struct Details: Encodable { let version: Int, sha256: String }
            try EventChain.append(db, kind: "schema-extend", operator: `operator`, subject: "schema:\(version)",
                                  details: Details(version: version, sha256: hash), at: date)
            return version
        }
    }

    /// Every version of the schema extension, oldest first (none when the office never extended it).
    public func schemaExtensions() throws(ArchiveError) -> [StoredSchemaExtension] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM schema_extension ORDER BY version").map { row in
                StoredSchemaExtension(version: row["version"], content: row["content"], sha256: row["sha256"],
                                      operator: row["operator"], time: row["time"])
            }
        }
    }
}
