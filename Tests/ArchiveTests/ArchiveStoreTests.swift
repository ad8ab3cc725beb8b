import Foundation
import GRDB
import Testing
@testable import Archive

@Suite("Archive store")
struct ArchiveStoreTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("daftar-archive-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String = "archive.sqlite") -> String { folder.appendingPathComponent(name).path }

    func source(_ bytes: [UInt8], pages: Int = 1, access: [UInt8] = [1, 2, 3]) -> NewSource {
        NewSource(sha256: ContentHash.sha256(bytes), bytes: bytes, path: "in/scan.tif", name: "scan.tif",
                  format: "tiff", ledger: "L-1", operator: "tester",
                  pages: (0..<pages).map { index in
                      NewPage(pageIndex: index, width: 100, height: 200, dpi: 300, access: access + [UInt8(index)],
                              accessWidth: 90, accessHeight: 190, thumbnail: [9, 9], skewDegrees: 0,
                              normalization: "[]")
                  })
    }

    @Test("an archive made before spreads and quality (schema v1) opens with its pages kept")
    func migratesFromV1() throws {
        // Build a v1 archive with one page, as the first release wrote it.
        let pool = try DatabasePool(path: path())
        try ArchiveSchema.migrator.migrate(pool, upTo: "v1: blobs, sources, pages, events")
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO blob VALUES ('s', 1, x'00'), ('a', 1, x'01'), ('t', 1, x'02');
                INSERT INTO source VALUES (1, 's', 'in/old.tif', 'old.tif', 1, 'tiff', 1, 'L-0', 'op', '2026-01-01T00:00:00.000Z');
                INSERT INTO page VALUES (7, 1, 0, 100, 200, 300, 'a', 90, 190, 't', 1.5, '[]');
                """)
        }
        try pool.close()

        let store = try ArchiveStore.open(at: path())
        let pages = try store.pages()
        #expect(pages.map(\.id) == [7])
        #expect(pages[0].part == 0 && pages[0].skewDegrees == 1.5 && pages[0].qualityProblems == "[]")
        #expect(pages[0].perceptualHash == nil)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test("a source is written once with its pages, blobs and an import event")
    func writesSourceOnce() throws {
        let (store, created) = try ArchiveStore.create(at: path())
        #expect(created)
        let original: [UInt8] = Array("original scan bytes".utf8)
        let first = try store.write(source(original, pages: 2))
        guard case .imported(let id, 2) = first else { Issue.record("not imported: \(first)"); return }
        #expect(try store.write(source(original, pages: 2)) == .alreadyArchived(sourceId: id))
        let counts = try store.counts()
        #expect(counts.sources == 1)
        #expect(counts.pages == 2)
        // original + 2 access images + 1 shared thumbnail: identical bytes are stored once.
        #expect(counts.blobs == 4)
        #expect(try store.blob(sha256: ContentHash.sha256(original)) == original)
        #expect(try store.events().map(\.kind) == ["import"])
        #expect(try store.pages(ledger: "L-1").count == 2)
        #expect(try store.pages(ledger: "other").isEmpty)
    }

    /// The archive holds personal data: it and the files SQLite keeps beside it are
    /// readable by the owner and group only, never by other users.
    @Test("a new archive and its WAL and shared-memory files are created 0640")
    func privateFiles() throws {
        let (store, _) = try ArchiveStore.create(at: path())
        _ = try store.write(source(Array("scan".utf8)))
        for suffix in ["", "-wal", "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: path() + suffix)
            let mode = try #require(attributes[.posixPermissions] as? Int)
            #expect(mode == 0o640, "archive\(suffix) is \(String(mode, radix: 8))")
        }
    }

    /// A commit daftar reports (and moves an inbox file on for) must survive a power cut:
    /// the writer syncs every commit, whatever GRDB's WAL set-up chose.
    @Test("the writer's connection commits with synchronous = FULL, new and reopened")
    func durableCommits() throws {
        _ = try ArchiveStore.create(at: path())
        for store in [try ArchiveStore.open(at: path())] {
            let mode = try store.pool.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
            #expect(mode == 2, "2 is FULL, 1 NORMAL")
        }
        let (created, _) = try ArchiveStore.create(at: path("other.sqlite"))
        #expect(try created.pool.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
    }

    @Test("originals of any size come back byte for byte", arguments: [0, 1, 16_383, 16_385, 5_000_017])
    func blobsByteForByte(size: Int) throws {
        let (store, _) = try ArchiveStore.create(at: path())
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(size + 1)
        let original = (0..<size).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        _ = try store.write(source(original, pages: 1))
        let stored = try #require(try store.blob(sha256: ContentHash.sha256(original)))
        #expect(stored == original)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test("a record keeps every version: edits add one, nothing is changed or deleted, each is an event")
    func recordVersions() throws {
        let (store, _) = try ArchiveStore.create(at: path())
        _ = try store.write(source(Array("scan".utf8), pages: 2))
        let pages = try store.pages(ledger: "L-1").map(\.id)
        let first = NewRecordVersion(fields: ["act.number": StoredField(value: "112", flag: nil),
                                              "mother.surname": StoredField(value: nil, flag: "illegible")],
                                     status: "keyed", pass: 1)
        let id = try store.addRecord(type: "birth", pages: pages, version: first, operator: "nodira")
        let second = NewRecordVersion(fields: ["act.number": StoredField(value: "113", flag: nil)], status: "keyed",
                                      reason: "misread 3 as 2")
        #expect(try store.addRecordVersion(recordId: id, second, operator: "rustam") == 2)
        #expect(try store.record(id: id)?.type == "birth")
        #expect(try store.recordPages(id: id) == pages)
        let versions = try store.recordVersions(id: id)
        #expect(versions.map(\.version) == [1, 2])
        #expect(versions[0].fields == first.fields && versions[0].operator == "nodira" && versions[0].pass == 1)
        #expect(versions[1].reason == "misread 3 as 2" && versions[1].operator == "rustam")
        #expect(try store.events().map(\.kind) == ["import", "record-add", "record-edit"])
        // The file refuses changes made behind daftar's back, too.
        let queue = try DatabaseQueue(path: path())
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE record_version SET fields = '{}'") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM record") } }
        // A record on a page that is not there is refused, naming it.
        #expect(throws: ArchiveError.database(path: path(), message: "no page 999 in the archive")) {
            try store.addRecord(type: "birth", pages: [999], version: first, operator: "nodira")
        }
        #expect(throws: ArchiveError.database(path: path(), message: "no record 77 in the archive")) {
            try store.addRecordVersion(recordId: 77, second, operator: "nodira")
        }
    }

    @Test("the event chain links every event and exposes tampering")
    func eventChain() throws {
        let (store, _) = try ArchiveStore.create(at: path())
        for index in 0..<3 { _ = try store.write(source([UInt8(index), 7, 7])) }
        var events = try store.events()
        #expect(events.count == 3)
        #expect(events[0].previousHash == EventChain.genesis)
        #expect(events[1].previousHash == events[0].hash)
        #expect(EventChain.firstBrokenEvent(in: events) == nil)
        events[1].details = events[1].details.replacingOccurrences(of: "L-1", with: "L-2")
        #expect(EventChain.firstBrokenEvent(in: events) == events[1].id)
    }

    @Test("the event log refuses updates and deletes")
    func eventLogIsAppendOnly() throws {
        let (store, _) = try ArchiveStore.create(at: path())
        _ = try store.write(source([1]))
        let queue = try DatabaseQueue(path: path())
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE event SET kind = 'x'") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM event") } }
    }

    @Test("init on an existing archive leaves it as it is")
    func initExisting() throws {
        let (store, _) = try ArchiveStore.create(at: path())
        _ = try store.write(source([5, 5]))
        let (again, created) = try ArchiveStore.create(at: path())
        #expect(!created)
        #expect(try again.counts().sources == 1)
    }

    @Test("a file that is not a daftar archive is named as such")
    func notAnArchive() throws {
        try Data("just text".utf8).write(to: URL(fileURLWithPath: path("text.sqlite")))
        #expect(throws: ArchiveError.notAnArchive(path: path("text.sqlite"))) { try ArchiveStore.open(at: path("text.sqlite")) }
        let other = try DatabaseQueue(path: path("other.sqlite"))
        try other.write { try $0.execute(sql: "CREATE TABLE t (x)") }
        #expect(throws: ArchiveError.notAnArchive(path: path("other.sqlite"))) { try ArchiveStore.open(at: path("other.sqlite")) }
        #expect(throws: ArchiveError.missing(path: path("none.sqlite"))) { try ArchiveStore.open(at: path("none.sqlite")) }
    }

    @Test("an empty file is refused by open and create, left empty; init (adoptingEmpty) makes it the archive, mode 0640")
    func creationCutOff() throws {
        _ = FileManager.default.createFile(atPath: path("cut.sqlite"), contents: Data(),
                                           attributes: [.posixPermissions: 0o644])
        #expect(throws: ArchiveError.emptyFile(path: path("cut.sqlite"))) { try ArchiveStore.open(at: path("cut.sqlite")) }
        let untouched = try FileManager.default.attributesOfItem(atPath: path("cut.sqlite"))
        #expect(untouched[.size] as? Int == 0 && untouched[.posixPermissions] as? Int == 0o644)
        // Only `init` (adoptingEmpty) makes an existing empty file the archive.
        #expect(throws: ArchiveError.emptyFile(path: path("cut.sqlite"))) { try ArchiveStore.create(at: path("cut.sqlite")) }
        let (store, created) = try ArchiveStore.create(at: path("cut.sqlite"), adoptingEmpty: true)
        #expect(created)
        let made = try FileManager.default.attributesOfItem(atPath: path("cut.sqlite"))
        #expect(made[.posixPermissions] as? Int == 0o640)
        _ = try store.write(source([1, 2]))
        #expect(try store.counts().sources == 1)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test("a new archive is made whole under a temporary name, then named: no temporary file is left, and an archive made meanwhile is kept")
    func atomicCreation() throws {
        let (store, created) = try ArchiveStore.create(at: path("new.sqlite"))
        let integrity = try store.integrityCheck()
        #expect(created && integrity == "ok")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("creating") }
        #expect(left.isEmpty, "\(left)")
        let mode = try FileManager.default.attributesOfItem(atPath: path("new.sqlite"))[.posixPermissions] as? Int
        #expect(mode == 0o640)
        let (again, createdAgain) = try ArchiveStore.create(at: path("new.sqlite"))
        let sources = try again.counts().sources
        #expect(!createdAgain && sources == 0)
    }

    @Test("an archive from a newer schema is refused, untouched")
    func newerSchema() throws {
        _ = try ArchiveStore.create(at: path())
        let queue = try DatabaseQueue(path: path())
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')") }
        #expect(throws: ArchiveError.newerSchema(path: path())) { try ArchiveStore.open(at: path()) }
    }

    @Test("the archive is in WAL mode with 16 KiB pages and passes integrity_check")
    func durabilitySettings() throws {
        _ = try ArchiveStore.create(at: path())
        let queue = try DatabaseQueue(path: path())
        #expect(try queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        // Large pages mean fewer WAL writes per stored scan; SQLite takes the size only
        // when the file is first written, so this checks that it came before WAL mode.
        #expect(try queue.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == ArchiveStore.pageSize)
        #expect(ArchiveStore.pageSize == 16384)
        let store = try ArchiveStore.open(at: path())
        #expect(try store.integrityCheck() == "ok")
    }
}
