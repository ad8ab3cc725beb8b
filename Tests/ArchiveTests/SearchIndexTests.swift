import Foundation
import Testing
@testable import Archive

/// The name index kept with every record version: what a record's keys are, and
/// that an edit takes the old ones out of the index itself (not only out of results).
@Suite("Search index")
struct SearchIndexTests {
    func names(_ words: [(role: String, folded: String, written: String)]) -> [IndexedName] {
        words.map { IndexedName(role: $0.role, folded: $0.folded, written: $0.written) }
    }

    @Test("an edit removes the old name keys from the index and adds the new; pairs join one person's words only")
    func editsReplaceKeys() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("index-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let (store, _) = try ArchiveStore.create(at: path)
        let first = NewRecordVersion(fields: ["act.number": StoredField(value: "1", flag: nil)], status: "keyed",
                                     names: names([("child", "karimov", "каримов"), ("child", "alisher", "алишер"),
                                                   ("mother", "nigora", "нигора")]))
        let id = try store.addRecord(type: "birth", pages: [], version: first, operator: "ana")
        let all = SearchFilter(statuses: ["keyed"])
        func found(_ key: String) throws -> [Int64] { try store.recordsMatching(key, filter: all, limit: 10).map(\.recordId) }
        let karimov = try #require(try store.nameTermId("karimov")), alisher = try #require(try store.nameTermId("alisher"))
        let nigora = try #require(try store.nameTermId("nigora"))
        let oldForm = try #require(try store.nameFormId("каримов"))
        #expect(try found(NameIndexKey.pair(karimov, alisher)) == [id])
        #expect(try found(NameIndexKey.pair(karimov, nigora)).isEmpty, "the child's surname and the mother's name are two people")
        #expect(try found(NameIndexKey.form(oldForm)) == [id])

        let edited = NewRecordVersion(fields: first.fields, status: first.status,
                                      names: names([("child", "nazarov", "назаров"), ("child", "alisher", "алишер"),
                                                    ("mother", "nigora", "нигора")]))
        _ = try store.addRecordVersion(recordId: id, edited, operator: "ana")
        let nazarov = try #require(try store.nameTermId("nazarov"))
        #expect(try found(NameIndexKey.form(oldForm)).isEmpty, "the old surname's key is gone")
        #expect(try found(NameIndexKey.pair(karimov, alisher)).isEmpty)
        #expect(try found(NameIndexKey.pair(nazarov, alisher)) == [id])
        #expect(try found(NameIndexKey.form(try #require(try store.nameFormId("нигора")))) == [id], "unchanged names stay")
    }
}
