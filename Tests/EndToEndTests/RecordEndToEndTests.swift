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
        #expect(try workspace.daftar(["import", samples.appendingPathComponent("ledger-001.tif").path]).status == 0)
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
        let plain = try workspace.daftar(["record", "add"] + Self.birth)
        #expect(plain.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == String(id + 1))
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
}
