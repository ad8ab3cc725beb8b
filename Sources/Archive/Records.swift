import GRDB

/// A scanned file as it arrived: its exact bytes live in `blob` under `sha256`.
public struct SourceRecord: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64?
    public var sha256: String
    public var path: String
    public var name: String
    public var size: Int64
    public var format: String
    public var pageCount: Int
    public var ledger: String?
    public var `operator`: String
    public var importedAt: String
    /// The normalization options its pages were last built with (JSON), if kept.
    public var normalizationOptions: String?
}

/// One page of a source, with its derived images and normalization record.
public struct PageRecord: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64?
    public var sourceId: Int64
    public var pageIndex: Int
    /// 0 for a whole scanned page; 1 and 2 for the left and right halves of a split spread.
    public var part: Int
    /// Displayed size (after orientation), before cropping.
    public var width: Int
    public var height: Int
    public var dpi: Double?
    public var accessSha256: String
    public var accessWidth: Int
    public var accessHeight: Int
    public var thumbnailSha256: String
    /// The bilevel (G4 TIFF) copy, when one was made.
    public var bitonalSha256: String?
    public var skewDegrees: Double
    /// JSON array of operation records.
    public var normalization: String
    /// 512 hex digits (`PerceptualHash`); nil on pages archived before hashes existed.
    public var perceptualHash: String?
    /// JSON object of scan-quality measurements (`ScanMetrics`).
    public var quality: String?
    /// JSON array of the import policy's complaints; "[]" when the page passed.
    public var qualityProblems: String
}

/// An entry of the append-only, hash-chained event log.
public struct EventRecord: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64?
    public var time: String
    public var kind: String
    public var `operator`: String
    public var subject: String?
    /// JSON object.
    public var details: String
    public var previousHash: String
    public var hash: String
}

extension SourceRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "source"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension PageRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "page"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension EventRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "event"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
