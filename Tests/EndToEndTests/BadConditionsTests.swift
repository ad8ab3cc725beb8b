import Archive
import Foundation
import Testing

/// A full disk, a read-only archive, an archive from a newer daftar, a missing inbox:
/// one clear line each, a non-zero exit, and the archive as it was.
@Suite("bad conditions")
struct BadConditionsTests {
    func sha256(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    func errorLines(_ result: CommandResult) -> [String] {
        result.stderrLines.filter { $0.hasPrefix("daftar: error: ") }
    }

    @Test("a disk that fills up during an import: one line, exit 1, committed files kept, the rest imported on the next run")
    func diskFull() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        let files = try work.generatePages(into: "scans", count: 8, dpi: 300, kinds: "tiff-lzw,png", seed: 31)
        let size = try FileManager.default.attributesOfItem(atPath: work.archive)[.size] as? Int ?? 0
        // The archive may grow by about 1.5 MB, its log too: the file size limit of the
        // process (bash counts 1,024-byte blocks) stands for the disk filling up.
        let limited = try work.run(URL(fileURLWithPath: "/bin/bash"), ["-c",
            "ulimit -f \(size / 1024 + 1500); exec \"$0\" import \"$1\" --archive \"$2\"",
            Binaries.daftar.path, work.path("scans"), work.archive])
        #expect(limited.status == 1, "\(limited.stderr)")
        #expect(errorLines(limited).count == 1, "\(limited.stderr)")
        #expect(limited.stderr.contains("cannot write to the disk"), "\(limited.stderr)")
        let store = try ArchiveStore.open(at: work.archive)
        #expect(try store.integrityCheck() == "ok")
        let kept = try store.counts().sources
        #expect(kept < files.count, "the disk filled before the end")
        #expect(Set(try store.pages().map(\.source)).count == kept, "every kept file has its pages")
        #expect(try work.daftar(["verify"]).status == 0)

        let rerun = try work.daftar(["import", work.path("scans"), "--json"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("\"duplicates\":\(kept)"), "\(rerun.stdout)")
        #expect(try ArchiveStore.open(at: work.archive).counts().sources == files.count)
    }

    @Test("a read-only archive: one line, exit 2, not a byte changed")
    func readOnly() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        let files = try work.generatePages(into: "scans", count: 1, dpi: 300, kinds: "png", seed: 32)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: work.archive)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: work.folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: work.folder.path) }
        let before = try sha256(work.archive)
        // Root writes whatever the permissions say: the import then runs as nobody.
        let command = ["import", files[0], "--archive", work.archive]
        let result = getuid() == 0
            ? try work.run(URL(fileURLWithPath: "/usr/bin/setpriv"),
                           ["--reuid=nobody", "--regid=nogroup", "--clear-groups", Binaries.daftar.path] + command)
            : try work.run(Binaries.daftar, command)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(errorLines(result).count == 1 && result.stderr.contains("read-only"), "\(result.stderr)")
        #expect(try sha256(work.archive) == before)
    }

    @Test("an archive from a newer daftar and a missing inbox: one line, exit 2, the archive untouched")
    func newerAndMissing() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        _ = try work.run(URL(fileURLWithPath: "/usr/bin/sqlite3"),
                         [work.archive, "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')"])
        // Opening a pool writes a scratch table into an empty log (GRDB), so "as it was"
        // is the archive's content: its SQL dump.
        func dump() throws -> String {
            try work.run(URL(fileURLWithPath: "/usr/bin/sqlite3"), [work.archive, ".dump"]).stdout
        }
        let before = try dump()
        let newer = try work.daftar(["stats"])
        #expect(newer.status == 2)
        #expect(newer.stderrLines == ["daftar: error: \(work.archive): archive was written by a newer daftar; upgrade daftar to open it"])
        #expect(try dump() == before)
        #expect(try work.daftar(["import", work.path("nothing-here")]).status == 2, "nor does an import write to it")
        #expect(try dump() == before)

        let fresh = try Workspace()
        #expect(try fresh.daftar(["init"]).status == 0)
        let missing = try fresh.daftar(["import", "--inbox", fresh.path("nowhere"), "--done", fresh.path("done"),
                                        "--failed", fresh.path("failed")])
        #expect(missing.status == 2)
        #expect(missing.stderrLines == ["daftar: error: \(fresh.path("nowhere")): no such inbox folder"])
    }
}
