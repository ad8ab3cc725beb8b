import Archive

/// Where a record stands in its lifecycle, read from its versions and duplicate decisions:
/// `draft → keyed → verified`, or `merged` (a second keying folded into its partner by
/// reconciliation), or `duplicate` (resolved into a surviving record).
public struct Lifecycle: Sendable, Equatable {
    /// `draft`, `keyed`, `verified`, `merged` or `duplicate`.
    public let state: String
    /// The latest version's status.
    public let status: String
    /// The latest version that verified the record, if any.
    public let lastVerification: Verification?
    /// Verified once, keyed (edited) since.
    public let changedAfterVerification: Bool
    /// The double-keying pass of the record's first version.
    public let pass: Int?
    /// The record it was resolved as a duplicate of, and the surviving record of the act.
    public let duplicateOf: Int64?
    public let survivor: Int64
    /// Who keyed what the record now holds: its creator and whoever keyed a version since
    /// its last verification. None of them may verify it.
    public let keyedBy: Set<String>

    /// Who verified a record, when, and at which version.
    public struct Verification: Sendable, Equatable {
        public let version: Int
        public let `operator`: String
        public let time: String
    }

    /// The lifecycle of record `recordId`, from its versions (oldest first, not empty).
    public init(recordId: Int64, versions: [RecordVersionRow], store: ArchiveStore) throws(ArchiveError) {
        let latest = versions.last!
        status = latest.status
        pass = versions.first?.pass
        let verified = versions.last { $0.status == RecordStatus.verified }
        lastVerification = verified.map { Verification(version: $0.version, operator: $0.operator, time: $0.time) }
        changedAfterVerification = verified != nil && latest.status == RecordStatus.keyed
        duplicateOf = try store.duplicateOf(recordId: recordId)
        survivor = duplicateOf == nil ? recordId : try store.survivor(of: recordId)
        state = duplicateOf == nil ? latest.status : "duplicate"
        var keyedBy: Set<String> = [versions[0].operator]
        for version in versions where version.version > (verified?.version ?? 0) && version.status != RecordStatus.verified {
            keyedBy.insert(version.operator)
        }
        self.keyedBy = keyedBy
    }
}
