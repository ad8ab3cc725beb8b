import Foundation
import Testing

/// Keying records through the built binary: `record add` and `record show`.
@Suite("records end to end", .serialized)
struct RecordEndToEndTests {
    struct Added: Decodable { let id: Int64; let warnings: [String] }
    struct Shown: Decodable {
        struct Field: Decodable { let key: String; let label: String; let value: String?; let flag: String? }
        let id: Int64
        let type: String
        let status: String
        let version: Int
        let pages: [Int64]
        let fields: [Field]
    }

    /// An archive with one imported page and the sample offices list beside it.
    static func workspace() throws -> Workspace {
        let workspace = try Workspace()
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples")
        try FileManager.default.copyItem(at: samples.appendingPathComponent("offices.csv"),
                                         to: URL(fileURLWithPath: workspace.path("offices.csv")))
        #expect(try workspace.daftar(["init"]).status == 0)
        #expect(try workspace.daftar(["import", samples.appendingPathComponent("births-1957-p014.tif").path]).status == 0)
        return workspace
    }

    static let birth = ["--type", "birth", "--page", "1", "--set", "act.number=112", "--set", "act.date=20.03.1957",
                        "--set", "act.office=DSH-03", "--set", "child.surname=Ҷӯраев", "--set", "child.givenName=Рустам",
                        "--set", "child.sex=male", "--set", "mother.surname=Ҷӯраева", "--set", "mother.givenName=Малика",
                        "--set", "birth.date=12.03.1957"]

