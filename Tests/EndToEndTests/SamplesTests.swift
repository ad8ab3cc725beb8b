import Foundation
import Testing

/// The Samples as `make run` uses them, and as the generator makes them.
@Suite("samples")
struct SamplesTests {
    @Test("the Samples import with their manifest: every page and record, nothing to rescan, the page scanned twice found")
    func makeRun() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        let imported = try work.daftar(["import"] + Samples.scans.map(Samples.path) + [
            "--ledger", "SAMPLE-1", "--policy", Samples.path("policy.json"), "--manifest", Samples.path("manifest.jsonl"),
            "--offices", Samples.path("offices.csv"), "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains(#""imported":8"#) && imported.stdout.contains(#""pages":10"#), "\(imported.stdout)")
        #expect(imported.stdout.contains(#""warnings":[]"#), "150-dpi scans within the policy: \(imported.stdout)")
        let records = try work.daftar(["records", "--json"])
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(records.stdout.utf8)) as? [[String: Any]])
        #expect(listed.count == 9)
        #expect(Set(listed.compactMap { $0["type"] as? String }) == ["birth", "death", "marriage", "divorce", "name-change", "paternity"])
        // The spread's two acts are on its two halves, one each.
        let pages = try work.daftar(["pages", "--json"]).stdout
        let spread = try #require(try JSONSerialization.jsonObject(with: Data(pages.utf8)) as? [[String: Any]])
            .filter { ($0["source"] as? String)?.hasSuffix("book-1988-p040-041.jpg") == true }
        #expect(spread.map { $0["part"] as? Int } == [1, 2])
        let onHalves = listed.filter { record in
            spread.contains { page in (page["id"] as? Int).map { [$0] } == (record["pages"] as? [Int]) }
        }.compactMap { $0["type"] as? String }
        #expect(onHalves.sorted() == ["divorce", "name-change"], "one act on each half: \(onHalves)")

        let search = try work.daftar(["search", "Juraev", "--json"])
        let found = try #require(try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [[String: Any]])
        #expect((found.first?["matched"] as? [String: Any])?["name"] as? String == "Джураев Гайратджон Рахимович")

        let duplicates = try work.daftar(["pages", "--duplicates", "--json"])
        let pairs = try #require(try JSONSerialization.jsonObject(with: Data(duplicates.stdout.utf8)) as? [[String: Any]])
        let best = try #require(pairs.max { ($0["similarity"] as? Double ?? 0) < ($1["similarity"] as? Double ?? 0) })
        let listing = try #require(try JSONSerialization.jsonObject(with: Data(pages.utf8)) as? [[String: Any]])
        let names = Set([best["first"], best["second"]].compactMap { id in
            listing.first { $0["id"] as? Int == id as? Int }?["source"] as? String
        }.map { ($0 as NSString).lastPathComponent })
        #expect(names == ["births-1957-p014.tif", "births-1957-p014-rescan.jpg"], "the closest pair: \(names)")
    }

    @Test("the committed Samples and exercises are the generator's output, byte for byte")
    func generated() throws {
        let work = try Workspace()
        let made = try work.run(Binaries.sampleGenerator, ["samples", work.path("made")])
        #expect(made.status == 0, "\(made.stderr)")
        let madeFiles = try FileManager.default.subpathsOfDirectory(atPath: work.path("made")).filter {
            var folder: ObjCBool = false
            FileManager.default.fileExists(atPath: work.path("made/" + $0), isDirectory: &folder)
            return !folder.boolValue
        }.sorted()
        // 8 scans and the manifest; easy, medium and hard: pages, key.jsonl, exercise.json; scanning: 6 pages, exercise.json.
        #expect(madeFiles.count == 9 + (3 + 2) + (3 + 2) + (5 + 2) + (6 + 1), "\(madeFiles)")
        for file in madeFiles {
            #expect(FileManager.default.contents(atPath: work.path("made/" + file)) == FileManager.default.contents(atPath: Samples.path(file)),
                    "Samples/\(file) is what the generator makes")
        }
    }
}
