import Archive

/// The lines of a daftar bag's JSON Lines files (`data/sources.jsonl`, `data/pages.jsonl`,
/// `data/records.jsonl`, `data/schema-extensions.jsonl`): everything `daftar import-bag`
/// needs to rebuild the archive's part the bag holds, in a form other systems can read.
public enum BagContents {
    /// A payload file: its path inside the bag and its SHA-256.
    public struct File: Codable, Sendable, Equatable {
        public let file: String
        public let sha256: String
    }

    /// A scanned file as it arrived (provenance).
    public struct Source: Codable, Sendable, Equatable {
        public let id: Int64
        public let original: File
        public let path: String
        public let name: String
        public let size: Int64
        public let format: String
        public let pageCount: Int
        public let ledger: String?
        public let importedBy: String
        public let importedAt: String
    }

    /// A page made from a source: how it was normalized and measured, and its images.
    public struct Page: Codable, Sendable, Equatable {
        public let id: Int64
        /// The source's SHA-256.
        public let source: String
        public let pageIndex: Int
        public let part: Int
        public let width: Int
        public let height: Int
        public let dpi: Double?
        public let skewDegrees: Double
        public let normalization: JSONValue
        public let perceptualHash: String?
        public let quality: JSONValue?
        public let qualityProblems: [String]
        public let access: File
        public let accessWidth: Int
        public let accessHeight: Int
        public let thumbnail: File
        public let bitonal: File?
    }

    /// A page as a record names it: its source and place there (ids differ between archives).
    public struct PageReference: Codable, Sendable, Equatable, Hashable {
        public let source: String
        public let pageIndex: Int
        public let part: Int
    }

    /// One version of a record.
    public struct Version: Codable, Sendable, Equatable {
        public let version: Int
        public let status: String
        public let pass: Int?
        public let fields: [String: StoredField]
        public let fieldsSha256: String
        public let `operator`: String
        public let time: String
        public let reason: String?
    }

    /// A record with its whole history.
    public struct Record: Codable, Sendable, Equatable {
        public let id: Int64
        public let type: String
        public let createdAt: String
        public let createdBy: String
        public let pages: [PageReference]
        public let versions: [Version]
    }

    /// A version of the office's schema extension.
    public struct SchemaExtension: Codable, Sendable, Equatable {
        public let version: Int
        public let content: String
        public let sha256: String
        public let `operator`: String
        public let time: String
    }
}

