import Crypto
import Foundation
import GRDB
import GRDBSQLite

/// One stored blob whose bytes no longer give its SHA-256, and the pages that use it.
public struct DamagedBlob: Codable, Sendable, Equatable {
    /// A page that shows the blob, and as what: `original`, `access`, `thumbnail`, `bitonal`.
    public struct Use: Codable, Sendable, Equatable {
        public let page: Int64
        public let source: String
        public let role: String

        public init(page: Int64, source: String, role: String) {
            self.page = page
            self.source = source
            self.role = role
        }
    }

    public let sha256: String
    public let size: Int64
    public let pages: [Use]

    public init(sha256: String, size: Int64, pages: [Use]) {
        self.sha256 = sha256
        self.size = size
        self.pages = pages
    }
}

/// What a fixity check read.
public struct FixityReport: Codable, Sendable, Equatable {
    public var checked = 0
    public var bytes: Int64 = 0
    public var damaged: [DamagedBlob] = []

    public init() {}
}

extension ArchiveStore {
    /// Which blobs a fixity check reads.
    public enum FixityScope: Sendable, Equatable {
        case all
        /// Those not checked for this many days (or never), and those found damaged before.
        case notCheckedFor(days: Int)
        /// This many, drawn at random.
        case sample(Int)
    }

    /// The hashes of the blobs `scope` names.
    public func blobsToCheck(_ scope: FixityScope, now: Date = Date()) throws(ArchiveError) -> [String] {
        try read { db in
            switch scope {
            case .all:
                return try String.fetchAll(db, sql: "SELECT sha256 FROM blob ORDER BY rowid")
            case .notCheckedFor(let days):
                let cutoff = Timestamp.string(from: now.addingTimeInterval(-Double(days) * 86_400))
                return try String.fetchAll(db, sql: """
                    SELECT b.sha256 FROM blob b LEFT JOIN blob_fixity f ON f.sha256 = b.sha256
                    WHERE f.checked_at IS NULL OR f.checked_at < ? OR NOT f.intact ORDER BY b.rowid
                    """, arguments: [cutoff])
            case .sample(let count):
                return try String.fetchAll(db, sql: "SELECT sha256 FROM blob ORDER BY random() LIMIT ?", arguments: [count])
            }
        }
    }

    /// Recomputes one blob's SHA-256, reading it a megabyte at a time (a scan may be
    /// hundreds of megabytes); returns its size and whether the hash still holds, or
    /// nil when no blob has that hash.
    public func checkBlob(sha256: String) throws(ArchiveError) -> (size: Int64, intact: Bool)? {
        try read { db -> (Int64, Bool)? in
            guard let rowid = try Int64.fetchOne(db, sql: "SELECT rowid FROM blob WHERE sha256 = ?", arguments: [sha256]) else {
                return nil
            }
            var handle: OpaquePointer?
            let code = sqlite3_blob_open(db.sqliteConnection, "main", "blob", "bytes", rowid, 0, &handle)
            defer { sqlite3_blob_close(handle) }
            guard code == SQLITE_OK, let handle else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            let size = Int64(sqlite3_blob_bytes(handle))
            var hasher = SHA256(), offset: Int32 = 0
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while Int64(offset) < size {
                let count = Int32(min(Int64(chunk.count), size - Int64(offset)))
                let read = chunk.withUnsafeMutableBytes { sqlite3_blob_read(handle, $0.baseAddress, count, offset) }
                guard read == SQLITE_OK else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: read), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                chunk.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0.prefix(Int(count)))) }
                offset += count
            }
            return (size, ContentHash.hex(hasher.finalize()) == sha256)
        }
    }

    /// The pages that show a blob, and as what.
    public func pagesUsing(blob sha256: String) throws(ArchiveError) -> [DamagedBlob.Use] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.id, s.path, 'original' AS role FROM page p JOIN source s ON s.id = p.source_id WHERE s.sha256 = :sha
                UNION ALL SELECT p.id, s.path, 'access' FROM page p JOIN source s ON s.id = p.source_id WHERE p.access_sha256 = :sha
                UNION ALL SELECT p.id, s.path, 'thumbnail' FROM page p JOIN source s ON s.id = p.source_id WHERE p.thumbnail_sha256 = :sha
                UNION ALL SELECT p.id, s.path, 'bitonal' FROM page p JOIN source s ON s.id = p.source_id WHERE p.bitonal_sha256 = :sha
                ORDER BY 1, 3
                """, arguments: ["sha": sha256]).map { DamagedBlob.Use(page: $0[0], source: $0[1], role: $0[2]) }
        }
    }

    /// Records when each blob was checked and how it fared, and a `fixity` event with
    /// the counts, in one transaction.
    public func recordFixity(_ results: [(sha256: String, intact: Bool)], report: FixityReport, scope: String,
                             operator: String, at date: Date = Date()) throws(ArchiveError) {
        struct Details: Encodable {
            let scope: String
            let checked: Int
            let bytes: Int64
            let damaged: [String]
        }
        try write { db in
            let stamp = Timestamp.string(from: date)
            for (sha256, intact) in results {
                try db.executeCached(sql: "INSERT OR REPLACE INTO blob_fixity (sha256, checked_at, intact) VALUES (?, ?, ?)",
                                     arguments: [sha256, stamp, intact])
            }
            _ = try EventChain.append(db, kind: "fixity", operator: `operator`, subject: nil,
                                      details: Details(scope: scope, checked: report.checked, bytes: report.bytes,
                                                       damaged: report.damaged.map(\.sha256)), at: date)
        }
    }
}
