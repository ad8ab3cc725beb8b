import Archive
import Foundation
import Testing

/// `daftar verify` recomputes what it stored: one byte changed behind daftar's back
/// (with `sqlite3`) is found and named by the page that shows it.
@Suite("fixity")
struct FixityTests {
    @Test("verify names the page whose stored image lost one byte, exits 4, and keeps naming it")
    func flippedByte() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        let files = try work.generatePages(into: "scans", count: 3, dpi: 100, kinds: "tiff-lzw,jpeg,png", seed: 9)
        #expect(try work.daftar(["import", work.path("scans")]).status == 0)

        let clean = try work.daftar(["verify", "--json"])
        #expect(clean.status == 0, "\(clean.stderr)")
        // 3 originals, 3 access images, 3 thumbnails.
        #expect(clean.stdout.contains(#""checked":9"#), "\(clean.stdout)")

        let store = try ArchiveStore.open(at: work.archive)
        let page = try #require(try store.pages().first { $0.source == files[1] })
        let flip = """
            UPDATE blob SET bytes = CAST(substr(bytes, 1, 99)
                || (CASE WHEN substr(bytes, 100, 1) = X'00' THEN X'01' ELSE X'00' END)
                || substr(bytes, 101) AS BLOB)
            WHERE sha256 = '\(page.accessSha256)';
            """
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [work.archive, flip]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)

        let damaged = try work.daftar(["verify"])
        #expect(damaged.status == 4)
        #expect(damaged.stderrLines.count == 1, "\(damaged.stderr)")
        #expect(damaged.stderr.contains("page \(page.id) (\(files[1]), access)"), "\(damaged.stderr)")
        #expect(damaged.stdout.contains("1 damaged"))
        // Checked a moment ago, but found damaged: a check of the blobs not checked for a day reads it again.
        let since = try work.daftar(["verify", "--since", "1"])
        #expect(since.status == 4)
        #expect(since.stdout.contains("fixity: 1 blob(s)"), "\(since.stdout)")
        let sample = try work.daftar(["verify", "--sample", "2", "--json"])
        #expect(sample.stdout.contains(#""checked":2"#), "\(sample.stdout)")
        let log = try work.daftar(["log"])
        #expect(log.stdout.components(separatedBy: "fixity").count - 1 == 4, "each check is an event")
    }
}
