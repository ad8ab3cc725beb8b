import Foundation
import GRDB
import Testing
@testable import Archive

@Suite("Search index migration")
struct SearchMigrationTests {
    /// An archive from before the search index (migrations up to v4, fields in the
    /// `{"value"}` form of the time) opens with its records in the index: act numbers,
    /// dates and offices at once, names waiting for the folding.
    @Test("records keyed before the search index are listed, found by act number, and wait for name indexing")
    func upgrade() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("upgrade-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let queue = try DatabaseQueue(path: path)
            try ArchiveSchema.migrator.migrate(queue, upTo: "v4: entry drafts and schema extensions")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO record (id, type, created_at, created_by) VALUES (1, 'birth', '2026-11-29T10:00:00.000Z', 'ana');
                    INSERT INTO record_version (record_id, version, status, pass, fields, operator, time, reason)
                    VALUES (1, 1, 'keyed', NULL,
                            '{"act.date":{"value":"1957-03-20"},"act.number":{"value":"112"},"act.office":{"value":"DSH-03"},"child.surname":{"value":"Ҷӯраев"}}',
                            'ana', '2026-11-29T10:00:00.000Z', NULL);
                    """)
            }
        }
        let store = try ArchiveStore.open(at: path)
        #expect(try store.records().map(\.actNumber) == ["112"])
        #expect(try store.records(matching: SearchFilter(actNumber: "112", statuses: ["keyed"]), limit: 10).map(\.actDate)
                == ["1957-03-20"])
        #expect(try store.recordsWithUnindexedNames(limit: 10).map(\.id) == [1])
        #expect(try store.recordVersions(id: 1).first?.fields["child.surname"] == StoredField(value: "Ҷӯраев", flag: nil),
                "the old field form still reads")
        try store.indexNames([(1, [IndexedName(role: "child", folded: "juraev", written: "ҷӯраев"),
                                   IndexedName(role: "child", folded: "rustam", written: "рустам")], "juraev/rustam||")])
        #expect(try store.recordsWithUnindexedNames(limit: 10).isEmpty)
        let juraev = try #require(try store.nameTermId("juraev")), rustam = try #require(try store.nameTermId("rustam"))
        let all = SearchFilter(statuses: ["keyed"])
        #expect(try store.nameForms(termIds: [juraev]) == [try #require(try store.nameFormId("ҷӯраев"))])
        for key in [NameIndexKey.pair(rustam, juraev),
                    NameIndexKey.form(try #require(try store.nameFormId("ҷӯраев")))] {
            #expect(try store.recordsMatching(key, filter: all, limit: 10).map(\.recordId) == [1], "found by \(key)")
        }
        #expect(try store.duplicateKeys(type: "birth").map(\.key) == ["juraev/rustam||"])
    }

    /// An archive indexed by v5's (word, record, role) rows is indexed again by person.
    @Test("an archive with v5's name rows is indexed again, and keeps its duplicate decisions")
    func fromV5() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("upgrade5-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let queue = try DatabaseQueue(path: path)
            try ArchiveSchema.migrator.migrate(queue, upTo: "v5: search index and duplicate decisions")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO record (id, type, created_at, created_by) VALUES (1, 'birth', '2026-11-29T10:00:00.000Z', 'ana'),
                                                                                 (2, 'birth', '2026-11-29T10:00:00.000Z', 'ana');
                    INSERT INTO name_term (id, folded) VALUES (1, 'juraev');
                    INSERT INTO record_name (term_id, record_id, role) VALUES (1, 1, 'child'), (1, 2, 'child');
                    INSERT INTO record_search (record_id, type, status, act_number, act_date, office, term_ids, duplicate_of)
                    VALUES (1, 'birth', 'keyed', '112', '1957-03-20', 'DSH-03', '1', NULL),
                           (2, 'birth', 'keyed', '113', '1957-03-21', 'DSH-03', '1', 1);
                    """)
            }
        }
        let store = try ArchiveStore.open(at: path)
        #expect(try store.recordsWithUnindexedNames(limit: 10).map(\.id) == [1, 2])
        #expect(try store.records(matching: SearchFilter(statuses: ["keyed"]), limit: 10).map(\.recordId) == [1],
                "record 2 stays marked a duplicate")
        #expect(try store.records(matching: SearchFilter(statuses: ["keyed"], includeDuplicates: true), limit: 10)
                .map(\.recordId) == [1, 2])
    }

    /// The name index's in-memory flush size is a setting stored in the index: an archive
    /// made before v7 gets it when opened, like a new one.
    @Test("new archives and v6 archives write the name index out in 16 MiB segments")
    func nameIndexFlushSize() throws {
        let old = FileManager.default.temporaryDirectory.appendingPathComponent("upgrade6-\(UUID()).sqlite").path
        let new = FileManager.default.temporaryDirectory.appendingPathComponent("new7-\(UUID()).sqlite").path
        defer {
            for path in [old, new] { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        }
        func hashSize(_ path: String) throws -> Int? {
            try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT v FROM name_index_config WHERE k = 'hashsize'") }
        }
        try ArchiveSchema.migrator.migrate(try DatabaseQueue(path: old), upTo: "v6: search index by person")
        #expect(try hashSize(old) == nil, "v6 leaves SQLite's default")
        _ = try ArchiveStore.open(at: old)
        _ = try ArchiveStore.create(at: new)
        #expect(try hashSize(old) == 16 << 20)
        #expect(try hashSize(new) == 16 << 20)
    }
}
