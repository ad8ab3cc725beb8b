import Foundation
import Imaging

/// How an import runs.
public struct ImportOptions: Sendable {
    /// Ledger (act book) code recorded on every source, if given.
    public var ledger: String?
    /// Who imports, recorded on sources and events.
    public var `operator`: String
    /// Pages claiming more pixels are rejected before any pixel is allocated.
    public var maxPixels: Int
    /// Files larger than this are rejected unread (SQLite stores at most ~1 GB in one value).
    public var maxFileBytes: Int
    public var normalization: NormalizationOptions
    /// Files decoded at once (one per core by default); each holds at most one page's
    /// pixels at a time. (One more than the cores measured no faster on 2 cores.)
    public var workers: Int
    /// Thresholds a page must meet; failing pages are imported with a warning.
    public var policy: QualityPolicy

    public static let defaultMaxPixels = 200_000_000

    public init(ledger: String? = nil, operator: String, maxPixels: Int = defaultMaxPixels,
                maxFileBytes: Int = 900_000_000, normalization: NormalizationOptions = NormalizationOptions(),
                workers: Int = ProcessInfoCores.count, policy: QualityPolicy = QualityPolicy()) {
        self.policy = policy
        self.ledger = ledger
        self.operator = `operator`
        self.maxPixels = maxPixels
        self.maxFileBytes = maxFileBytes
        var normalization = normalization
        normalization.maxPixels = maxPixels
        self.normalization = normalization
        self.workers = max(1, workers)
    }
}

/// The machine's active core count.
public enum ProcessInfoCores {
    public static var count: Int {
        let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return cores > 0 ? cores : 1
    }
}
