import Archive
import Foundation
import Imaging
import Synthesis
import Testing

/// The normalization features through the built binary: spreads, quality
/// warnings and policies, duplicates, bilevel copies and re-normalization.
@Suite("normalization end to end", .serialized)
struct NormalizationEndToEndTests {
    struct PageJSON: Decodable {
        let id: Int64
        let source: String
        let pageIndex: Int
        let part: Int
        let skewDegrees: Double
    }

    struct QualityJSON: Decodable {
        let id: Int64
        let problems: [String]
    }

    struct PairJSON: Decodable {
        let kind: String
        let first: Int64
        let second: Int64
        let similarity: Double
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test("a spread is stored as its left and right pages, each with its own skew")
    func spread() throws {
        let work = try Workspace()
        _ = try work.daftar(["init"])
        let folder = try work.makeFolder("spreads")
        let spread = LedgerSpread(dpi: 100, skews: (1.7, -2.3), seed: 41)
        try Self.write(try PNGEncoder.encode(spread.render(), dpi: 100), to: folder + "/spread.png")

        #expect(try work.daftar(["import", folder]).status == 0)
        let pages = try Self.decode([PageJSON].self, try work.daftar(["pages", "--json"]).stdout)
        #expect(pages.map(\.part) == [1, 2])
        #expect(abs(pages[0].skewDegrees - 1.7) < 0.1 && abs(pages[1].skewDegrees + 2.3) < 0.1)
        let table = try work.daftar(["pages"]).stdout
        #expect(table.contains("1 left") && table.contains("1 right"))

        // --split off keeps the scan whole.
        _ = try work.daftar(["renormalize", String(pages[0].id), "--split", "off"])
        let whole = try Self.decode([PageJSON].self, try work.daftar(["pages", "--json"]).stdout)
        #expect(whole.map(\.part) == [0])
    }

    @Test("pages below the policy are imported with one warning line each, and listed by pages --quality")
    func qualityWarnings() throws {
        let work = try Workspace()
        _ = try work.daftar(["init"])
        let files = try work.generatePages(into: "low", count: 2, dpi: 150, kinds: "png,tiff-lzw")
        let result = try work.daftar(["import", work.path("low")])
        #expect(result.status == 0, "quality problems do not fail the import")
        let names = files.map { ($0 as NSString).lastPathComponent }
        #expect(result.stderrLines == names.map { "daftar: warning: \($0): 150 dpi, policy 300: rescan" })
        #expect(result.stdout.contains("2 page(s) to rescan"))

        let listed = try Self.decode([QualityJSON].self, try work.daftar(["pages", "--quality", "--json"]).stdout)
        #expect(listed.map(\.problems) == [["150 dpi, policy 300"], ["150 dpi, policy 300"]])
        let policy = work.path("office.json")
        try Data(#"{"minimumDpi": 150}"#.utf8).write(to: URL(fileURLWithPath: policy))
        #expect(try work.daftar(["pages", "--quality", "--json", "--policy", policy]).stdout == "[]\n")

        // The same policy at import: no warnings. A broken policy file is a usage error.
        _ = try work.generatePages(into: "more", count: 1, dpi: 150, kinds: "jpeg", seed: 9)
        let lenient = try work.daftar(["import", work.path("more"), "--policy", policy])
        #expect(lenient.status == 0 && lenient.stderr.isEmpty)
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: policy))
        let broken = try work.daftar(["import", work.path("more"), "--policy", policy])
        #expect(broken.status == 2)
        #expect(broken.stderrLines.count == 1 && broken.stderr.contains("office.json"))
    }

