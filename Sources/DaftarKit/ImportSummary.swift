/// The result of `daftar import`, printed as JSON for scripts.
public struct ImportSummary: Codable, Sendable, Equatable {
    /// A file that was not imported, and why.
    public struct Rejection: Codable, Sendable, Equatable {
        public let path: String
        public let error: String
    }

    /// Files added to the archive.
    public var imported = 0
    /// Pages added.
    public var pages = 0
    /// Files whose bytes were already archived.
    public var duplicates = 0
    public var rejected: [Rejection] = []

    public init() {}
}

/// What happened to one file, reported as the import goes.
public enum ImportEvent: Sendable {
    /// The files were collected; this many will be tried.
    case started(files: Int)
    case imported(path: String, pages: Int)
    case duplicate(path: String)
    case rejected(path: String, reason: String)
}
