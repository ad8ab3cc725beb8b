import Foundation
import Testing

/// An existing empty file given as `--archive`: every command but `daftar init` refuses
/// it as not an archive (exit 2) and leaves it as it was; init makes it the archive.
@Suite("an empty file as the archive")
struct EmptyArchiveTests {
    /// Commands of the README, each with what it needs to reach the archive.
    static let commands: [[String]] = [
        ["import", "scans"],
        ["import", "--inbox", "inbox", "--done", "done", "--failed", "failed"],
        ["pages"], ["pages", "--duplicates"], ["pages", "--quality"],
        ["show", "page", "1"],
        ["export", "page", "1", "--original", "-o", "out.tif"],
        ["export", "pages", "1", "--to", "out"],
        ["export", "records", "--format", "csv"],
        ["record", "add", "--type", "birth", "--set", "act.number=1"],
        ["record", "show", "1"], ["record", "history", "1"],
        ["record", "edit", "1", "--set", "act.number=2", "--reason", "typo"],
        ["records"], ["records", "import", "manifest.csv"],
        ["reconcile"], ["search", "Juraev"], ["duplicates"], ["schema"],
        ["log"], ["verify"], ["stats"], ["backup", "copy.sqlite"],
        ["extract", "1", "-o", "extract.pdf"], ["extract", "check", "ABCD-EFGH-JKLM"],
        ["bag", "bag"],
    ]

    @Test("refused with exit 2, the file left empty with its mode", arguments: commands)
    func refused(_ command: [String]) throws {
        let work = try Workspace()
        _ = try work.makeFolder("scans")
        _ = try work.makeFolder("inbox")
        try Data("type,page,act.number\n".utf8).write(to: URL(fileURLWithPath: work.path("manifest.csv")))
        let empty = work.path("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data(), attributes: [.posixPermissions: 0o644]))
        let result = try work.daftar(command + ["--archive", empty], archive: false)
        #expect(result.status == 2, "\(command): \(result.stderr)")
        #expect(result.stderr == "daftar: error: \(empty): not a daftar archive (an empty file; `daftar init` makes it one)\n",
                "\(command)")
        let attributes = try FileManager.default.attributesOfItem(atPath: empty)
        #expect(attributes[.size] as? Int == 0 && attributes[.posixPermissions] as? Int == 0o644, "\(command)")
        #expect(!FileManager.default.fileExists(atPath: empty + "-wal"), "\(command)")
    }

    @Test("import-bag, which makes a missing archive, refuses an empty file too")
    func importBagRefuses() throws {
        let work = try RecordEndToEndTests.workspace()
        #expect(try work.daftar(["bag", work.path("bag")]).status == 0)
        let empty = work.path("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data(), attributes: [.posixPermissions: 0o644]))
        let result = try work.daftar(["import-bag", work.path("bag"), "--archive", empty], archive: false)
        #expect(result.status == 2 && result.stderr.contains("not a daftar archive"), "\(result.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int == 0)
        // A missing archive is made, whole.
        let made = try work.daftar(["import-bag", work.path("bag"), "--archive", work.path("new.sqlite")], archive: false)
        #expect(made.status == 0, "\(made.stderr)")
    }

    @Test("init makes an empty file the archive, mode 0640, that the other commands then use")
    func initMakesIt() throws {
        let work = try Workspace()
        #expect(FileManager.default.createFile(atPath: work.archive, contents: Data(), attributes: [.posixPermissions: 0o644]))
        let made = try work.daftar(["init"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout == "created archive \(work.archive)\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: work.archive)
        #expect(attributes[.posixPermissions] as? Int == 0o640)
        #expect(try work.daftar(["stats"]).status == 0)
    }
}
