import Archive

/// The result of `daftar import`, printed as JSON for scripts.
public struct ImportSummary: Codable, Sendable, Equatable {
    /// A file that was not imported, and why.
    public struct Rejection: Codable, Sendable, Equatable {
        public let path: String
        public let error: String

        public init(path: String, error: String) {
            self.path = path
            self.error = error
        }
    }

    /// A page that failed the scan-quality policy: imported, but worth a rescan.
    public struct QualityWarning: Codable, Sendable, Equatable {
        public let path: String
        /// The page as an operator names it: the file name, with the page and half when needed.
        public let page: String
        public let problems: [String]

        public init(path: String, page: String, problems: [String]) {
            self.path = path
            self.page = page
            self.problems = problems
        }

        /// One warning per page of a file that the policy found fault with.
        public static func warnings(path: String, name: String, pages: [NewPage]) -> [QualityWarning] {
            let pageCount = Set(pages.map(\.pageIndex)).count
            return pages.compactMap { page in
                guard !page.qualityProblems.isEmpty else { return nil }
                return QualityWarning(path: path,
                                      page: PageName.format(file: name, pageIndex: page.pageIndex,
                                                            pageCount: pageCount, part: page.part),
                                      problems: page.qualityProblems)
            }
        }

        /// "p031.tif: 150 dpi, policy 300: rescan".
        public var line: String { "\(page): \(problems.joined(separator: "; ")): rescan" }
    }

    /// Pages imported with scan-quality problems.
    public var warnings: [QualityWarning] = []

    /// Files added to the archive.
    public var imported = 0
    /// Pages added.
    public var pages = 0
    /// Files whose bytes were already archived.
    public var duplicates = 0
    public var rejected: [Rejection] = []
    /// The records a manifest attached (`daftar import --manifest`).
    public var records: ManifestImport.Outcome?
    /// Where a hot folder's files went (`daftar import --inbox`).
    public var inbox: InboxImport.Summary?

    public init() {}
}

/// What happened to one file, reported as the import goes.
public enum ImportEvent: Sendable {
    /// The files were collected; this many will be tried.
    case started(files: Int)
    case imported(path: String, pages: Int, warnings: [ImportSummary.QualityWarning])
    case duplicate(path: String)
    case rejected(path: String, reason: String)
}
