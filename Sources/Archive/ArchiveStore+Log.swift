import Foundation
import GRDB

extension ArchiveStore {
    /// Appends an event of a kind the archive's tables do not hold otherwise (a training
    /// exercise begun, a page marked keep or rescan) to the hash-chained log, in its own
    /// transaction.
    public func logEvent(kind: String, operator: String, subject: String?, details: some Encodable,
                         at date: Date = Date()) throws(ArchiveError) {
        try write { db in
            _ = try EventChain.append(db, kind: kind, operator: `operator`, subject: subject, details: details, at: date)
        }
    }
}

extension ArchiveStore {
    /// The events about one subject (`record:12`) of the given kinds, oldest first.
    public func events(subject: String, kinds: [String]) throws(ArchiveError) -> [EventRecord] {
        try read { db in
            try EventRecord.fetchAll(db, sql: """
                SELECT * FROM event WHERE subject = ? AND kind IN (\(kinds.map { _ in "?" }.joined(separator: ","))) ORDER BY id
                """, arguments: StatementArguments([subject] + kinds))
        }
    }
}
