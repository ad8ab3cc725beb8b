import Foundation
import Testing

/// `daftar export records` and `daftar export pages` on the sample archive, the CSV and
/// JSON Lines read back by Python's csv and json modules.
@Suite("exports")
struct ExportTests {
    @Test("CSV: one row per record, every field and flag, stable columns, UTF-8, read by Python's csv module")
    func csv() throws {
        let work = try Workspace()
        try work.makeSampleArchive()
        let written = try work.daftar(["export", "records", "--format", "csv", "-o", work.path("records.csv")])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("4 record(s)"), "\(written.stdout)")

        let script = """
            import csv, json, sys
            with open(sys.argv[1], encoding="utf-8", newline="") as f:
                reader = csv.DictReader(f)
                print(json.dumps({"columns": reader.fieldnames, "rows": list(reader)}, ensure_ascii=False))
            """
        let read = try work.tool("python3", ["-c", script, work.path("records.csv")])
        #expect(read.status == 0, "\(read.stderr)")
        let table = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any])
        let columns = try #require(table["columns"] as? [String])
        let rows = try #require(table["rows"] as? [[String: String]])
        #expect(Array(columns.prefix(4)) == ["id", "type", "status", "version"])
        #expect(columns.last == "other_fields")
        #expect(Set(columns).count == columns.count, "no column twice")
        #expect(rows.map { $0["id"] } == ["1", "2", "3", "4"])
        let birth = rows[0]
        #expect(birth["child.surname"] == "Ҷӯраев" && birth["child.givenName"] == "Ғайратҷон")
        #expect(birth["birth.place"] == "ш. Душанбе, маҳаллаи Шоҳмансур", "a comma inside a value stays in its cell")
        #expect(birth["father.surname"] == "[illegible]")
        #expect(birth["mother.patronymic"] == "Раҳимовна [uncertain]")
        #expect(birth["version"] == "3" && birth["status"] == "verified" && birth["updated_by"] == "registrar"
                && birth["reason"] == "verified against the page", "the registrar's verification is the latest version")
        #expect(birth["ledgers"] == "SAMPLE-1" && birth["pages"] == "1")
        #expect(rows[3]["duplicate_of"] == "1")
        #expect(rows[1]["deceased.surname"] == "Каримов" && rows[1]["child.surname"] == "")

        // The same archive exports the same bytes; an existing file is kept unless --force.
        let again = try work.daftar(["export", "records", "--format", "csv"])
        #expect(Data(again.stdout.utf8) == FileManager.default.contents(atPath: work.path("records.csv")))
        let refused = try work.daftar(["export", "records", "--format", "csv", "-o", work.path("records.csv")])
        #expect(refused.status == 2 && refused.stderr.contains("exists"), "\(refused.stderr)")
    }

    @Test("filters: act type, office, and act dates compared by value (a year-only date belongs to its year)")
    func filters() throws {
        let work = try Workspace()
        try work.makeSampleArchive()
        func ids(_ arguments: [String]) throws -> [Int] {
            let result = try work.daftar(["export", "records", "--format", "jsonl"] + arguments)
            #expect(result.status == 0, "\(result.stderr)")
            return try result.stdout.split(separator: "\n").map { line in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                return try #require(object["id"] as? Int)
            }
        }
        #expect(try ids([]) == [1, 2, 3, 4])
        #expect(try ids(["--type", "birth"]) == [1, 4])
        #expect(try ids(["--type", "death", "--type", "marriage"]) == [2, 3])
        #expect(try ids(["--office", "DSH-02"]) == [2])
        #expect(try ids(["--from", "1957", "--to", "1957"]) == [1, 3, 4])
        #expect(try ids(["--from", "1957-03"]) == [1, 2, 4], "a year-only date may lie before March")
        #expect(try ids(["--to", "1957-12-31", "--type", "marriage"]) == [3])
        #expect(try work.daftar(["export", "records", "--format", "jsonl", "--from", "1957-13"]).status == 2)
        #expect(try work.daftar(["export", "records", "--format", "xml"]).status == 2)
    }

    @Test("JSON Lines: fields and flags apart, every line valid JSON for Python")
    func jsonLines() throws {
        let work = try Workspace()
        try work.makeSampleArchive()
        #expect(try work.daftar(["export", "records", "--format", "jsonl", "-o", work.path("records.jsonl")]).status == 0)
        let script = """
            import json, sys
            rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
            first = rows[0]
            print(len(rows), first["fields"]["child.surname"], first["flags"]["father.surname"],
                  first["flags"]["mother.patronymic"], first["fields"]["mother.patronymic"], first["version"])
            """
        let read = try work.tool("python3", ["-c", script, work.path("records.jsonl")])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "4 Ҷӯраев illegible uncertain Раҳимовна 3")
    }

    @Test("export pages: originals byte for byte under readable names, access JPEGs per page, nothing replaced")
    func pages() throws {
        let work = try Workspace()
        try work.makeSampleArchive()
        let out = work.path("out")
        let first = try work.daftar(["export", "pages", "--ledger", "SAMPLE-1", "--to", out, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        for name in Samples.scans {
            #expect(FileManager.default.contents(atPath: out + "/SAMPLE-1/" + name) == FileManager.default.contents(atPath: Samples.path(name)),
                    "\(name) exported byte for byte")
        }
        let access = try work.daftar(["export", "pages", "--ledger", "SAMPLE-1", "--to", out, "--access"])
        #expect(access.status == 0, "\(access.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out + "/SAMPLE-1").sorted()
        #expect(files.contains("births-2001-p030-031-p1.jpg") && files.contains("births-2001-p030-031-p2.jpg"), "\(files)")
        #expect(files.contains("book-1988-p040-041-p1-left.jpg") && files.contains("book-1988-p040-041-p1-right.jpg"), "\(files)")
        #expect(files.contains("deaths-1962-p003.jpg") && files.contains("deaths-1962-p003-p1.jpg"),
                "the original JPEG and its access copy: \(files)")
        #expect(files.count == 8 + 10)
        let jpeg = try #require(FileManager.default.contents(atPath: out + "/SAMPLE-1/births-1957-p014-p1.jpg"))
        #expect(Array(jpeg.prefix(3)) == [0xFF, 0xD8, 0xFF])

        // A re-run writes nothing; a file changed since is reported, kept, and the rest go on.
        let rerun = try work.daftar(["export", "pages", "--ledger", "SAMPLE-1", "--to", out])
        #expect(rerun.status == 0 && rerun.stdout.contains("0 file(s) written") && rerun.stdout.contains("8 already there"), "\(rerun.stdout)")
        try Data("changed".utf8).write(to: URL(fileURLWithPath: out + "/SAMPLE-1/births-1957-p015.tif"))
        try FileManager.default.removeItem(atPath: out + "/SAMPLE-1/marriages-1994-p021.png")
        let conflict = try work.daftar(["export", "pages", "--ledger", "SAMPLE-1", "--to", out])
        #expect(conflict.status == 1)
        #expect(conflict.stderr.contains("births-1957-p015.tif: exists with other content"), "\(conflict.stderr)")
        #expect(conflict.stdout.contains("1 file(s) written"), "\(conflict.stdout)")
        #expect(FileManager.default.contents(atPath: out + "/SAMPLE-1/births-1957-p015.tif") == Data("changed".utf8))

        // Pages named by id; an unknown id is named and the others still written.
        let chosen = try work.daftar(["export", "pages", "1", "99", "--to", work.path("chosen"), "--access"])
        #expect(chosen.status == 1 && chosen.stderr.contains("page 99"), "\(chosen.stderr)")
        #expect(FileManager.default.fileExists(atPath: work.path("chosen/SAMPLE-1/births-1957-p014-rescan-p1.jpg")))
        #expect(try work.daftar(["export", "pages", "--to", work.path("none")]).status == 2)
    }
}
