import Foundation
import GRDB

/// A registrar's decision on a proposed duplicate, or the undoing of one.
public struct DuplicateDecision: Sendable, Equatable, Codable {
    /// The decision's id in the archive that made it (nil in bags written before ids were kept).
    public var id: Int64?
    public let recordId: Int64
    public let otherId: Int64
    /// `duplicate` (the record is the other act entered again), `distinct`, or `undone`
    /// (the record's `duplicate` decision taken back).
    public let decision: String
    public let reason: String
    public let `operator`: String
    public let time: String
    /// The earlier decision on the pair that this one reverses (`--revise`, or an undo).
    public var revises: Int64?
}

/// What a duplicate decision would do that the archive refuses: each keeps every act
/// with exactly one surviving record.
public enum DuplicateRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case noSuchRecord(Int64)
    /// Records of two act types are never one act.
    case differentTypes(Int64, String, Int64, String)
    /// A draft, or a second keying merged into its reconciled record.
    case notDecidable(Int64, status: String)
    /// The decision would make the records duplicates of each other; `chain` runs from
    /// the record named as the original to the one decided on (each a duplicate of the next).
    case cycle(chain: [Int64])
    /// The record is already a duplicate of another: undo that first.
    case alreadyDuplicate(Int64, of: Int64)
    /// The pair was decided the other way before; `--revise` reverses it.
    case contradicts(DuplicateDecision)
    /// `undo` of a record that is not a duplicate.
    case notADuplicate(Int64)

    public var description: String {
        switch self {
        case .noSuchRecord(let id): "record \(id): no such record"
        case .differentTypes(let one, let oneType, let other, let otherType):
            "record \(one) is a \(oneType) act and record \(other) a \(otherType) act: acts of two types are never one act"
        case .notDecidable(let id, let status) where status == "merged":
            "record \(id) is a second keying merged into its reconciled record (see `daftar record history \(id)`): decide on that record"
        case .notDecidable(let id, let status):
            "record \(id) is a \(status): finish it first"
        case .cycle(let chain):
            "refused: " + zip(chain, chain.dropFirst()).map { "record \($0) is a duplicate of record \($1)" }.joined(separator: ", ")
                + "; the act would have no surviving record (chain \(chain.map(String.init).joined(separator: " → ")))"
        case .alreadyDuplicate(let id, let of):
            "record \(id) is already a duplicate of record \(of); undo that first (`daftar duplicates undo \(id) --reason …`)"
        case .contradicts(let earlier):
            "records \(earlier.recordId) and \(earlier.otherId) were decided \(earlier.decision == "duplicate" ? "the same act" : "different acts") "
                + "on \(earlier.time) by \(earlier.operator) (\(earlier.reason)); give --revise to reverse that decision"
        case .notADuplicate(let id): "record \(id) is not resolved as a duplicate; nothing to undo"
        }
    }
}

/// What became of a duplicate decision.
public enum DuplicateOutcome: Sendable, Equatable {
    /// Stored; for a `duplicate`, `survivor` is the record it now duplicates (the one named,
    /// or that record's own survivor when it is itself a duplicate).
    case decided(decision: Int64, survivor: Int64?, revised: Int64?)
    /// The pair already stands as asked: nothing stored.
    case alreadySo
    case refused(DuplicateRefusal)
}

