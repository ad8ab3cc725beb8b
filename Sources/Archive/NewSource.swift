/// A decoded and normalized file, ready to be written in one transaction.
public struct NewSource: Sendable {
    /// SHA-256 of `bytes`.
    public var sha256: String
    /// The file's exact bytes.
    public var bytes: [UInt8]
    /// Path as the operator gave it.
    public var path: String
    /// The file's name; one that is not UTF-8 in the escaped form of daftar's `PathBytes`.
    public var name: String
    /// The name's exact bytes when they are not UTF-8 (`name` then escapes them).
    public var nameBytes: [UInt8]? = nil
    public var format: String
    public var ledger: String?
    public var `operator`: String
    public var pages: [NewPage]
    /// The normalization options the pages were built with (JSON, `source.normalization_options`).
    public var normalizationOptions: String? = nil

    public init(sha256: String, bytes: [UInt8], path: String, name: String, format: String,
                ledger: String?, operator: String, pages: [NewPage]) {
        self.sha256 = sha256
        self.bytes = bytes
        self.path = path
        self.name = name
        self.format = format
        self.ledger = ledger
        self.operator = `operator`
        self.pages = pages
    }
}

/// One page of a `NewSource`.
public struct NewPage: Sendable {
    public var pageIndex: Int
    /// 0 whole page, 1 left and 2 right half of a spread.
    public var part: Int = 0
    public var width: Int
    public var height: Int
    public var dpi: Double?
    public var access: [UInt8]
    public var accessWidth: Int
    public var accessHeight: Int
    public var thumbnail: [UInt8]
    public var skewDegrees: Double
    /// JSON array of operation records.
    public var normalization: String
    /// Bilevel copy (G4 TIFF), when made.
    public var bitonal: [UInt8]? = nil
    /// Perceptual hash, 512 hex digits.
    public var perceptualHash: String? = nil
    /// JSON object of scan-quality measurements.
    public var quality: String? = nil
    /// The policy's complaints, each a short phrase.
    public var qualityProblems: [String] = []

    public init(pageIndex: Int, width: Int, height: Int, dpi: Double?, access: [UInt8], accessWidth: Int,
                accessHeight: Int, thumbnail: [UInt8], skewDegrees: Double, normalization: String) {
        self.pageIndex = pageIndex
        self.width = width
        self.height = height
        self.dpi = dpi
        self.access = access
        self.accessWidth = accessWidth
        self.accessHeight = accessHeight
        self.thumbnail = thumbnail
        self.skewDegrees = skewDegrees
        self.normalization = normalization
    }
}

/// What writing a source did.
public enum SourceWriteOutcome: Sendable, Equatable {
    /// Stored, with this many pages.
    case imported(sourceId: Int64, pages: Int)
    /// The same bytes were already archived; nothing was written.
    case alreadyArchived(sourceId: Int64)
}
