import Foundation
import GRDB

/// What an archive holds, for `daftar stats`.
public struct ArchiveStats: Codable, Sendable, Equatable {
    /// Records of one act type, office and year (of the act's date; nil when not entered).
    public struct RecordGroup: Codable, Sendable, Equatable {
        public let type: String
        public let office: String?
        public let year: String?
        public let count: Int
    }

    public var sources = 0
    public var pages = 0
    public var blobs = 0
    /// Bytes of the archive file and its write-ahead log.
    public var archiveBytes: Int64 = 0
    public var records = 0
    /// Records by status (`keyed`, `verified`, `draft`, …).
    public var recordsByStatus: [String: Int] = [:]
    public var recordGroups: [RecordGroup] = []
    /// Times of the last import of files and the last fixity check, if any.
    public var lastImport: String?
    public var lastVerification: String?
}

extension ArchiveStore {
    /// Counts of what the archive holds, read in one snapshot.
    public func stats() throws(ArchiveError) -> ArchiveStats {
        let path = self.path
        var stats = try read { db in
            var stats = ArchiveStats()
            stats.sources = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source") ?? 0
            stats.pages = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM page") ?? 0
            stats.blobs = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blob") ?? 0
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) FROM record_search GROUP BY status") {
                stats.recordsByStatus[row[0]] = row[1]
                stats.records += row[1] as Int
            }
            stats.recordGroups = try Row.fetchAll(db, sql: """
                SELECT type, office, substr(act_date, 1, 4) AS year, COUNT(*) FROM record_search
                GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                """).map { ArchiveStats.RecordGroup(type: $0[0], office: $0[1], year: $0[2], count: $0[3]) }
            stats.lastImport = try String.fetchOne(db, sql: "SELECT MAX(time) FROM event WHERE kind = 'import'")
            stats.lastVerification = try String.fetchOne(db, sql: "SELECT MAX(time) FROM event WHERE kind = 'fixity'")
            return stats
        }
        for suffix in ["", "-wal"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: path + suffix))?[.size] as? Int64
            stats.archiveBytes += size ?? 0
        }
        return stats
    }
}
