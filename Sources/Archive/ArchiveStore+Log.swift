import Foundation

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
