import Archive
import Foundation
import Testing

/// `daftar backup` while an import writes: the copy is one consistent moment of the
/// archive, checked with --verify, private to its owner and group.
@Suite("backup")
struct BackupTests {
    @Test("a backup taken during an import is a consistent, verified archive, 0640, never over an existing file")
    func duringImport() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        let files = try work.generatePages(into: "scans", count: 10, dpi: 100, kinds: "tiff-lzw,jpeg,png,multipage", seed: 4)
        let importing = try work.startDaftar(["import", work.path("scans")])
        let watcher = try ArchiveStore.open(at: work.archive)
        let deadline = Date().addingTimeInterval(120)
        while try watcher.counts().sources < 2, importing.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }

        let backup = try work.daftar(["backup", work.path("copy.sqlite"), "--verify", "--json"])
        importing.waitUntilExit()
        #expect(importing.terminationStatus == 0)
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains(#""verified":true"#), "\(backup.stdout)")

        do {  // closed before the copy is replaced
            let copy = try ArchiveStore.open(at: work.path("copy.sqlite"))
            #expect(try copy.integrityCheck() == "ok")
            let copied = try copy.counts().sources
            #expect(copied >= 2 && copied <= files.count, "a moment of the import: \(copied) of \(files.count) files")
            // Each copied file whole: its pages, and one import event for each.
            let pages = try copy.pages()
            #expect(Set(pages.map(\.source)).count == copied)
            #expect(try copy.events().filter { $0.kind == "import" }.count == copied)
        }
        let mode = try FileManager.default.attributesOfItem(atPath: work.path("copy.sqlite"))[.posixPermissions] as? Int
        #expect(mode == 0o640)
        #expect(!FileManager.default.fileExists(atPath: work.path(".copy.sqlite.partial")))

        let again = try work.daftar(["backup", work.path("copy.sqlite")])
        #expect(again.status == 2 && again.stderr.contains("already exists"), "\(again.stderr)")
        let forced = try work.daftar(["backup", work.path("copy.sqlite"), "--force", "--verify"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("verified"), "\(forced.stdout)")
        #expect(try ArchiveStore.open(at: work.path("copy.sqlite")).counts().sources == files.count)
    }
}
