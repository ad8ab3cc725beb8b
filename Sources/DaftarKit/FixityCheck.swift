import Archive
import Foundation

/// `daftar verify`'s fixity part: recomputes the SHA-256 of stored blobs (all, those
/// not checked for some days, or a random sample), names the pages of any that no
/// longer match, and records the check (each blob's time, and a `fixity` event).
public struct FixityCheck: Sendable {
    public let store: ArchiveStore

    public init(store: ArchiveStore) {
        self.store = store
    }

    /// Checks the blobs `scope` names; `progress` hears (done, total) after each. With
    /// `record` (the default) the check is kept in the archive; a backup's check leaves
    /// the copy as it was written.
    public func run(_ scope: ArchiveStore.FixityScope, operator: String, record: Bool = true,
                    progress: (Int, Int) -> Void = { _, _ in }) throws(ArchiveError) -> FixityReport {
        let hashes = try store.blobsToCheck(scope)
        var report = FixityReport(), results: [(sha256: String, intact: Bool)] = []
        results.reserveCapacity(hashes.count)
        for (index, sha256) in hashes.enumerated() {
            // A blob removed since the list was read (nothing removes blobs today) is passed over.
            guard let (size, intact) = try store.checkBlob(sha256: sha256) else { continue }
            report.checked += 1
            report.bytes += size
            results.append((sha256, intact))
            if !intact {
                report.damaged.append(DamagedBlob(sha256: sha256, size: size, pages: try store.pagesUsing(blob: sha256)))
            }
            progress(index + 1, hashes.count)
        }
        if record { try store.recordFixity(results, report: report, scope: Self.describe(scope), operator: `operator`) }
        return report
    }

    static func describe(_ scope: ArchiveStore.FixityScope) -> String {
        switch scope {
        case .all: "all"
        case .notCheckedFor(let days): "not checked for \(days) days"
        case .sample(let count): "sample of \(count)"
        }
    }
}
