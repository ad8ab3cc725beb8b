import Foundation
import GRDB

/// The hash chain over the event log: each event's hash covers its own
/// fields and the hash of the event before it, so editing or removing any
/// past event breaks every hash after it.
public enum EventChain {
    /// The `previous_hash` of the first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// The hash of an event's content chained to `previous`.
    public static func hash(previous: String, time: String, kind: String, operator: String,
                            subject: String?, details: String) -> String {
        // Fields joined with a separator that cannot occur in them unescaped (JSON escapes control characters).
        let fields = [previous, time, kind, `operator`, subject ?? "", details]
        return ContentHash.sha256(Array(fields.joined(separator: "\u{1F}").utf8))
    }

    /// Appends an event after the newest one. Call inside a write transaction,
    /// so that no other writer can slip an event in between.
    @discardableResult
    static func append(_ db: Database, kind: String, operator: String, subject: String?,
                       details: some Encodable, at date: Date = Date()) throws -> EventRecord {
        try append(db, kind: kind, operator: `operator`, subject: subject, detailsJSON: try CanonicalJSON.string(details), at: date)
    }

    /// Appends an event whose details are already canonical JSON text.
    @discardableResult
    static func append(_ db: Database, kind: String, operator: String, subject: String?,
                       detailsJSON json: String, at date: Date = Date()) throws -> EventRecord {
        let previous = try String.fetchOne(try db.cachedStatement(sql: "SELECT hash FROM event ORDER BY id DESC LIMIT 1")) ?? genesis
        let time = Timestamp.string(from: date)
        var event = EventRecord(id: nil, time: time, kind: kind, operator: `operator`, subject: subject,
                                details: json, previousHash: previous,
                                hash: hash(previous: previous, time: time, kind: kind, operator: `operator`,
                                           subject: subject, details: json))
        try db.executeCached(sql: """
            INSERT INTO event (time, kind, operator, subject, details, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [event.time, event.kind, event.operator, event.subject, event.details, event.previousHash, event.hash])
        event.id = db.lastInsertedRowID
        return event
    }

    /// The id of the first event whose link or hash does not match, or nil when the chain is intact.
    public static func firstBrokenEvent(in events: [EventRecord]) -> Int64? {
        var previous = genesis
        for event in events {
            let expected = hash(previous: previous, time: event.time, kind: event.kind, operator: event.operator,
                                subject: event.subject, details: event.details)
            if event.previousHash != previous || event.hash != expected { return event.id }
            previous = event.hash
        }
        return nil
    }
}