    @Test("a birth record is added with typed values and flags and shown back, labelled in the operator's language")
    func addAndShow() throws {
        let workspace = try Self.workspace()
        let added = try workspace.daftar(["record", "add"] + Self.birth + ["--flag", "birth.place=blank-in-source", "--json"])
        #expect(added.status == 0, "\(added.stderr)")
        let id = try JSONDecoder().decode(Added.self, from: Data(added.stdout.utf8)).id
        let shown = try workspace.daftar(["record", "show", String(id), "--json"])
        let record = try JSONDecoder().decode(Shown.self, from: Data(shown.stdout.utf8))
        #expect(record.type == "birth" && record.status == "keyed" && record.version == 1 && record.pages == [1])
        let fields = Dictionary(uniqueKeysWithValues: record.fields.map { ($0.key, $0) })
        #expect(fields["act.date"]?.value == "1957-03-20", "dates are stored in ISO form")
        #expect(fields["child.surname"]?.value == "Ҷӯраев")
        #expect(fields["birth.place"]?.value == nil && fields["birth.place"]?.flag == "blank-in-source")
        #expect(record.fields.first?.key == "act.number", "fields come in the form's order")
        let table = try workspace.daftar(["record", "show", String(id)])
        #expect(table.stdout.contains("child.surname") && table.stdout.contains("child: surname"))
        // Without --json the id alone is printed, for scripts.
        let next = Self.birth.map { $0 == "act.number=112" ? "act.number=113" : $0 }
        let plain = try workspace.daftar(["record", "add"] + next)
        #expect(plain.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == String(id + 1))
        // The same act number again (office DSH-03, births, 1957) needs confirming: likely the same act twice.
        let again = try workspace.daftar(["record", "add"] + Self.birth)
        #expect(again.status == 1 && again.stderrLines == [
            "daftar: error: act.number: \"112\" is already the number of record \(id) (same office, act type and year) (confirm with --confirm)",
        ])
        #expect(try workspace.daftar(["record", "add"] + Self.birth + ["--confirm"]).status == 0)
    }

    struct Version: Decodable {
        struct Change: Decodable { let key: String; let before: String?; let after: String? }
        let version: Int
        let `operator`: String
        let reason: String?
        let changes: [Change]
    }

    /// Each act type with its required fields filled in.
    static let minimal: [String: [String: String]] = {
        let act = ["act.number": "5", "act.date": "2001-05-06", "act.office": "DSH-01"]
        let types: [String: [String: String]] = [
            "birth": ["child.surname": "Назаров", "child.givenName": "Аҳмад", "child.sex": "male", "mother.surname": "Назарова",
                      "mother.givenName": "Гулнора", "birth.date": "2001-05-01"],
            "death": ["deceased.surname": "Саидов", "deceased.givenName": "Ҷамшед", "death.date": "2001-05-01"],
            "marriage": ["husband.surname": "Раҳимов", "husband.givenName": "Фарҳод", "wife.surname": "Юсупова",
                         "wife.givenName": "Зарина"],
            "divorce": ["husband.surname": "Раҳимов", "husband.givenName": "Фарҳод", "wife.surname": "Юсупова",
                        "wife.givenName": "Зарина", "divorce.basis": "court"],
            "paternity": ["person.surname": "Каримов", "person.givenName": "Алишер", "father.surname": "Каримов",
                          "father.givenName": "Бахтиёр", "basis.kind": "joint application"],
            "name-change": ["person.surname": "Иванова", "person.givenName": "Мария", "personAfter.surname": "Ҳакимова",
                            "personAfter.givenName": "Мария"],
            "adoption": ["person.surname": "Давлатов", "person.givenName": "Сино", "basis.document": "court decision 12/2001"],
        ]
        return types.mapValues { $0.merging(act) { first, _ in first } }
    }()

    @Test("every act type round-trips through add, show, edit and history",
          arguments: ["birth", "death", "marriage", "divorce", "paternity", "name-change", "adoption"])
    func roundTrip(type: String) throws {
        let workspace = try Self.workspace()
        let fields = try #require(Self.minimal[type])
        let sets = fields.sorted { $0.key < $1.key }.flatMap { ["--set", "\($0.key)=\($0.value)"] }
        let added = try workspace.daftar(["record", "add", "--type", type, "--page", "1", "--json"] + sets)
        #expect(added.status == 0, "\(added.stderr)")
        let id = try JSONDecoder().decode(Added.self, from: Data(added.stdout.utf8)).id
        let shown = try JSONDecoder().decode(Shown.self, from: Data(try workspace.daftar(["record", "show", String(id), "--json"]).stdout.utf8))
        #expect(shown.type == type)
        #expect(Dictionary(uniqueKeysWithValues: shown.fields.compactMap { f in f.value.map { (f.key, $0) } }) == fields)
        let edit = try workspace.run(URL(fileURLWithPath: "/usr/bin/env"),
                                     ["DAFTAR_OPERATOR=reviewer", Binaries.daftar.path, "record", "edit", String(id),
                                      "--archive", workspace.archive, "--set", "act.number=6",
                                      "--flag", "act.remarks=blank-in-source", "--reason", "number misread"])
        #expect(edit.status == 0, "\(edit.stderr)")
        let history = try JSONDecoder().decode([Version].self,
                                               from: Data(try workspace.daftar(["record", "history", String(id), "--json"]).stdout.utf8))
        #expect(history.map(\.version) == [1, 2])
        #expect(history[0].changes.count == fields.count, "the first version lists everything entered")
        #expect(history[1].operator == "reviewer" && history[1].reason == "number misread")
        #expect(history[1].changes.map(\.key) == ["act.number", "act.remarks"])
        #expect(history[1].changes.first?.before == "5" && history[1].changes.first?.after == "6")
        let now = try JSONDecoder().decode(Shown.self, from: Data(try workspace.daftar(["record", "show", String(id), "--json"]).stdout.utf8))
        #expect(now.version == 2 && now.fields.first { $0.key == "act.number" }?.value == "6")
    }

    @Test("an edit that changes nothing, lacks a reason or names no record is refused")
    func editRefusals() throws {
        let workspace = try Self.workspace()
        #expect(try workspace.daftar(["record", "add"] + Self.birth).status == 0)
        let same = try workspace.daftar(["record", "edit", "1", "--set", "act.number=112", "--reason", "check"])
        #expect(same.status == 1 && same.stderr.contains("changes nothing"))
        #expect(try workspace.daftar(["record", "edit", "1", "--set", "act.number=9"]).status == 2)
        #expect(try workspace.daftar(["record", "edit", "7", "--set", "act.number=9", "--reason", "x"]).status == 2)
        let invalid = try workspace.daftar(["record", "edit", "1", "--set", "child.sex=girl", "--reason", "x"])
        #expect(invalid.status == 1 && invalid.stderrLines == ["daftar: error: child.sex: \"girl\" is not one of male, female, unknown"])
        #expect(try workspace.daftar(["record", "history", "1", "--json"]).stdout.components(separatedBy: "\"version\"").count == 2,
                "still one version")
    }

    struct Listed: Decodable {
        let id: Int64
        let type: String
        let status: String
        let version: Int
        let actNumber: String?
        let pages: [Int64]
    }

    @Test("records lists the latest version of each record, by type, ledger and status")
    func listing() throws {
        let workspace = try Self.workspace()
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples")
        #expect(try workspace.daftar(["import", samples.appendingPathComponent("births-1957-p015.tif").path, "--ledger", "L-9"]).status == 0)
        #expect(try workspace.daftar(["record", "add"] + Self.birth).status == 0)
        let death = ["--type", "death", "--page", "2", "--set", "act.number=8", "--set", "act.date=2001-05-06",
                     "--set", "act.office=DSH-01", "--set", "deceased.surname=Саидов", "--set", "deceased.givenName=Ҷамшед",
                     "--set", "death.date=2001-05-01"]
        #expect(try workspace.daftar(["record", "add"] + death).status == 0)
        #expect(try workspace.daftar(["record", "edit", "1", "--set", "act.number=113", "--reason", "misread"]).status == 0)
        func list(_ arguments: [String]) throws -> [Listed] {
            try JSONDecoder().decode([Listed].self, from: Data(try workspace.daftar(["records", "--json"] + arguments).stdout.utf8))
        }
        let all = try list([])
        #expect(all.map(\.id) == [1, 2])
        #expect(all[0].actNumber == "113" && all[0].version == 2, "the latest version is listed")
        #expect(try list(["--type", "death"]).map(\.id) == [2])
        #expect(try list(["--ledger", "L-9"]).map(\.id) == [2])
        #expect(try list(["--status", "verified"]).isEmpty)
        #expect(try workspace.daftar(["records"]).stdout.contains("2 record(s)"))
    }

    @Test("verify --audit names an event or record version changed with sqlite3, exit 4; log lists a record's events")
    func audit() throws {
        let workspace = try Self.workspace()
        #expect(try workspace.daftar(["record", "add"] + Self.birth).status == 0)
        #expect(try workspace.daftar(["record", "edit", "1", "--set", "act.number=113", "--reason", "misread"]).status == 0)
        let log = try workspace.daftar(["log", "--record", "1"])
        #expect(log.stdout.contains("record-add") && log.stdout.contains("record-edit") && !log.stdout.contains("import"))
        let clean = try workspace.daftar(["verify", "--audit"])
        #expect(clean.status == 0 && clean.stdout.contains("audit: 3 events, 2 record versions: ok"), "\(clean.stdout)")
        let sqlite3 = URL(fileURLWithPath: "/usr/bin/sqlite3")
        // A clerk "corrects" a stored version directly, past the trigger that forbids it.
        _ = try workspace.run(sqlite3, [workspace.archive, """
            DROP TRIGGER record_version_is_append_only_update;
            UPDATE record_version SET fields = replace(fields, '113', '118') WHERE record_id = 1 AND version = 2;
            """])
        let version = try workspace.daftar(["verify", "--audit"])
        #expect(version.status == 4)
        #expect(version.stderrLines == ["daftar: error: record 1 version 2: its fields differ from event 3 that recorded them"])
        // And rewrites who made the edit in the log itself.
        _ = try workspace.run(sqlite3, [workspace.archive, """
            DROP TRIGGER event_is_append_only_update;
            UPDATE event SET operator = 'someone else' WHERE id = 3;
            """])
        let event = try workspace.daftar(["verify", "--audit"])
        #expect(event.status == 4)
        #expect(event.stderrLines.first?.hasPrefix("daftar: error: event 3 (record-edit, ") == true, "\(event.stderr)")
    }

    @Test("records import takes CSV and JSON Lines manifests: each row all or nothing, the rest imported, exit 1")
    func manifests() throws {
        let workspace = try Self.workspace()
        let csv = """
            type,page,act.number,act.date,act.office,child.surname,child.givenName,child.sex,mother.surname,mother.givenName,birth.date,birth.place
            birth,1,201,05.04.1961,DSH-01,Каримов,Алишер,male,Каримова,Зулфия,01.04.1961,"Душанбе, ноҳияи Фирдавсӣ"
            birth,1,202,06.04.1961,DSH-01,[illegible],Нигора,female,Саидова,Мавҷуда [uncertain],30.02.1961,
            birth,x,203,06.04.1961,DSH-01,А,Б,male,В,Г,02.04.1961,
            birth,1,204,07.04.1961,DSH-01,Раҳимов,Сино,male,Раҳимова,Лола,03.04.1961,[blank-in-source]

            """
        try csv.write(toFile: workspace.path("births.csv"), atomically: true, encoding: .utf8)
        let result = try workspace.daftar(["records", "import", workspace.path("births.csv"), "--json"])
        #expect(result.status == 1)
        #expect(result.stderrLines == [
            "daftar: error: \(workspace.path("births.csv")) line 3: birth.date: \"30.02.1961\" is not a day of the calendar",
            "daftar: error: \(workspace.path("births.csv")) line 4: page \"x\" is not page ids separated by ;",
        ])
        struct Summary: Decodable { let imported: [Int64] }
        let imported = try JSONDecoder().decode(Summary.self, from: Data(result.stdout.utf8)).imported
        #expect(imported == [1, 2])
        // Run again (after a crash, say): the rows already stored are not added twice.
        let again = try workspace.daftar(["records", "import", workspace.path("births.csv"), "--json"])
        struct Again: Decodable { let imported: [Int64]; let alreadyRecorded: [Int64] }
        let rerun = try JSONDecoder().decode(Again.self, from: Data(again.stdout.utf8))
        #expect(rerun.imported.isEmpty && rerun.alreadyRecorded == [1, 2])
        let first = try JSONDecoder().decode(Shown.self, from: Data(try workspace.daftar(["record", "show", "1", "--json"]).stdout.utf8))
        #expect(first.fields.first { $0.key == "birth.place" }?.value == "Душанбе, ноҳияи Фирдавсӣ", "a quoted comma stays in the cell")
        let second = try JSONDecoder().decode(Shown.self, from: Data(try workspace.daftar(["record", "show", "2", "--json"]).stdout.utf8))
        #expect(second.fields.first { $0.key == "birth.place" }?.flag == "blank-in-source")

        let jsonl = """
            {"type": "death", "pages": [1], "fields": {"act.number": "9", "act.date": "2001-05-06", "act.office": "DSH-01", "deceased.surname": "Саидов", "deceased.givenName": "Ҷамшед", "death.date": "2001-05-01"}, "flags": {"death.cause": "illegible"}}
            {"type": "death", "pages": [1], "fields": {"act.number": "10"}}
            """
        try jsonl.write(toFile: workspace.path("deaths.jsonl"), atomically: true, encoding: .utf8)
        let lines = try workspace.daftar(["records", "import", workspace.path("deaths.jsonl")])
        #expect(lines.status == 1 && lines.stdout.contains("imported 1 record(s), 0 already recorded, rejected 1"))
        #expect(lines.stderrLines.contains("daftar: error: \(workspace.path("deaths.jsonl")) line 2: act.date: required, not entered"))
        let listed = try workspace.daftar(["records", "--type", "death", "--json"])
        #expect(listed.stdout.contains("\"actNumber\":\"9\"") && !listed.stdout.contains("\"actNumber\":\"10\""))

        // A manifest's rows are logged together: one records-add event per batch, naming each
        // record and the hash of its fields; the audit holds every version to it.
        let log = try workspace.daftar(["log", "--record", "2"])
        #expect(log.stdout.contains("records-add") && log.stdout.contains("records:1-2"))
        #expect(try workspace.daftar(["verify", "--audit"]).status == 0)
        _ = try workspace.run(URL(fileURLWithPath: "/usr/bin/sqlite3"), [workspace.archive, """
            DROP TRIGGER record_version_is_append_only_update;
            UPDATE record_version SET fields = replace(fields, 'Сино', 'Сина') WHERE record_id = 2;
            """])
        let audit = try workspace.daftar(["verify", "--audit"])
        #expect(audit.status == 4 && audit.stderr.contains("record 2 version 1: its fields differ from event"))
    }

    @Test("an invalid record is refused with one line per field, exit 1, nothing stored")
    func invalid() throws {
        let workspace = try Self.workspace()
        var arguments = Self.birth
        arguments[arguments.firstIndex(of: "birth.date=12.03.1957")!] = "birth.date=30.02.1957"
        arguments[arguments.firstIndex(of: "act.office=DSH-03")!] = "act.office=ZZZ-9"
        let result = try workspace.daftar(["record", "add"] + arguments)
        #expect(result.status == 1)
        #expect(result.stderrLines == [
            "daftar: error: act.office: \"ZZZ-9\" is not in the offices list",
            "daftar: error: birth.date: \"30.02.1957\" is not a day of the calendar",
        ])
        #expect(try workspace.daftar(["record", "show", "1"]).status == 2, "nothing was stored")
        let unknownPage = try workspace.daftar(["record", "add"] + Self.birth.map { $0 == "1" ? "42" : $0 })
        #expect(unknownPage.status == 1 && unknownPage.stderr.contains("no page 42"))
        let russian = try workspace.run(URL(fileURLWithPath: "/usr/bin/env"),
                                        ["DAFTAR_LANG=ru", Binaries.daftar.path, "record", "add", "--archive", workspace.archive,
                                         "--type", "death"])
        #expect(russian.stderrLines.first == "daftar: error: act.number: обязательное поле не заполнено")
    }

    @Test("implausible dates are saved only when the operator confirms them")
    func confirmation() throws {
        let workspace = try Self.workspace()
        var arguments = Self.birth
        arguments[arguments.firstIndex(of: "act.date=20.03.1957")!] = "act.date=01.03.1957"
        let unconfirmed = try workspace.daftar(["record", "add"] + arguments)
        #expect(unconfirmed.status == 1)
        #expect(unconfirmed.stderrLines == [
            "daftar: error: act.date: \"1957-03-01\" is before the event it records (birth.date) (confirm with --confirm)",
        ])
        let confirmed = try workspace.daftar(["record", "add"] + arguments + ["--confirm", "--json"])
        #expect(confirmed.status == 0)
        #expect(try JSONDecoder().decode(Added.self, from: Data(confirmed.stdout.utf8)).warnings.count == 1)
    }

    @Test("an act dated in the future (2157) is refused unless confirmed, on add and on edit")
    func futureDate() throws {
        let workspace = try Self.workspace()
        var arguments = Self.birth
        arguments[arguments.firstIndex(of: "act.date=20.03.1957")!] = "act.date=2157-01-01"
        let unconfirmed = try workspace.daftar(["record", "add"] + arguments)
        #expect(unconfirmed.status == 1)
        #expect(unconfirmed.stderrLines == [
            "daftar: error: act.date: \"2157-01-01\" is in the future (after today) (confirm with --confirm)",
        ])
        #expect(try workspace.daftar(["records", "--json"]).stdout == "[]\n", "nothing stored")
        let confirmed = try workspace.daftar(["record", "add"] + arguments + ["--confirm", "--json"])
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        let id = try JSONDecoder().decode(Added.self, from: Data(confirmed.stdout.utf8)).id

        // Any date field, and a year alone once all of it is to come.
        let edit = ["record", "edit", String(id), "--set", "act.date=1957-03-20", "--set", "mother.birthDate=2157", "--reason", "typo"]
        let refused = try workspace.daftar(edit)
        #expect(refused.status == 1)
        #expect(refused.stderrLines == [
            "daftar: error: mother.birthDate: \"2157\" is in the future (after today) (confirm with --confirm)",
        ])
        #expect(try workspace.daftar(edit + ["--confirm"]).status == 0)

        // A manifest row the same: refused and named, stored with --confirm.
        let csv = """
            type,page,act.number,act.date,act.office,deceased.surname,deceased.givenName,death.date
            death,1,9,06.05.2001,DSH-01,Саидов,Ҷамшед,01.05.2157

            """
        try csv.write(toFile: workspace.path("deaths.csv"), atomically: true, encoding: .utf8)
        let manifest = try workspace.daftar(["records", "import", workspace.path("deaths.csv")])
        #expect(manifest.status == 1)
        #expect(manifest.stderr.contains("line 2: death.date: \"2157-05-01\" is in the future (after today)"), "\(manifest.stderr)")
        #expect(try workspace.daftar(["records", "import", workspace.path("deaths.csv"), "--confirm"]).status == 0)
    }
}
