import GRDB

/// A page row joined with its source, as `daftar pages` lists it.
public struct PageListing: Codable, Sendable, Equatable, FetchableRecord {
    public var id: Int64
    public var source: String
    public var sourceName: String
    public var ledger: String?
    public var pageIndex: Int
    public var width: Int
    public var height: Int
    public var dpi: Double?
    /// SHA-256 of the original file.
    public var sha256: String
    public var skewDegrees: Double

    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
}

/// A page with its source, for `daftar show page`.
public struct PageDetail: Sendable, Equatable {
    public var page: PageRecord
    public var source: SourceRecord
}
