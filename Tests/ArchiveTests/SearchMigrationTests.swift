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
        #expect(try store.searchRows(actNumber: "112").map(\.actDate) == ["1957-03-20"])
        #expect(try store.recordsWithUnindexedNames(limit: 10) == [1])
        #expect(try store.recordVersions(id: 1).first?.fields["child.surname"] == StoredField(value: "Ҷӯраев", flag: nil),
                "the old field form still reads")
        try store.indexNames([(1, [IndexedName(role: "child", folded: "juraev")])])
        #expect(try store.recordsWithUnindexedNames(limit: 10).isEmpty)
        #expect(try store.namePostings(termIds: [try #require(try store.nameTermId("juraev"))]).map(\.recordId) == [1])
    }
}
