import Foundation
import Testing
@testable import Archive

@Suite("Canonical JSON")
struct CanonicalJSONTests {
    /// The hand-written encoder must give JSONEncoder's text: the archive compares
    /// stored fields as text, and old archives hold JSONEncoder's.
    @Test("record fields written by hand match JSONEncoder's sorted output, byte for byte")
    func fieldsMatchEncoder() throws {
        let samples: [[String: StoredField]] = [
            [:],
            ["act.number": StoredField(value: "12", flag: nil)],
            ["child.surname": StoredField(value: "Ҷӯраева", flag: "uncertain"), "birth.place": StoredField(value: nil, flag: "illegible"),
             "act.remarks": StoredField(value: "line one\nline \"two\"\t\\ / \u{1}\u{1f}\u{8}\u{c}\r ё \u{2028}", flag: nil)],
            ["z.a": StoredField(value: "", flag: nil), "a.z": StoredField(value: "x", flag: nil), "A.b": StoredField(value: nil, flag: nil)],
        ]
        // The form versions held before plain values became strings: every field an object.
        struct LegacyField: Encodable { let flag: String?, value: String? }
        for fields in samples {
            #expect(CanonicalJSON.fields(fields) == (try CanonicalJSON.string(fields)))
            #expect(CanonicalJSON.legacyFields(fields)
                    == (try CanonicalJSON.string(fields.mapValues { LegacyField(flag: $0.flag, value: $0.value) })))
        }
    }

    @Test("a record-add event's details are JSONEncoder's text for the same content, with the fields' hash")
    func recordAddDetails() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("canonical-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let (store, _) = try ArchiveStore.create(at: path)
        let fields = ["act.number": StoredField(value: "7", flag: nil), "child.surname": StoredField(value: "Ali \"B\"", flag: "uncertain")]
        let id = try store.addRecord(type: "birth", pages: [], version: NewRecordVersion(fields: fields, status: "keyed"), operator: "t")
        struct Details: Encodable { let type: String, pages: [Int64], status: String, fieldsSha256: String }
        let event = try #require(try store.events().last)
        #expect(event.subject == "record:\(id)")
        let hash = ContentHash.sha256(Array(try CanonicalJSON.string(fields).utf8))
        #expect(event.details == (try CanonicalJSON.string(Details(type: "birth", pages: [], status: "keyed", fieldsSha256: hash))))
        #expect(try store.recordVersions(id: id).first?.fieldsSha256 == hash)
    }
}
