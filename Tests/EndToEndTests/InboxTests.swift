import Archive
import Foundation
import Testing

/// `daftar import --inbox` as a cron job runs it: settled files are imported and
/// moved on, new ones wait, rejected ones go to `failed` with the reason, one import
/// at a time, and `kill -9` at any moment loses or doubles nothing.
@Suite("hot-folder imports", .serialized)
struct InboxTests {
    /// The generated pages, moved into `inbox` (their truth.tsv stays behind).
    func fillInbox(_ work: Workspace, count: Int, seed: Int) throws -> (inbox: String, files: [String: Data]) {
        let generated = try work.generatePages(into: "generated", count: count, dpi: 100,
                                               kinds: "tiff-lzw,tiff-g4,jpeg,png,multipage", seed: seed)
        let inbox = try work.makeFolder("inbox")
        var files: [String: Data] = [:]
        for path in generated {
            let name = (path as NSString).lastPathComponent
            files[name] = try Data(contentsOf: URL(fileURLWithPath: path))
            try FileManager.default.moveItem(atPath: path, toPath: inbox + "/" + name)
        }
        return (inbox, files)
    }

    func inboxArguments(_ work: Workspace, _ extra: [String] = []) -> [String] {
        ["import", "--inbox", work.path("inbox"), "--done", work.path("done"), "--failed", work.path("failed")] + extra
    }

    func names(in folder: String) -> Set<String> {
        Set((try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? [])
    }

    @Test("settled files move to done once archived, broken ones to failed with the reason, new ones wait")
    func movesFiles() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        let (inbox, files) = try fillInbox(work, count: 3, seed: 3)
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: inbox + "/broken.tif"))
        let old = Date().addingTimeInterval(-60)
        for name in names(in: inbox) {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: inbox + "/" + name)
        }
        try files.values.first!.write(to: URL(fileURLWithPath: inbox + "/still-scanning.tif"))  // just written

        let first = try work.daftar(inboxArguments(work, ["--json", "--log", work.path("cron.log")]))
        #expect(first.status == 1, "a file was rejected")
        // Not on a terminal (cron): no progress bar, no colour or cursor codes, plain lines.
        #expect(!first.stderr.contains("\u{1B}") && !first.stderr.contains("\r"), "\(first.stderr)")
        #expect(first.stdout.contains(#""inbox":{"done":3,"failed":1,"left":[""#), "\(first.stdout)")
        #expect(names(in: inbox) == ["still-scanning.tif"], "the file written just now waits for the next run")
        #expect(names(in: work.path("done")) == Set(files.keys))
        for (name, bytes) in files {
            #expect(try Data(contentsOf: URL(fileURLWithPath: work.path("done/" + name))) == bytes, "\(name) moved whole")
        }
        #expect(names(in: work.path("failed")) == ["broken.tif", "broken.tif.error.txt"])
        let reason = try String(contentsOfFile: work.path("failed/broken.tif.error.txt"), encoding: .utf8)
        #expect(reason == "broken.tif: not a TIFF, PNG or JPEG file\n")
        let log = try String(contentsOfFile: work.path("cron.log"), encoding: .utf8)
        #expect(log.contains("rejected \(inbox)/broken.tif: not a TIFF, PNG or JPEG file"))
        #expect(log.contains("left \(inbox)/still-scanning.tif: written less than 10 s ago"))
        #expect(try ArchiveStore.open(at: work.archive).counts().sources == 3)

        // The next night: the waiting file has settled; it is the same scan as one archived.
        let second = try work.daftar(inboxArguments(work, ["--settle", "0"]))
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("0 file(s)") && second.stdout.contains("1 already archived"), "\(second.stdout)")
        #expect(names(in: inbox).isEmpty)
        #expect(names(in: work.path("done")).contains("still-scanning.tif"))
        #expect(try ArchiveStore.open(at: work.archive).counts().sources == 3)
    }

    @Test("a second inbox import exits 3 while one runs, waits with --wait, and takes over a dead one's lock")
    func oneAtATime() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        _ = try fillInbox(work, count: 2, seed: 5)
        // A stale lock file from a process that died holds no lock: it is taken over.
        try Data("pid 999999 since 2026-01-01T00:00:00Z\n".utf8).write(to: URL(fileURLWithPath: work.archive + ".import-lock"))

        // Another import (this test) holds the lock.
        let descriptor = open(work.archive + ".import-lock", O_RDWR)
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        let busy = try work.daftar(inboxArguments(work, ["--settle", "0"]))
        #expect(busy.status == 3)
        #expect(busy.stderrLines.count == 1 && busy.stderr.contains("another import holds this archive"), "\(busy.stderr)")
        #expect(names(in: work.path("inbox")).count == 2, "nothing was touched")

        // Let go after a second: a run told to wait gets the lock and imports.
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) { flock(descriptor, LOCK_UN); close(descriptor) }
        let waited = try work.daftar(inboxArguments(work, ["--settle", "0", "--wait", "30"]))
        #expect(waited.status == 0, "\(waited.stderr)")
        #expect(names(in: work.path("inbox")).isEmpty)
        let mode = try FileManager.default.attributesOfItem(atPath: work.archive + ".import-lock")[.posixPermissions] as? Int
        #expect(mode == 0o640)
    }

    /// SIGKILL at random moments, again and again, then the same command to the end.
    @Test("kill -9 at random moments, then the same command: every file imported and moved exactly once")
    func killedAgainAndAgain() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        let (_, files) = try fillInbox(work, count: 12, seed: 11)
        var generator = SystemRandomNumberGenerator()
        var kills = 0, movedAtKills: [Int] = []
        for _ in 0..<8 {
            let process = try work.startDaftar(inboxArguments(work, ["--settle", "0"]))
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...1.2, using: &generator))
            guard process.isRunning else { process.waitUntilExit(); break }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            kills += 1
            // Whatever the moment, each file is in the inbox or in done, whole, never in both.
            let inbox = names(in: work.path("inbox")), done = names(in: work.path("done"))
            #expect(inbox.isDisjoint(with: done), "after kill \(kills)")
            #expect(inbox.union(done) == Set(files.keys), "after kill \(kills): \(inbox) + \(done)")
            #expect(try ArchiveStore.open(at: work.archive).integrityCheck() == "ok")
            movedAtKills.append(done.count)
        }
        print("killed \(kills) inbox imports; files in done at each kill: \(movedAtKills)")
        let last = try work.daftar(inboxArguments(work, ["--settle", "0", "--json"]))
        #expect(last.status == 0, "\(last.stderr)")
        #expect(names(in: work.path("inbox")).isEmpty)
        #expect(names(in: work.path("done")) == Set(files.keys), "no partial copies, nothing twice")
        for (name, bytes) in files {
            #expect(try Data(contentsOf: URL(fileURLWithPath: work.path("done/" + name))) == bytes)
        }
        let store = try ArchiveStore.open(at: work.archive)
        #expect(try store.counts().sources == files.count, "each file archived once")
        #expect(Set(try store.pages().map(\.sha256)).count == files.count)
        let verify = try work.daftar(["verify", "--audit"])
        #expect(verify.status == 0, "\(verify.stderr)")
    }
}
