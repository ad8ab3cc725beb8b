import Foundation
import Testing

/// An office's own fields, stored in the archive as versioned schema extensions.
@Suite("schema extensions end to end", .serialized)
struct SchemaExtensionTests {
    static let personalNumber = """
        {"fields": [{"key": "child.personalNumber", "types": ["birth"], "kind": "integer",
                     "en": "personal number", "ru": "личный номер", "tg": "рақами шахсӣ"}]}
        """

    @Test("an extension adds a typed, labelled field to an act type; later versions must keep it")
    func extendAndKey() throws {
        let work = try RecordEndToEndTests.workspace()
        // Before the extension the key is unknown.
        let refused = try work.daftar(["record", "add"] + RecordEndToEndTests.birth + ["--set", "child.personalNumber=42"])
        #expect(refused.status == 1 && refused.stderr.contains("child.personalNumber"))

        try Self.personalNumber.write(toFile: work.path("v1.json"), atomically: true, encoding: .utf8)
        let stored = try work.daftar(["schema", "extend", work.path("v1.json")])
        #expect(stored.status == 0 && stored.stdout.contains("version 1"), "\(stored.stderr)")
        #expect(try work.daftar(["schema", "extend", work.path("v1.json")]).status == 1, "the same file twice is no new version")

        let added = try work.daftar(["record", "add"] + RecordEndToEndTests.birth + ["--set", "child.personalNumber=42"])
        #expect(added.status == 0, "\(added.stderr)")
        let notNumber = try work.daftar(["record", "add"] + RecordEndToEndTests.birth + ["--set", "child.personalNumber=4x"])
        #expect(notNumber.status == 1 && notNumber.stderr.contains("child.personalNumber"), "the field's kind is checked")
        let shown = try work.run(Binaries.daftar, ["record", "show", "1", "--archive", work.archive])
        #expect(shown.stdout.contains("child.personalNumber") && shown.stdout.contains("personal number"))
        let schema = try work.daftar(["schema", "show", "--type", "birth"])
        #expect(schema.stdout.contains("office extension version 1") && schema.stdout.contains("child.personalNumber"))

        // Dropping the field in a new version would orphan what records hold.
        try #"{"fields": []}"#.write(toFile: work.path("v2.json"), atomically: true, encoding: .utf8)
        let dropped = try work.daftar(["schema", "extend", work.path("v2.json")])
        #expect(dropped.status == 1 && dropped.stderr.contains("drops birth: child.personalNumber"))
        // A clash with a built-in field is refused, naming it.
        try #"{"fields": [{"key": "child.surname", "types": ["*"], "kind": "text", "en": "x"}]}"#
            .write(toFile: work.path("bad.json"), atomically: true, encoding: .utf8)
        let clash = try work.daftar(["schema", "extend", work.path("bad.json")])
        #expect(clash.status == 1 && clash.stderr.contains("child.surname: birth already has this field"))
        let log = try work.daftar(["log"])
        #expect(log.stdout.contains("schema-extend"))
        #expect(try work.daftar(["verify", "--audit"]).status == 0)
        // An extension changed behind daftar's back (triggers dropped first) is found.
        _ = try work.run(URL(fileURLWithPath: "/usr/bin/sqlite3"), [work.archive, """
            DROP TRIGGER schema_extension_is_append_only_update;
            UPDATE schema_extension SET content = replace(content, 'integer', 'text');
            """])
        let audit = try work.daftar(["verify", "--audit"])
        #expect(audit.status == 4 && audit.stderr.contains("schema extension version 1: its content differs"))
    }
}
