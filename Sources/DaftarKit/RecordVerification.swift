import Archive
import Foundation

extension RecordKeeping {
    /// What became of `verify`.
    public enum VerifyOutcome: Sendable, Equatable {
        case verified(version: Int)
        /// Nothing to do: the record as it stands was verified at `version`.
        case alreadyVerified(version: Int, by: String, at: String)
        case noSuchRecord
        /// Refused: the operator keyed (or edited) what the record holds.
        case ownKeying(operator: String)
        /// Refused: a draft, a merged second keying, a duplicate, or one keying of a
        /// double-keyed act (reconciled, not verified alone).
        case notVerifiable(Lifecycle)
    }

    /// A second person's check of a single keying against the page image: adds a
    /// `verified` version with the record's fields as they stand, the operator, the time
    /// and `reason`. The record's keying operators cannot verify it; a draft, a merged
    /// keying, a duplicate and an unreconciled double keying cannot be verified.
    public func verify(id: Int64, reason: String?, operator: String) throws(ArchiveError) -> VerifyOutcome {
        let versions = try store.recordVersions(id: id)
        guard let row = try store.record(id: id), let latest = versions.last else { return .noSuchRecord }
        let lifecycle = try Lifecycle(recordId: id, versions: versions, store: store)
        if lifecycle.state == RecordStatus.verified, let done = lifecycle.lastVerification {
            return .alreadyVerified(version: done.version, by: done.operator, at: done.time)
        }
        guard lifecycle.state == RecordStatus.keyed else { return .notVerifiable(lifecycle) }
        // One of two keyings still waiting for reconciliation: verifying it alone would
        // leave its partner unpaired forever.
        if lifecycle.pass != nil && lifecycle.lastVerification == nil { return .notVerifiable(lifecycle) }
        if lifecycle.keyedBy.contains(`operator`) { return .ownKeying(operator: `operator`) }
        let note = "verified against the page" + (reason.map { ": \($0)" } ?? "")
        let version = self.version(type: row.type, fields: latest.fields, status: RecordStatus.verified, pass: latest.pass,
                                   reason: note)
        return .verified(version: try store.addRecordVersion(recordId: id, version, operator: `operator`,
                                                             basedOn: latest.version))
    }
}
