import Foundation
import Testing

/// A multi-page TIFF whose transfer was cut short: its first page is whole, a later
/// page's directory lies past the end of the file. It is rejected naming the page,
/// never archived as if whole; the rest of the batch is imported.
@Suite("multi-page files cut short", .serialized)
struct CutShortTIFFTests {
    /// A multi-page TIFF from the sample generator, cut where its second directory
    /// starts, and a whole scan to go with it.
    func makeFiles(_ work: Workspace, into folder: String) throws -> (cut: String, whole: String) {
        let generated = try work.generatePages(into: "generated", count: 2, dpi: 60, kinds: "multipage,tiff-lzw", seed: 31)
        let multipage = try Data(contentsOf: URL(fileURLWithPath: generated[0]))
        let bytes = [UInt8](multipage)
        let little = bytes[0] == 0x49
        func number(_ at: Int, _ size: Int) -> Int {
            (0..<size).reduce(0) { value, k in value | Int(bytes[at + (little ? k : size - 1 - k)]) << (8 * k) }
        }
        let first = number(4, 4)
        let second = number(first + 2 + 12 * number(first, 2), 4)
        try #require(second > first, "the second page's directory comes after the first's")
        let target = try work.makeFolder(folder)
        try Data(bytes[..<second]).write(to: URL(fileURLWithPath: target + "/cut.tif"))
        try FileManager.default.copyItem(atPath: generated[1], toPath: target + "/whole.tif")
        return (target + "/cut.tif", target + "/whole.tif")
    }

    @Test("a folder import rejects the cut file naming its page, imports the rest, exits 1")
    func folderImport() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        let (cut, _) = try makeFiles(work, into: "scans")
        let result = try work.daftar(["import", work.path("scans")])
        #expect(result.status == 1, "\(result.stderr)")
        let errors = result.stderrLines.filter { $0.hasPrefix("daftar: error: ") }
        #expect(errors.count == 1 && errors[0].hasPrefix("daftar: error: \(cut): page 2 cannot be read: "), "\(result.stderr)")
        #expect(result.stdout.contains("imported 1 file(s)") && result.stdout.contains("1 rejected"), "\(result.stdout)")
        let pages = try work.daftar(["pages", "--json"])
        #expect(!pages.stdout.contains("cut.tif"), "nothing of the cut file is archived")
    }

    @Test("an inbox import moves the cut file to failed with the page named in its error.txt")
    func inboxImport() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        _ = try makeFiles(work, into: "inbox")
        let result = try work.daftar(["import", "--inbox", work.path("inbox"), "--done", work.path("done"),
                                      "--failed", work.path("failed"), "--settle", "0", "--json"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains(#""inbox":{"done":1,"failed":1,"left":[]"#), "\(result.stdout)")
        #expect(FileManager.default.fileExists(atPath: work.path("done/whole.tif")))
        #expect(FileManager.default.fileExists(atPath: work.path("failed/cut.tif")))
        let reason = try String(contentsOfFile: work.path("failed/cut.tif.error.txt"), encoding: .utf8)
        #expect(reason.hasPrefix("cut.tif: page 2 cannot be read: "), "\(reason)")
    }
}
