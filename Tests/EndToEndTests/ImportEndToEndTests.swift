import Archive
import Foundation
import TestSupport
import Testing

/// The built `daftar` binary on real files: init → import (valid and broken
/// files) → pages → export → re-import.
@Suite("daftar end to end", .serialized)
struct ImportEndToEndTests {
    struct ImportJSON: Decodable {
        struct Rejection: Decodable { let path: String; let error: String }
        let imported: Int
        let pages: Int
        let duplicates: Int
        let rejected: [Rejection]
    }

    struct PageJSON: Decodable {
        let id: Int
        let source: String
        let pageIndex: Int
        let width: Int
        let height: Int
        let dpi: Double?
        let sha256: String
        let skewDegrees: Double
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    @Test("init, import good and broken files, list, export, re-import")
    func fullCycle() throws {
        let work = try Workspace()
        let initResult = try work.daftar(["init"])
        #expect(initResult.status == 0)
        #expect(try work.daftar(["init"]).stdout.contains("already exists"))
        #expect(try FileManager.default.attributesOfItem(atPath: work.archive)[.posixPermissions] as? Int == 0o640,
                "the archive holds personal data: not readable by other users")

        let scans = try work.makeFolder("scans")
        let generated = try work.generatePages(into: "scans/ledger", count: 3, kinds: "tiff-lzw,jpeg,multipage")
        try Corpus.copy("jpeg/exif-orientation/Landscape_6.jpg", to: scans + "/rotated.jpg")
        try Corpus.copy("png/pngsuite/xcrn0g04.png", to: scans + "/crc-broken.png")
        try Corpus.copy("jpeg/jpeg-decoder/crashtest/empty.jpg", to: scans + "/empty.jpg")
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: scans + "/scan.tif"))
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: generated[0])))
        let truncated = Array(original.prefix(original.count / 3))
        try Data(truncated).write(to: URL(fileURLWithPath: scans + "/truncated.tif"))

        let first = try work.daftar(["import", scans, "--ledger", "L-7", "--json"])
        #expect(first.status == 1, "some files were rejected")
        let summary = try Self.decode(ImportJSON.self, first.stdout)
        #expect(summary.imported == 4)
        #expect(summary.pages == 5)
        #expect(summary.duplicates == 0)
        let rejectedNames = Set(summary.rejected.map { ($0.path as NSString).lastPathComponent })
        #expect(rejectedNames == ["crc-broken.png", "empty.jpg", "scan.tif", "truncated.tif"])
        // One line per rejected file on stderr, naming the file and the reason, no stack trace;
        // the other lines are scan-quality warnings (the generated pages are 60 dpi).
        let errors = first.stderrLines.filter { !$0.hasPrefix("daftar: warning: ") }
        #expect(errors.count == 4)
        for line in errors {
            #expect(line.hasPrefix("daftar: error: \(scans)/"))
        }
        #expect(first.stderr.contains("scan.tif: not a TIFF, PNG or JPEG file"))

        let pages = try Self.decode([PageJSON].self, try work.daftar(["pages", "--json"]).stdout)
        #expect(pages.count == 5)
        let rotated = try #require(pages.first { $0.source.hasSuffix("rotated.jpg") })
        #expect(rotated.width == 1800 && rotated.height == 1200, "EXIF orientation 6 shown upright")
        let multipage = pages.filter { $0.source.hasSuffix("ledger/page-003.tif") }
        #expect(multipage.map(\.pageIndex) == [0, 1])
        let firstPage = try #require(pages.first { $0.source == generated[0] })
        #expect(firstPage.sha256 == ContentHash.sha256(original))
        #expect(firstPage.dpi == 60)
        // The generator's known skew, measured at 60 dpi.
        let truth = try work.truth(of: "scans/ledger")
        for page in pages where page.source.contains("/ledger/") {
            let known = try #require(truth["\((page.source as NSString).lastPathComponent)#\(page.pageIndex)"])
            #expect(abs(page.skewDegrees - known) < 0.15, "\(page.source) page \(page.pageIndex)")
        }
        // A ledger the archive does not hold finds nothing because it is wrong: refused, naming the ledgers.
        let unknown = try work.daftar(["pages", "--json", "--ledger", "other"])
        #expect(unknown.status == 2 && unknown.stdout.isEmpty && unknown.stderr.contains("ledger other: no files of this ledger"),
                "\(unknown.stderr)")

        // The original comes back byte for byte; the access copy is a JPEG of the cropped page.
        let exported = work.path("out.tif")
        #expect(try work.daftar(["export", "page", "\(firstPage.id)", "--original", "-o", exported]).status == 0)
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: exported))) == original)
        #expect(try work.daftar(["export", "page", "\(firstPage.id)", "--original", "-o", exported]).status == 2,
                "an existing file is not overwritten without --force")
        let access = work.path("access.jpg")
        #expect(try work.daftar(["export", "page", "\(firstPage.id)", "--access", "-o", access]).status == 0)
        let accessBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: access)))
        #expect(accessBytes.starts(with: [0xFF, 0xD8, 0xFF]))
        let thumbnail = work.path("thumb.jpg")
        #expect(try work.daftar(["export", "page", "\(firstPage.id)", "--thumbnail", "-o", thumbnail]).status == 0)

        let shown = try work.daftar(["show", "page", "\(firstPage.id)"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("crop-border: applied"))
        #expect(shown.stdout.contains("L-7"))

        // Re-running the same import adds nothing.
        let again = try Self.decode(ImportJSON.self, try work.daftar(["import", scans, "--ledger", "L-7", "--json"]).stdout)
        #expect(again.imported == 0)
        #expect(again.pages == 0)
        #expect(again.duplicates == 4)
        #expect(try Self.decode([PageJSON].self, try work.daftar(["pages", "--json"]).stdout).count == 5)

        // Valid files alone: exit 0.
        let clean = try work.daftar(["import", scans + "/ledger"])
        #expect(clean.status == 0)
        #expect(clean.stdout.contains("3 already archived"))
    }

    @Test("a decompression bomb is refused from its header, naming the limit")
    func bombRefused() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        // 200000 x 200000 gray PNG header with valid CRCs and almost no data.
        let bomb = work.path("bomb.png")
        try Data(PNGBomb.bytes(width: 200_000, height: 200_000)).write(to: URL(fileURLWithPath: bomb))
        let result = try work.daftar(["import", bomb])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bomb.png: 200000x200000"))
        #expect(result.stderr.contains("over the limit of 200 megapixels (--max-pixels)"))
        let tight = try work.daftar(["import", bomb, "--max-pixels", "1000"])
        #expect(tight.stderr.contains("over the limit of 0.001 megapixels"))
    }

    @Test("a symbolic-link loop and a FIFO in the folder neither hang nor stop the batch")
    func hostileFolder() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        _ = try work.generatePages(into: "scans", count: 2, kinds: "png")
        try FileManager.default.createSymbolicLink(atPath: work.path("scans/loop"), withDestinationPath: work.path("scans"))
        #expect(mkfifo(work.path("scans/pipe"), 0o644) == 0)
        let result = try work.daftar(["import", work.path("scans"), "--json"])
        #expect(result.status == 1)
        let summary = try Self.decode(ImportJSON.self, result.stdout)
        #expect(summary.imported == 2)
        #expect(summary.rejected.map(\.error) == ["not a regular file"])
    }

    @Test("usage and configuration errors exit 2 with one line")
    func usageErrors() throws {
        let work = try Workspace()
        let noArchive = try work.daftar(["pages"])
        #expect(noArchive.status == 2)
        #expect(noArchive.stderr.contains("no archive here"))
        let unknown = try work.daftar(["import", "--no-such-option", "x"])
        #expect(unknown.status == 2)
        try Data("text".utf8).write(to: URL(fileURLWithPath: work.archive))
        let wrong = try work.daftar(["pages"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr == "daftar: error: \(work.archive): not a daftar archive\n")
        #expect(try work.daftar(["import", "--quality", "0", "x"]).status == 2)
    }
}
