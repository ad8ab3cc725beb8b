import Foundation
import Testing

/// `daftar import … --manifest FILE`: records attached to the pages of the files
/// they name, in the same run as the import.
@Suite("import with a manifest end to end", .serialized)
struct ImportManifestTests {
    struct Summary: Decodable {
        struct Records: Decodable {
            struct Rejected: Decodable { let line: Int; let errors: [String] }
            let imported: [Int64]
            let alreadyRecorded: [Int64]
            let rejected: [Rejected]
        }
        let imported: Int
        let duplicates: Int
        let records: Records?
    }
    struct Listed: Decodable { let id: Int64; let type: String; let actNumber: String?; let pages: [Int64] }

    static let header = "file,type,page,act.number,act.date,act.office,deceased.surname,deceased.givenName,death.date"

    @Test("CSV rows attach records to their scans; bad rows are named, the rest stored; a re-run adds nothing twice")
    func csvManifest() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        let scans = try work.generatePages(into: "scans", count: 3, kinds: "tiff-lzw,png,jpeg")
        let names = scans.map { URL(fileURLWithPath: $0).lastPathComponent }
        let manifest = """
            \(Self.header)
            \(names[0]),death,,31,02.02.1962,DSH-02,Раҳимов,Сино,30.01.1962
            \(names[1]),death,,32,1962-02-30,DSH-02,Раҳимова,Лола,1962
            \(names[2]),death,1,33,04.02.1962,DSH-02,"Саидов ",Ҷамшед,01.02.1962
            \(names[2]),death,2,34,04.02.1962,DSH-02,Саидова,Мавҷуда,01.02.1962
            nowhere.tif,death,,35,1962,DSH-02,А,Б,1962

            """
        try manifest.write(toFile: work.path("scans/acts.csv"), atomically: true, encoding: .utf8)
        let result = try work.daftar(["import", work.path("scans"), "--manifest", work.path("scans/acts.csv"), "--json"])
        #expect(result.status == 1, "rows were rejected")
        let summary = try JSONDecoder().decode(Summary.self, from: Data(result.stdout.utf8))
        #expect(summary.imported == 3, "the manifest itself is a sidecar, not a scan")
        #expect(summary.records?.imported == [1, 2])
        #expect(summary.records?.rejected.map(\.line) == [3, 5, 6])
        let manifestPath = work.path("scans/acts.csv")
        #expect(result.stderrLines.contains("daftar: error: \(manifestPath) line 3: act.date: \"1962-02-30\" is not a day of the calendar"))
        #expect(result.stderrLines.contains("daftar: error: \(manifestPath) line 5: \(names[2]) has no page 2"))
        #expect(result.stderrLines.contains("daftar: error: \(manifestPath) line 6: nowhere.tif: no such file"))

        let records = try JSONDecoder().decode([Listed].self, from: Data(try work.daftar(["records", "--json"]).stdout.utf8))
        let pages = try JSONDecoder().decode([Page].self, from: Data(try work.daftar(["pages", "--json"]).stdout.utf8))
        func page(of name: String) -> [Int64] { pages.filter { $0.source.hasSuffix("/" + name) }.map(\.id) }
        #expect(records.map(\.actNumber) == ["31", "33"])
        #expect(records[0].pages == page(of: names[0]) && records[1].pages == page(of: names[2]))
        let shown = try work.daftar(["record", "show", "2", "--json"])
        #expect(shown.stdout.contains("\"value\":\"Саидов\""), "names are whitespace-folded")

        // The same command again: files already archived, records already recorded.
        let again = try JSONDecoder().decode(Summary.self, from: Data(
            try work.daftar(["import", work.path("scans"), "--manifest", work.path("scans/acts.csv"), "--json"]).stdout.utf8))
        #expect(again.duplicates == 3 && again.records?.imported == [] && again.records?.alreadyRecorded == [1, 2])
        #expect(try work.daftar(["verify", "--audit"]).status == 0)
    }
    struct Page: Decodable { let id: Int64; let source: String }

    @Test("a JSON Lines manifest works the same; a manifest without a file column stops before importing")
    func jsonLinesManifest() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        let scans = try work.generatePages(into: "scans", count: 1, kinds: "png")
        let name = URL(fileURLWithPath: scans[0]).lastPathComponent
        let lines = """
            {"file": "scans/\(name)", "type": "marriage", "fields": {"act.number": "5", "act.date": "1970", "act.office": "KHT-01", "husband.surname": "Назаров", "husband.givenName": "Фарход", "wife.surname": "Юсупова", "wife.givenName": "Гулнора"}, "flags": {"wife.surnameAfter": "illegible"}}

            """
        try lines.write(toFile: work.path("marriages.jsonl"), atomically: true, encoding: .utf8)
        let result = try work.daftar(["import", scans[0], "--manifest", work.path("marriages.jsonl")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("records: 1 attached, 0 already recorded, 0 row(s) rejected"))
        let shown = try work.daftar(["record", "show", "1"])
        #expect(shown.stdout.contains("marriage") && shown.stdout.contains("[illegible]") && shown.stdout.contains("pages:   1"))

        try "type,page,act.number\ndeath,1,9\n".write(toFile: work.path("ids.csv"), atomically: true, encoding: .utf8)
        let noFile = try work.daftar(["import", work.path("scans"), "--manifest", work.path("ids.csv")])
        #expect(noFile.status == 2 && noFile.stderr.contains("no scanned file named"))
    }
}

