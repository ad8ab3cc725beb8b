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
    /// Every record (keying) in the archive, whatever its state.
    public var records = 0
    /// Records by status (`keyed`, `verified`, `draft`, …).
    public var recordsByStatus: [String: Int] = [:]
    /// Acts: surviving records (keyed or verified), each act once — not merged second
    /// keyings, records resolved as duplicates, second keyings still waiting for
    /// reconciliation (their act is counted with its first keying), or drafts.
    public var acts = 0
    /// Acts by status (`keyed`, `verified`).
    public var actsByStatus: [String: Int] = [:]
    /// Records that are not acts of their own, by why.
    public var mergedKeyings = 0
    public var duplicates = 0
    public var awaitingReconciliation = 0
    public var drafts = 0
    /// Acts by act type, office and year.
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
            // What each record is: an act, or why not.
            let kind = """
                CASE WHEN s.duplicate_of IS NOT NULL THEN 'duplicate'
                     WHEN s.status = 'merged' THEN 'merged'
                     WHEN s.status = 'draft' THEN 'draft'
                     WHEN s.status = 'keyed' AND (SELECT pass FROM record_version WHERE record_id = s.record_id AND version = 1) = 2
                          AND NOT EXISTS (SELECT 1 FROM record_version WHERE record_id = s.record_id AND status = 'verified')
                       THEN 'awaiting'
                     ELSE 'act' END
                """
            for row in try Row.fetchAll(db, sql: "SELECT \(kind) AS kind, s.status, COUNT(*) FROM record_search s GROUP BY 1, 2") {
                let count: Int = row[2]
                switch row[0] as String {
                case "act":
                    stats.acts += count
                    stats.actsByStatus[row[1], default: 0] += count
                case "duplicate": stats.duplicates += count
                case "merged": stats.mergedKeyings += count
                case "draft": stats.drafts += count
                default: stats.awaitingReconciliation += count
                }
            }
            stats.recordGroups = try Row.fetchAll(db, sql: """
                SELECT s.type, s.office, substr(s.act_date, 1, 4) AS year, COUNT(*) FROM record_search s
                WHERE \(kind) = 'act' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
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