    @Test("pages --duplicates pairs the same sheet saved twice (exact) and scanned darker (near), not other sheets")
    func duplicates() throws {
        let work = try Workspace()
        _ = try work.daftar(["init"])
        let folder = try work.makeFolder("dups")
        let sheet = LedgerPage(width: 1265, height: 1778, skewDegrees: 1.1, border: 12, seed: 7).render()
        let other = LedgerPage(width: 1265, height: 1778, skewDegrees: 1.1, border: 12, seed: 8).render()
        var darker = sheet
        for i in darker.pixels.indices { darker.pixels[i] = UInt8(Double(darker.pixels[i]) * 0.75) }
        try Self.write(try PNGEncoder.encode(sheet, dpi: 150), to: folder + "/a-sheet.png")
        try Self.write(try PNGEncoder.encode(sheet, bitDepth: 16, dpi: 150), to: folder + "/b-same-pixels.png")
        try Self.write(try JPEGEncoder.encode(darker, quality: 80, dpi: 150), to: folder + "/c-rescanned-darker.jpg")
        try Self.write(try PNGEncoder.encode(other, dpi: 150), to: folder + "/d-other-sheet.png")
        #expect(try work.daftar(["import", folder, "--policy", Self.lenientPolicy(work)]).status == 0)

        let pairs = try Self.decode([PairJSON].self, try work.daftar(["pages", "--duplicates", "--json"]).stdout)
        let found = pairs.map { "\($0.kind) \($0.first)-\($0.second)" }
        #expect(found.sorted() == ["exact 1-2", "near 1-3", "near 2-3"], "\(pairs)")
        let table = try work.daftar(["pages", "--duplicates"]).stdout
        #expect(table.contains("a-sheet.png") && table.contains("3 pair(s) among 4 page(s)"))
    }

    static func lenientPolicy(_ work: Workspace) throws -> String {
        let path = work.path("lenient.json")
        try Data(#"{"minimumDpi": 100}"#.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("renormalize --bitonal keeps page ids, adds a G4 TIFF, and logs the previous normalization")
    func renormalizeBitonal() throws {
        let work = try Workspace()
        _ = try work.daftar(["init"])
        _ = try work.generatePages(into: "scans", count: 2, dpi: 100, kinds: "tiff-lzw,jpeg")
        #expect(try work.daftar(["import", work.path("scans"), "--ledger", "L-1"]).status == 0)
        let before = try Self.decode([PageJSON].self, try work.daftar(["pages", "--json"]).stdout)
        let store = try ArchiveStore.open(at: work.archive)
        let oldAccess = try #require(try store.page(id: before[0].id)).page.accessSha256

        let missing = try work.daftar(["export", "page", String(before[0].id), "--bitonal", "-o", work.path("none.tif")])
        #expect(missing.status == 2 && missing.stderr.contains("no bilevel copy"))

        let rebuilt = try work.daftar(["renormalize", "--ledger", "L-1", "--bitonal", "--quality", "60"])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stdout.contains("renormalized 2 file(s), 2 page(s)"))
        let after = try Self.decode([PageJSON].self, try work.daftar(["pages", "--json"]).stdout)
        #expect(after.map(\.id) == before.map(\.id))

        let out = work.path("page.tif")
        #expect(try work.daftar(["export", "page", String(after[0].id), "--bitonal", "-o", out]).status == 0)
        let bilevel = try ImageSource(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: out))), maxPixels: 10_000_000).page(0)
        #expect(bilevel.stored.pixels.allSatisfy { $0 == 0 || $0 == 255 })
        #expect(bilevel.stored.pixels.contains(0) && bilevel.stored.pixels.contains(255))

        let page = try #require(try store.page(id: after[0].id)).page
        #expect(page.accessSha256 != oldAccess, "quality 60 makes a new access image")
        #expect(try store.blob(sha256: oldAccess) != nil, "the old access image stays archived")
        let renormalized = try store.events().filter { $0.kind == "renormalize" }
        #expect(renormalized.count == 2)
        #expect(renormalized.contains { $0.details.contains(oldAccess) }, "the event keeps the previous page record")
        #expect(try store.integrityCheck() == "ok")
    }
}
