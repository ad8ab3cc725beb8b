import GRDB

/// A page row joined with its source, as `daftar pages` lists it.
public struct PageListing: Codable, Sendable, Equatable, FetchableRecord {
    public var id: Int64
    public var source: String
    public var sourceName: String
    public var ledger: String?
    public var pageIndex: Int
    /// 0 whole page, 1 left and 2 right half of a spread.
    public var part: Int
    public var width: Int
    public var height: Int
    public var dpi: Double?
    /// SHA-256 of the original file.
    public var sha256: String
    public var skewDegrees: Double
    public var accessSha256: String
    /// 512 hex digits, or nil on pages archived before hashes existed.
    public var perceptualHash: String?
    /// JSON object of scan-quality measurements.
    public var quality: String?
    /// JSON array of the import policy's complaints.
    public var qualityProblems: String

    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
}

/// A page with its source, for `daftar show page`.
public struct PageDetail: Sendable, Equatable {
    public var page: PageRecord
    public var source: SourceRecord
}
