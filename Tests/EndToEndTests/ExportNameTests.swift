import Foundation
import Testing

/// Exports named after the scanned file stay inside the folder asked for, whatever
/// name the archive holds (a crafted archive, a scanner's odd name).
@Suite("export names")
struct ExportNameTests {
    @Test("a source named ../../x, .. or .hidden is exported inside the folder, byte for byte")
    func hostileNames() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        let files = try work.generatePages(into: "scans", count: 1, dpi: 100, kinds: "png", seed: 41)
        #expect(try work.daftar(["import", files[0]]).status == 0)
        let original = try Data(contentsOf: URL(fileURLWithPath: files[0]))
        let out = work.path("deep/out")
        for (stored, expected) in [("../../escape.png", "escape.png"), ("..", "_.."), (".hidden.png", "_.hidden.png"),
                                   ("a\\\\..\\\\b.png", "b.png")] {
            _ = try work.run(URL(fileURLWithPath: "/usr/bin/sqlite3"),
                             [work.archive, "UPDATE source SET name = '\(stored)' WHERE id = 1"])
            let result = try work.daftar(["export", "page", "1", "--original", "--into", out, "--force"])
            #expect(result.status == 0, "\(stored): \(result.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/" + expected)) == original, "\(stored) -> \(expected)")
        }
        #expect(!FileManager.default.fileExists(atPath: work.path("escape.png")))
        #expect(!FileManager.default.fileExists(atPath: work.path("deep/escape.png")))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: out)) == ["escape.png", "_..", "_.hidden.png", "b.png"])
        let access = try work.daftar(["export", "page", "1", "--access", "--into", out])
        #expect(access.status == 0 && FileManager.default.fileExists(atPath: out + "/b-page1-access.jpg"), "\(access.stdout)")
    }
}