/// Long manifests are read a chunk at a time; what a user sees must not show it.
@Suite("long manifests end to end", .serialized)
struct LongManifestTests {
    @Test("a JSON Lines manifest of 2,500 rows: every valid row stored, bad rows named by their own line numbers")
    func chunkedLineNumbers() throws {
        let work = try RecordEndToEndTests.workspace()
        var lines: [String] = []
        for number in 1...2500 {
            let date = number == 1500 ? "1961-02-30" : "1961-05-06"
            lines.append(#"{"type": "death", "pages": [1], "fields": {"act.number": "\#(number)", "act.date": "\#(date)", "act.office": "DSH-01", "deceased.surname": "Саидов", "deceased.givenName": "Ҷамшед", "death.date": "1961-05-01"}}"#)
        }
        lines[2400] = "not json"
        try (lines.joined(separator: "\n") + "\n").write(toFile: work.path("long.jsonl"), atomically: true, encoding: .utf8)
        let result = try work.daftar(["records", "import", work.path("long.jsonl"), "--json"])
        #expect(result.status == 1)
        struct Summary: Decodable { struct Rejected: Decodable { let line: Int }; let imported: [Int64]; let rejected: [Rejected] }
        let summary = try JSONDecoder().decode(Summary.self, from: Data(result.stdout.utf8))
        #expect(summary.imported.count == 2498)
        #expect(summary.rejected.map(\.line) == [1500, 2401])
        #expect(result.stderrLines.first?.contains("line 1500: act.date: \"1961-02-30\" is not a day of the calendar") == true)
        // A row naming a scanned file is refused on its own; the others are stored.
        try """
            {"type": "death", "pages": [1], "fields": {"act.number": "9001", "act.date": "1961", "act.office": "DSH-01", "deceased.surname": "А", "deceased.givenName": "Б", "death.date": "1961"}}
            {"type": "death", "file": "scan.tif", "fields": {"act.number": "9002"}}
            """.write(toFile: work.path("mixed.jsonl"), atomically: true, encoding: .utf8)
        let mixed = try work.daftar(["records", "import", work.path("mixed.jsonl")])
        #expect(mixed.status == 1 && mixed.stdout.contains("imported 1 record(s)"))
        #expect(mixed.stderr.contains("line 2: names the scanned file scan.tif"))
    }

    @Test("JSON Lines as JSON: escapes read, malformed, hostile and non-UTF-8 lines refused by number, the rest stored")
    func jsonLinesStrictly() throws {
        let work = try RecordEndToEndTests.workspace()
        func death(_ number: Int, surname: String) -> String {
            #"{"type": "death", "pages": [1], "fields": {"act.number": "\#(number)", "act.date": "1961-05-06", "act.office": "DSH-01", "deceased.surname": "\#(surname)", "deceased.givenName": "Ҷамшед", "death.date": "1961-05-01"}}"#
        }
        var lines = [
            death(1, surname: #"\u0421\u0430\u0438\u0434\u043e\u0432"#),           // 1: Саидов, escaped
            death(2, surname: "Саидов") + " trailing",                               // 2: text after the object
            String(repeating: "[", count: 100) + String(repeating: "]", count: 100),  // 3: nested too deep
            #"{"type": "death", "fields": {"act.number": 4}}"#,                       // 4: a number where text belongs
            death(5, surname: #"Sa\"id"#),                                          // 5: an escaped quote
            death(6, surname: #"\ud800"#),                                          // 6: half a surrogate pair
        ]
        lines.append(death(7, surname: "Саидов"))
        var bytes = Data((lines.joined(separator: "\n") + "\n").utf8)
        // 8: bytes that are not UTF-8 inside a name.
        bytes.append(contentsOf: Array(#"{"type": "death", "pages": [1], "fields": {"act.number": "8", "deceased.surname": "Sa"#.utf8)
                     + [0xFF, 0xFE] + Array(#"id"}}"#.utf8) + [0x0A])
        try bytes.write(to: URL(fileURLWithPath: work.path("strict.jsonl")))
        let result = try work.daftar(["records", "import", work.path("strict.jsonl"), "--json"])
        #expect(result.status == 1)
        struct Summary: Decodable { struct Rejected: Decodable { let line: Int }; let imported: [Int64]; let rejected: [Rejected] }
        let summary = try JSONDecoder().decode(Summary.self, from: Data(result.stdout.utf8))
        #expect(summary.rejected.map(\.line) == [2, 3, 4, 6, 8])
        #expect(summary.imported.count == 3)
        let shown = try work.daftar(["record", "show", String(try #require(summary.imported.first)), "--json"])
        #expect(shown.stdout.contains("Саидов"), "\\u escapes read as the letters they name")
        let quoted = try work.daftar(["record", "show", String(summary.imported[1]), "--json"])
        #expect(quoted.stdout.contains(#"Sa\"id"#))
    }
}
