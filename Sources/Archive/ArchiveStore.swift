import CSQLiteSetup
import Foundation
import GRDB
import GRDBSQLite

/// The archive: one SQLite file opened in WAL mode with `synchronous=FULL`
/// and a busy timeout, so several daftar processes can share it and a power
/// cut loses at most the transaction in flight.
public final class ArchiveStore: Sendable {
    /// The archive file's path.
    public let path: String
    let pool: DatabasePool
    private let checkpointer: WALCheckpointer

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
        self.checkpointer = WALCheckpointer(path: path)
    }

    deinit {
        checkpointer.finish()
    }

    /// Creates the archive, or opens it when it already exists.
    ///
    /// A new archive is made whole under a temporary name beside `path` (every migration
    /// applied, the log checkpointed) and only then given its name, so a creation cut off
    /// at any moment leaves either no archive or a complete one — never an empty file the
    /// next command would take for an archive. An existing empty file is refused as not an
    /// archive unless `adoptingEmpty` (`daftar init`: the operator asked to make it one),
    /// when it is made the archive with `fileMode`.
    /// - Returns: the store and whether a new archive was made.
    public static func create(at path: String, adoptingEmpty: Bool = false,
                              busyTimeout: Double = 10) throws(ArchiveError) -> (ArchiveStore, created: Bool) {
        if FileManager.default.fileExists(atPath: path) {
            let (store, unmade) = try openExisting(at: path, busyTimeout: busyTimeout, makeUnmade: adoptingEmpty)
            return (store, unmade)
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/." + url.lastPathComponent + ".creating-\(getpid())"
        func removeTemporary() { for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) } }
        removeTemporary()
        do throws(ArchiveError) {
            try createPrivateFile(temporary)
            let pool = try connect(path: temporary, busyTimeout: busyTimeout)
            try run(temporary) {
                try ArchiveSchema.migrator.migrate(pool)
                try pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
                try pool.close()
            }
            let descriptor = Foundation.open(temporary, O_RDONLY | O_CLOEXEC)
            let synced = descriptor >= 0 && fsync(descriptor) == 0
            if descriptor >= 0 { close(descriptor) }
            guard synced else { throw ArchiveError.database(path: path, message: "cannot write the new archive: \(String(cString: strerror(errno)))") }
            // link() never replaces: an archive another process made meanwhile is kept.
            if link(temporary, path) != 0 {
                let failure = errno
                guard failure == EEXIST else {
                    throw ArchiveError.database(path: path, message: "cannot create the archive: \(String(cString: strerror(failure)))")
                }
                removeTemporary()
                return (try open(at: path, busyTimeout: busyTimeout), false)
            }
        } catch {
            removeTemporary()
            throw error
        }
        removeTemporary()
        // The new name reaches the disk with the folder.
        let parent = Foundation.open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if parent >= 0 { fsync(parent); close(parent) }
        return (try open(at: path, busyTimeout: busyTimeout), true)
    }

    /// Opens an existing archive, applying migrations this daftar knows and the file lacks.
    /// Any other file, an empty one included, is refused and left as it is (only
    /// `create` makes an archive of it).
    public static func open(at path: String, busyTimeout: Double = 10) throws(ArchiveError) -> ArchiveStore {
        guard FileManager.default.fileExists(atPath: path) else { throw .missing(path: path) }
        return try openExisting(at: path, busyTimeout: busyTimeout, makeUnmade: false).store
    }

    /// Opens the existing file at `path`. One with no tables yet (empty, or a database
    /// whose first migration never committed) is made the archive when `makeUnmade`, and
    /// refused otherwise.
    private static func openExisting(at path: String, busyTimeout: Double,
                                     makeUnmade: Bool) throws(ArchiveError) -> (store: ArchiveStore, unmade: Bool) {
        // Checked before SQLite opens it: opening writes a database header into an empty
        // file. An empty file beside a -wal holding commits is left to SQLite to read.
        if isEmptyFile(path) {
            guard makeUnmade else { throw .emptyFile(path: path) }
            guard chmod(path, fileMode) == 0 else {
                throw .database(path: path, message: "cannot set the archive's permissions: \(String(cString: strerror(errno)))")
            }
        }
        let pool = try connect(path: path, busyTimeout: busyTimeout)
        let migrator = ArchiveSchema.migrator
        let state = try run(path) {
            try pool.read { db -> (unmade: Bool, daftar: Bool, superseded: Bool) in
                if try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") == 0 { return (true, true, false) }
                guard try db.tableExists("grdb_migrations"), try db.tableExists("page") else { return (false, false, false) }
                return (false, true, try migrator.hasBeenSuperseded(db))
            }
        }
        if state.unmade && !makeUnmade { throw .emptyFile(path: path) }
        guard state.daftar else { throw .notAnArchive(path: path) }
        guard !state.superseded else { throw .newerSchema(path: path) }
        try run(path) { try migrator.migrate(pool) }
        return (ArchiveStore(path: path, pool: pool), state.unmade)
    }

    /// Whether `path` is a regular file of 0 bytes with no write-ahead log holding commits.
    private static func isEmptyFile(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size == 0 else { return false }
        var log = stat()
        return stat(path + "-wal", &log) != 0 || log.st_size == 0
    }

    /// Mode of a new archive: it holds personal data, so it is never readable by other
    /// users, whatever the umask. SQLite gives its `-wal` and `-shm` files the archive's mode.
    public static let fileMode: mode_t = 0o640

    /// Makes the empty archive file with `fileMode` before SQLite opens it (an empty file
    /// is an empty database); a file made meanwhile by another process is left as it is.
    static func createPrivateFile(_ path: String) throws(ArchiveError) {
        let descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        if descriptor < 0 {
            if errno == EEXIST { return }
            throw .database(path: path, message: "cannot create the archive: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        // The umask may have taken bits off; the mode is set as meant.
        guard fchmod(descriptor, fileMode) == 0 else {
            throw .database(path: path, message: "cannot set the archive's permissions: \(String(cString: strerror(errno)))")
        }
    }

    /// SQLite page size of new archives. Scans are stored as multi-megabyte blobs, and
    /// SQLite writes the WAL and checkpoints one page per system call: 16 KiB pages
    /// took the import of 100 A4 pages from 10.4 s to 9.7 s (mean of 4; 4 KiB and
    /// 32 KiB were slower). Existing archives keep the size they were made with.
    static let pageSize = 16384

    /// SQLite's process-wide settings, made once before the first connection opens.
    private static let sqliteSetUp: Void = { _ = daftar_sqlite_setup() }()

    private static func connect(path: String, busyTimeout: Double) throws(ArchiveError) -> DatabasePool {
        _ = sqliteSetUp
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Checkpoints run beside the writer, not inside its commits (WALCheckpointer).
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            // Takes effect only when the file is first written (before WAL mode is set).
            try db.execute(sql: "PRAGMA page_size = \(pageSize)")
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        return try run(path) {
            let pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets up WAL mode after `prepareDatabase`, with `synchronous = NORMAL`: a
            // commit would then reach the disk only at the next checkpoint, and a power cut
            // could take back a transaction daftar had reported (and an inbox file had been
            // moved on for). The writer's one connection gets FULL back: every commit is on
            // disk when it returns.
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            return pool
        }
    }

    /// Runs GRDB work, turning its errors into `ArchiveError`s.
    static func run<T>(_ path: String, _ body: () throws -> T) throws(ArchiveError) -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: throw .busy(path: path)
            case .SQLITE_NOTADB: throw .notAnArchive(path: path)
            // What an operator can act on, instead of SQLite's terse words; the failed
            // transaction is rolled back, so the archive is as it was before it.
            case .SQLITE_FULL:
                throw .database(path: path, message: "the disk is full; nothing of the failed step was kept (free space and run the command again)")
            case .SQLITE_IOERR where [.SQLITE_IOERR_WRITE, .SQLITE_IOERR_FSYNC, .SQLITE_IOERR_TRUNCATE, .SQLITE_IOERR_SHMSIZE]
                    .contains(error.extendedResultCode):
                throw .database(path: path, message: "cannot write to the disk (full, over a file size limit, or failing); "
                                + "nothing of the failed step was kept")
            case .SQLITE_READONLY:
                throw .notWritable(path: path, reason: "the archive is read-only here (no permission to write it or its folder)")
            case .SQLITE_CANTOPEN:
                throw .notWritable(path: path, reason: "cannot open the archive (no permission to read and write it and its folder?)")
            default: throw .database(path: path, message: error.message ?? "\(error)")
            }
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw .database(path: path, message: "\(error)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(ArchiveError) -> T {
        try Self.run(path) { try pool.read(body) }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: it takes the write
    /// lock up front, so the event chain it extends cannot change under it.
    func write<T>(_ body: (Database) throws -> T) throws(ArchiveError) -> T {
        let result = try Self.run(path) {
            try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        }
        checkpointer.committed()
        return result
    }

    // MARK: Sources and pages

    /// The id of the archived source with these bytes, if any.
    public func sourceID(sha256: String) throws(ArchiveError) -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE sha256 = ?", arguments: [sha256]) }
    }

    /// Writes a source, its pages, their blobs and an import event in one
    /// transaction; bytes already archived are not written twice.
    public func write(_ source: NewSource, at date: Date = Date()) throws(ArchiveError) -> SourceWriteOutcome {
        try write { db -> SourceWriteOutcome in
            if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE sha256 = ?", arguments: [source.sha256]) {
                return .alreadyArchived(sourceId: existing)
            }
            let sourceId = try Self.insertSource(db, source, pageCount: source.pages.count,
                                                 importedAt: Timestamp.string(from: date))
            struct ImportDetails: Encodable {
                let path: String, sha256: String, size: Int, format: String, pages: Int, ledger: String?
            }
            try EventChain.append(db, kind: "import", operator: source.operator, subject: "source:\(sourceId)",
                                  details: ImportDetails(path: source.path, sha256: source.sha256,
                                                         size: source.bytes.count, format: source.format,
                                                         pages: source.pages.count, ledger: source.ledger),
                                  at: date)
            return .imported(sourceId: sourceId, pages: source.pages.count)
        }
    }

    /// Writes a source's original, its row, and its pages with their blobs; returns its id.
    static func insertSource(_ db: Database, _ source: NewSource, pageCount: Int, importedAt: String) throws -> Int64 {
        try insertBlob(db, sha256: source.sha256, bytes: source.bytes)
        var row = SourceRecord(id: nil, sha256: source.sha256, path: source.path, name: source.name,
                               size: Int64(source.bytes.count), format: source.format, pageCount: pageCount,
                               ledger: source.ledger, operator: source.operator, importedAt: importedAt,
                               normalizationOptions: source.normalizationOptions)
        try row.insert(db)
        let sourceId = row.id!
        if let nameBytes = source.nameBytes {
            try db.execute(sql: "UPDATE source SET name_bytes = ? WHERE id = ?", arguments: [Data(nameBytes), sourceId])
        }
        for page in source.pages { _ = try insertPage(db, page, sourceId: sourceId) }
        return sourceId
    }

    /// Writes a page row and its blobs.
    static func insertPage(_ db: Database, _ page: NewPage, sourceId: Int64, id: Int64? = nil) throws -> PageRecord {
        let accessHash = ContentHash.sha256(page.access)
        let thumbnailHash = ContentHash.sha256(page.thumbnail)
        try insertBlob(db, sha256: accessHash, bytes: page.access)
        try insertBlob(db, sha256: thumbnailHash, bytes: page.thumbnail)
        var bitonalHash: String?
        if let bitonal = page.bitonal {
            bitonalHash = ContentHash.sha256(bitonal)
            try insertBlob(db, sha256: bitonalHash!, bytes: bitonal)
        }
        let problems = (try? JSONEncoder().encode(page.qualityProblems)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        var pageRow = PageRecord(id: id, sourceId: sourceId, pageIndex: page.pageIndex, part: page.part,
                                 width: page.width, height: page.height, dpi: page.dpi,
                                 accessSha256: accessHash, accessWidth: page.accessWidth,
                                 accessHeight: page.accessHeight, thumbnailSha256: thumbnailHash,
                                 bitonalSha256: bitonalHash, skewDegrees: page.skewDegrees,
                                 normalization: page.normalization, perceptualHash: page.perceptualHash,
                                 quality: page.quality, qualityProblems: problems)
        try pageRow.insert(db)
        return pageRow
    }

    /// Stores a blob unless one with its hash is there. The bytes are bound where they
    /// lie (SQLITE_STATIC) rather than through a `Data` and SQLite's own copy: two
    /// passes over every stored scan fewer.
    static func insertBlob(_ db: Database, sha256: String, bytes: [UInt8]) throws {
        let sql = "INSERT OR IGNORE INTO blob (sha256, size, bytes) VALUES (?, ?, ?)"
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        let code = bytes.withUnsafeBytes { raw -> CInt in
            // A zero-length blob still needs a non-null pointer to be a blob, not NULL.
            let pointer = raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            var result = sqlite3_bind_text(handle, 1, sha256, -1, transient)
            if result == SQLITE_OK { result = sqlite3_bind_int64(handle, 2, Int64(bytes.count)) }
            if result == SQLITE_OK { result = sqlite3_bind_blob64(handle, 3, pointer, sqlite3_uint64(bytes.count), nil) }
            if result == SQLITE_OK { result = sqlite3_step(handle) }
            // The statement must not keep a pointer into the array once it returns.
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            return result
        }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
        }
    }

    // MARK: Re-normalization

    /// Sources of one ledger, oldest first.
    public func sources(ledger: String) throws(ArchiveError) -> [SourceRecord] {
        try read { db in
            try SourceRecord.fetchAll(db, sql: "SELECT * FROM source WHERE ledger = ? ORDER BY id", arguments: [ledger])
        }
    }

    /// Every source, oldest first.
    public func allSources() throws(ArchiveError) -> [SourceRecord] {
        try read { db in try SourceRecord.fetchAll(db, sql: "SELECT * FROM source ORDER BY id") }
    }

    /// The pages of a source, in page order.
    public func pages(sourceId: Int64) throws(ArchiveError) -> [PageRecord] {
        try read { db in
            try PageRecord.fetchAll(db, sql: "SELECT * FROM page WHERE source_id = ? ORDER BY page_index, part", arguments: [sourceId])
        }
    }

    /// What `replacePages` did: the source's pages after it, in page order, and the
    /// records that moved from pages that are no longer there.
    public struct PageReplacement: Sendable, Equatable {
        public var pages: [Int64]
        public var moves: [RecordPageMove]
    }

    /// A record moved from a page that a new normalization removed to the page(s) that
    /// now hold its part of the scan.
    public struct RecordPageMove: Sendable, Equatable, Codable {
        public let recordId: Int64
        public let from: [Int64]
        public let to: [Int64]
    }

    /// Replaces a source's derived pages by new ones in one transaction. A page with the
    /// same index and part as before keeps its id and row (its images and steps are
    /// updated in place), so records and operators keep knowing it. When the layout
    /// changes (a spread split, or joined again), a page that is no longer there is
    /// removed and its records move to the new page(s) of the same scanned page — both
    /// halves when it cannot be told which holds the act — each move a
    /// `record-pages-move` event. The `renormalize` event keeps every old page's row
    /// (images, steps, skew, quality); the old images stay in the blob table. `options`
    /// (JSON) is kept on the source for the next run.
    @discardableResult
    public func replacePages(sourceId: Int64, with pages: [NewPage], operator: String, options: String, described: String,
                             at date: Date = Date()) throws(ArchiveError) -> PageReplacement {
        let path = self.path
        return try write { db -> PageReplacement in
            let old = try PageRecord.fetchAll(db, sql: "SELECT * FROM page WHERE source_id = ? ORDER BY page_index, part",
                                              arguments: [sourceId])
            struct Place: Hashable { let index: Int, part: Int }
            var keep: [Place: PageRecord] = [:]
            for page in old { keep[Place(index: page.pageIndex, part: page.part)] = page }
            var ids: [Int64] = [], placed: [Place: Int64] = [:]
            for page in pages {
                let place = Place(index: page.pageIndex, part: page.part)
                let id: Int64
                if let existing = keep.removeValue(forKey: place) {
                    id = existing.id!
                    try Self.updatePage(db, id: id, with: page)
                } else {
                    id = try Self.insertPage(db, page, sourceId: sourceId).id!
                }
                ids.append(id)
                placed[place] = id
            }
            var moves: [RecordPageMove] = []
            for gone in keep.values.sorted(by: { $0.id! < $1.id! }) {
                let goneId = gone.id!
                // The new page(s) of the same scanned page: the whole page for a joined
                // spread's half, both halves for a page now split.
                let targets = placed.filter { $0.key.index == gone.pageIndex }.map(\.value).sorted()
                let records = try Int64.fetchAll(db, sql: "SELECT record_id FROM record_page WHERE page_id = ? ORDER BY record_id",
                                                 arguments: [goneId])
                if !records.isEmpty && targets.isEmpty {
                    throw ArchiveError.database(path: path, message: "page \(goneId) holds records and the new normalization has no "
                                                + "page \(gone.pageIndex + 1) to move them to; nothing changed")
                }
                for recordId in records {
                    try db.execute(sql: "DELETE FROM record_page WHERE record_id = ? AND page_id = ?", arguments: [recordId, goneId])
                    for target in targets {
                        try db.execute(sql: "INSERT OR IGNORE INTO record_page (record_id, page_id) VALUES (?, ?)",
                                       arguments: [recordId, target])
                    }
                    let move = RecordPageMove(recordId: recordId, from: [goneId], to: targets)
                    struct Details: Encodable { let from: [Int64], to: [Int64], source: Int64, reason: String }
                    try EventChain.append(db, kind: "record-pages-move", operator: `operator`, subject: "record:\(recordId)",
                                          details: Details(from: move.from, to: move.to, source: sourceId,
                                                           reason: "renormalize (\(described)): page \(goneId) is no longer there"),
                                          at: date)
                    moves.append(move)
                }
                try db.execute(sql: "DELETE FROM page WHERE id = ?", arguments: [goneId])
            }
            try db.execute(sql: "UPDATE source SET normalization_options = ? WHERE id = ?", arguments: [options, sourceId])
            struct Details: Encodable {
                let options: String
                let previous: [PageRecord]
                let pages: [Int64]
            }
            try EventChain.append(db, kind: "renormalize", operator: `operator`, subject: "source:\(sourceId)",
                                  details: Details(options: described, previous: old, pages: ids), at: date)
            return PageReplacement(pages: ids, moves: moves)
        }
    }

    /// Rewrites a page row in place with a new normalization's images and measurements.
    static func updatePage(_ db: Database, id: Int64, with page: NewPage) throws {
        let accessHash = ContentHash.sha256(page.access)
        let thumbnailHash = ContentHash.sha256(page.thumbnail)
        try insertBlob(db, sha256: accessHash, bytes: page.access)
        try insertBlob(db, sha256: thumbnailHash, bytes: page.thumbnail)
        let bitonalHash = page.bitonal.map { ContentHash.sha256($0) }
        if let bitonal = page.bitonal, let bitonalHash { try insertBlob(db, sha256: bitonalHash, bytes: bitonal) }
        let problems = (try? JSONEncoder().encode(page.qualityProblems)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        try db.execute(sql: """
            UPDATE page SET width = ?, height = ?, dpi = ?, access_sha256 = ?, access_width = ?, access_height = ?,
                thumbnail_sha256 = ?, bitonal_sha256 = ?, skew_degrees = ?, normalization = ?, perceptual_hash = ?,
                quality = ?, quality_problems = ?
            WHERE id = ?
            """, arguments: [page.width, page.height, page.dpi, accessHash, page.accessWidth, page.accessHeight, thumbnailHash,
                             bitonalHash, page.skewDegrees, page.normalization, page.perceptualHash, page.quality, problems, id])
    }

    /// Pages in archive order, optionally of one ledger. Loads no pixels.
    public func pages(ledger: String? = nil) throws(ArchiveError) -> [PageListing] {
        try read { db in
            var sql = """
                SELECT page.id, source.path AS source, source.name AS source_name, source.ledger,
                       page.page_index, page.part, page.width, page.height, page.dpi, source.sha256, page.skew_degrees,
                       page.access_sha256, page.perceptual_hash, page.quality, page.quality_problems
                FROM page JOIN source ON source.id = page.source_id
                """
            var arguments: StatementArguments = []
            if let ledger {
                sql += " WHERE source.ledger = ?"
                arguments = [ledger]
            }
            sql += " ORDER BY page.source_id, page.page_index, page.part"
            return try PageListing.fetchAll(db, sql: sql, arguments: arguments)
        }
    }

    /// One page with its source, or nil.
    public func page(id: Int64) throws(ArchiveError) -> PageDetail? {
        try read { db in
            guard let page = try PageRecord.fetchOne(db, key: id),
                  let source = try SourceRecord.fetchOne(db, key: page.sourceId) else { return nil }
            return PageDetail(page: page, source: source)
        }
    }

    /// A stored blob's bytes, exactly as written.
    public func blob(sha256: String) throws(ArchiveError) -> [UInt8]? {
        try read { db in
            try Data.fetchOne(db, sql: "SELECT bytes FROM blob WHERE sha256 = ?", arguments: [sha256]).map { [UInt8]($0) }
        }
    }

    /// Every event, oldest first.
    public func events() throws(ArchiveError) -> [EventRecord] {
        try read { db in try EventRecord.order(Column("id")).fetchAll(db) }
    }

    /// Counts of what the archive holds.
    public func counts() throws(ArchiveError) -> (sources: Int, pages: Int, blobs: Int) {
        try read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM page") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blob") ?? 0)
        }
    }

    /// `PRAGMA integrity_check`'s answer ("ok" when the file is sound).
    public func integrityCheck() throws(ArchiveError) -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }
}