extension ArchiveStore {
    /// The duplicate rules' keys of an act type's records as they stand (keyed or
    /// verified, not marked duplicate), kept in the search table when each was written.
    public func duplicateKeys(type: String) throws(ArchiveError) -> [(recordId: Int64, key: String)] {
        try read { db in
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT record_id, duplicate_key FROM record_search
                WHERE type = ? AND status IN ('keyed', 'verified') AND duplicate_of IS NULL AND duplicate_key IS NOT NULL
                """, arguments: [type])
            var keys: [(Int64, String)] = []
            while let row = try cursor.next() { keys.append((row[0], row[1])) }
            return keys
        }
    }

    /// Records a registrar's decision on records `recordId` and `otherId`, with a
    /// `duplicate-resolve` event, in one transaction that reads and checks the records
    /// first. A record found to be a duplicate drops out of search (kept in the archive);
    /// a decision that would leave an act without a surviving record, join two act types,
    /// or silently contradict an earlier decision on the pair (unless `revise`) is refused.
    public func decideDuplicate(recordId: Int64, otherId: Int64, duplicate: Bool, revise: Bool, reason: String,
                                operator: String, at date: Date = Date()) throws(ArchiveError) -> DuplicateOutcome {
        try write { db -> DuplicateOutcome in
            var states: [Int64: (type: String, status: String, duplicateOf: Int64?)] = [:]
            for id in [recordId, otherId] {
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT r.type, s.status, s.duplicate_of FROM record r LEFT JOIN record_search s ON s.record_id = r.id WHERE r.id = ?
                    """, arguments: [id]) else { return .refused(.noSuchRecord(id)) }
                states[id] = (row[0], row[1] ?? "draft", row[2])
                if let status: String = row[1], status == "draft" || status == "merged" {
                    return .refused(.notDecidable(id, status: status))
                }
            }
            let this = states[recordId]!, other = states[otherId]!
            guard this.type == other.type else {
                return .refused(.differentTypes(recordId, this.type, otherId, other.type))
            }
            let earlier = try Self.latestDecision(db, recordId, otherId)
            let kind: String
            var target = otherId
            if duplicate {
                let chain = try Self.chain(db, from: otherId)
                if chain.contains(recordId) {
                    return .refused(.cycle(chain: Array(chain.prefix { $0 != recordId }) + [recordId]))
                }
                target = chain.last!
                if let current = this.duplicateOf {
                    return current == target ? .alreadySo : .refused(.alreadyDuplicate(recordId, of: current))
                }
                if let earlier, earlier.decision == "distinct", !revise { return .refused(.contradicts(earlier)) }
                kind = "duplicate"
            } else {
                let inForce = this.duplicateOf == otherId || other.duplicateOf == recordId
                if let earlier, earlier.decision == "distinct" { return .alreadySo }
                if inForce, let earlier, !revise { return .refused(.contradicts(earlier)) }
                kind = "distinct"
            }
            let revised = revise ? earlier.flatMap { $0.decision == "undone" || $0.decision == kind ? nil : $0.id } : nil
            let id = try Self.insertDecision(db, recordId: recordId, otherId: target, decision: kind, reason: reason,
                                             operator: `operator`, time: Timestamp.string(from: date), revises: revised)
            struct Details: Encodable { let other: Int64, decision: String, reason: String, named: Int64?, revises: Int64? }
            try EventChain.append(db, kind: "duplicate-resolve", operator: `operator`, subject: "record:\(recordId)",
                                  details: Details(other: target, decision: kind, reason: reason,
                                                   named: target == otherId ? nil : otherId, revises: revised), at: date)
            return .decided(decision: id, survivor: duplicate ? target : nil, revised: revised)
        }
    }

    /// Takes back the decision that made record `recordId` a duplicate: it is a surviving
    /// record again (an `undone` decision and a `duplicate-undo` event).
    public func undoDuplicate(recordId: Int64, reason: String, operator: String,
                              at date: Date = Date()) throws(ArchiveError) -> DuplicateOutcome {
        try write { db -> DuplicateOutcome in
            guard try Int64.fetchOne(db, sql: "SELECT id FROM record WHERE id = ?", arguments: [recordId]) != nil else {
                return .refused(.noSuchRecord(recordId))
            }
            guard let other = try Int64.fetchOne(db, sql: "SELECT duplicate_of FROM record_search WHERE record_id = ?",
                                                 arguments: [recordId]) else { return .refused(.notADuplicate(recordId)) }
            let revised = try Int64.fetchOne(db, sql: """
                SELECT id FROM duplicate_decision WHERE record_id = ? AND other_id = ? AND decision = 'duplicate' ORDER BY id DESC LIMIT 1
                """, arguments: [recordId, other])
            let id = try Self.insertDecision(db, recordId: recordId, otherId: other, decision: "undone", reason: reason,
                                             operator: `operator`, time: Timestamp.string(from: date), revises: revised)
            struct Details: Encodable { let other: Int64, reason: String, revises: Int64? }
            try EventChain.append(db, kind: "duplicate-undo", operator: `operator`, subject: "record:\(recordId)",
                                  details: Details(other: other, reason: reason, revises: revised), at: date)
            return .decided(decision: id, survivor: nil, revised: revised)
        }
    }

    /// Writes a decision row and applies it to the search table: `duplicate` sets the
    /// record's `duplicate_of`; `distinct` and `undone` clear whichever of the two pointed
    /// at the other. Returns the decision's id.
    static func insertDecision(_ db: Database, recordId: Int64, otherId: Int64, decision: String, reason: String,
                               operator: String, time: String, revises: Int64?) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO duplicate_decision (record_id, other_id, decision, reason, operator, time, revises) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [recordId, otherId, decision, reason, `operator`, time, revises])
        let id = db.lastInsertedRowID
        if decision == "duplicate" {
            try db.execute(sql: "UPDATE record_search SET duplicate_of = ? WHERE record_id = ?", arguments: [otherId, recordId])
        } else {
            try db.execute(sql: """
                UPDATE record_search SET duplicate_of = NULL
                WHERE (record_id = ? AND duplicate_of = ?) OR (record_id = ? AND duplicate_of = ?)
                """, arguments: [recordId, otherId, otherId, recordId])
        }
        return id
    }

    /// The latest decision on a pair, either way round; nil when none, or when it was undone.
    static func latestDecision(_ db: Database, _ one: Int64, _ two: Int64) throws -> DuplicateDecision? {
        let row = try Row.fetchOne(db, sql: """
            SELECT * FROM duplicate_decision WHERE (record_id = ? AND other_id = ?) OR (record_id = ? AND other_id = ?)
            ORDER BY id DESC LIMIT 1
            """, arguments: [one, two, two, one])
        guard let row, row["decision"] as String != "undone" else { return nil }
        return decision(row)
    }

    static func decision(_ row: Row) -> DuplicateDecision {
        DuplicateDecision(id: row["id"], recordId: row["record_id"], otherId: row["other_id"], decision: row["decision"],
                          reason: row["reason"], operator: row["operator"], time: row["time"], revises: row["revises"])
    }

    /// The record, then the record it duplicates, and so on to its survivor (the last).
    /// A chain that loops (never made by daftar) ends where it would repeat.
    static func chain(_ db: Database, from id: Int64) throws -> [Int64] {
        var chain = [id]
        while let next = try Int64.fetchOne(db, sql: "SELECT duplicate_of FROM record_search WHERE record_id = ?",
                                            arguments: [chain.last!]), !chain.contains(next) {
            chain.append(next)
        }
        return chain
    }

    /// Every duplicate decision, oldest first.
    public func duplicateDecisions() throws(ArchiveError) -> [DuplicateDecision] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM duplicate_decision ORDER BY id").map(Self.decision) }
    }

    /// The decisions naming a record, oldest first.
    public func duplicateDecisions(recordId: Int64) throws(ArchiveError) -> [DuplicateDecision] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM duplicate_decision WHERE record_id = ? OR other_id = ? ORDER BY id",
                             arguments: [recordId, recordId]).map(Self.decision)
        }
    }

    /// The record this one was found to duplicate (`duplicates resolve --same-as`), if any.
    public func duplicateOf(recordId: Int64) throws(ArchiveError) -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT duplicate_of FROM record_search WHERE record_id = ?", arguments: [recordId])
        }
    }

    /// The surviving record of the act this record was keyed for: itself, unless it was
    /// resolved as a duplicate.
    public func survivor(of recordId: Int64) throws(ArchiveError) -> Int64 {
        try read { db in try Self.chain(db, from: recordId).last! }
    }
}
