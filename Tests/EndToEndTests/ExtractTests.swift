import Foundation
import Testing

/// `daftar extract`: the PDF read back by poppler (pdftotext, pdfinfo, pdfimages,
/// pdftoppm) and its QR code by zbarimg; `daftar extract check` before and after an edit.
@Suite("archival extracts")
struct ExtractTests {
    /// The verification code in `wrote FILE: record N version V, verification code CODE`.
    static func code(in output: String) -> String? {
        output.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    @Test("a Tajik extract: the names in Tajik letters, the page image, a QR code that reads back to the printed code")
    func tajikExtract() throws {
        let work = try Workspace()
        try work.makeSampleArchive()
        let issued = try work.daftar(["extract", "1", "-o", work.path("extract.pdf"), "--lang", "tg"])
        #expect(issued.status == 0, "\(issued.stderr)")
        let code = try #require(Self.code(in: issued.stdout))
        #expect(code.range(of: #"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$"#, options: .regularExpression) != nil, "\(issued.stdout)")

        let info = try work.tool("pdfinfo", [work.path("extract.pdf")])
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stdout.range(of: #"Pages: +2\n"#, options: .regularExpression) != nil, "\(info.stdout)")
        #expect(info.stdout.contains("A4"), "\(info.stdout)")

        let text = try work.tool("pdftotext", ["-enc", "UTF-8", work.path("extract.pdf"), "-"])
        #expect(text.status == 0, "\(text.stderr)")
        for expected in ["ИҚТИБОСИ БОЙГОНӢ", "Ҷумҳурии Тоҷикистон", "Ҷӯраев", "Ғайратҷон", "Қумрӣ", "Раҳимовна (номуайян)",
                         "[хонда намешавад]", "Dushanbe, Ismoili Somoni district (DSH-01)", "12.03.1957", "мард",
                         "Исправлено по заявлению", "e2e-tester", code] {
            #expect(text.stdout.contains(expected), "\(expected) is not in the extract's text")
        }

        // The act's page goes in as the archive's access JPEG, not re-encoded.
        let images = try work.tool("pdfimages", ["-list", work.path("extract.pdf")])
        #expect(images.stdout.split(separator: "\n").contains { $0.contains("jpeg") && $0.hasPrefix("   2") }, "\(images.stdout)")

        let rendered = try work.tool("pdftoppm", ["-r", "150", "-png", work.path("extract.pdf"), work.path("page")])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let qr = try work.tool("zbarimg", ["--quiet", "--raw", work.path("page-1.png")])
        #expect(qr.status == 0, "\(qr.stderr)")
        #expect(qr.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == code)
        // Page 2 shows the scanned ledger page: far more ink than an empty page.
        let secondPage = try #require(FileManager.default.contents(atPath: work.path("page-2.png")))
        #expect(secondPage.count > 50_000, "page 2 rendered to \(secondPage.count) bytes")

        let log = try work.daftar(["log", "--record", "1"])
        #expect(log.stdout.contains("extract-issue"), "\(log.stdout)")
    }

    @Test("extract check: the record and version a code certifies, unchanged until the record is edited")
    func check() throws {
        let work = try Workspace()
        try work.makeSampleArchive()
        let issued = try work.daftar(["extract", "2", "-o", work.path("death.pdf"), "--lang", "ru"])
        #expect(issued.status == 0, "\(issued.stderr)")
        let code = try #require(Self.code(in: issued.stdout))
        let text = try work.tool("pdftotext", ["-enc", "UTF-8", work.path("death.pdf"), "-"])
        for expected in ["АРХИВНАЯ ВЫПИСКА", "Республика Таджикистан", "Каримов", "Абдулло", "Умерший", "Фамилия", "30.10.1958"] {
            #expect(text.stdout.contains(expected), "\(expected) is not in the Russian extract")
        }

        let fresh = try work.daftar(["extract", "check", code, "--json"])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        let finding = try #require(try JSONSerialization.jsonObject(with: Data(fresh.stdout.utf8)) as? [String: Any])
        #expect(finding["recordId"] as? Int == 2)
        #expect(finding["version"] as? Int == 2, "version 2: the registrar's verification")
        #expect(finding["changed"] as? Bool == false)
        #expect((finding["issues"] as? [[String: Any]])?.first?["operator"] as? String == "e2e-tester")
        // Typed loosely, as someone reads it off paper.
        let typed = code.lowercased().replacingOccurrences(of: "-", with: " ")
        #expect(try work.daftar(["extract", "check", typed]).status == 0)

        #expect(try work.daftar(["record", "edit", "2", "--set", "death.place=Душанбе", "--reason", "place keyed"]).status == 0)
        let stale = try work.daftar(["extract", "check", code])
        #expect(stale.status == 4)
        #expect(stale.stdout.contains("changed since: version 3"), "\(stale.stdout)")
        #expect(stale.stdout.contains("place keyed"), "\(stale.stdout)")
        // Changed after its verification: verified again before a new extract, which gets a new code.
        #expect(try work.daftar(["extract", "2", "-o", work.path("death-2.pdf")]).status == 1)
        #expect(try work.run(Binaries.daftar, ["record", "verify", "2", "--operator", "registrar", "--archive", work.archive]).status == 0)
        let reissued = try work.daftar(["extract", "2", "-o", work.path("death-2.pdf"), "--lang", "en"])
        let newCode = try #require(Self.code(in: reissued.stdout))
        #expect(newCode != code)
        #expect(try work.daftar(["extract", "check", newCode]).status == 0)
        let english = try work.tool("pdftotext", ["-enc", "UTF-8", work.path("death-2.pdf"), "-"])
        #expect(english.stdout.contains("ARCHIVAL EXTRACT") && english.stdout.contains("1958-10-30"))

        let unknown = try work.daftar(["extract", "check", "0000-0000-0000"])
        #expect(unknown.status == 4 && unknown.stdout.contains("no extract with this code"), "\(unknown.stdout)")
        #expect(try work.daftar(["extract", "check", "not a code"]).status == 2)
    }

    @Test("an extract never replaces a file unasked, and a missing record is named")
    func refusals() throws {
        let work = try Workspace()
        try work.makeSampleArchive()
        FileManager.default.createFile(atPath: work.path("taken.pdf"), contents: Data("keep".utf8))
        let taken = try work.daftar(["extract", "1", "-o", work.path("taken.pdf")])
        #expect(taken.status == 2 && taken.stderr.contains("exists"), "\(taken.stderr)")
        #expect(FileManager.default.contents(atPath: work.path("taken.pdf")) == Data("keep".utf8))
        #expect(try work.daftar(["extract", "1", "-o", work.path("taken.pdf"), "--force"]).status == 0)

        // Record 4 was resolved as a second keying of record 1: the extract is record 1's.
        let duplicate = try work.daftar(["extract", "4", "-o", work.path("duplicate.pdf")])
        #expect(duplicate.status == 1 && duplicate.stderr.contains("duplicate of record 1"), "\(duplicate.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.path("duplicate.pdf")))

        let noFolder = try work.daftar(["extract", "1", "-o", work.path("nowhere/x.pdf")])
        #expect(noFolder.status == 1 && noFolder.stderr == "daftar: error: \(work.path("nowhere/x.pdf")): cannot write the PDF: no such folder \(work.path("nowhere"))\n",
                "the file asked for is named, not a temporary one: \(noFolder.stderr)")

        let missing = try work.daftar(["extract", "99", "-o", work.path("none.pdf")])
        #expect(missing.status == 2 && missing.stderr.contains("record 99"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.path("none.pdf")))
        let events = try work.daftar(["log"])
        #expect(events.stdout.components(separatedBy: "extract-issue").count == 2, "one issue recorded: \(events.stdout)")
    }
}
