import Archive
import Foundation
import Testing

/// `kill -9` in the middle of an import, then the same command again: every
/// file is archived exactly once and the archive is consistent.
@Suite("crash safety", .serialized)
struct CrashSafetyTests {
    /// Kills once this many files are committed, plus a few milliseconds, so the kill lands mid-batch.
    @Test("SIGKILL during import, re-run: every file exactly once, integrity ok",
          arguments: [(1, 0.0), (3, 0.15), (6, 0.05)])
    func killAndResume(afterCommits: Int, extraDelay: Double) throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        let files = try work.generatePages(into: "batch", count: 12, dpi: 100,
                                           kinds: "tiff-lzw,tiff-g4,jpeg,png,multipage", seed: 7)
        let process = try work.startDaftar(["import", work.path("batch")])
        let watcher = try ArchiveStore.open(at: work.archive)
        let deadline = Date().addingTimeInterval(120)
        while try watcher.counts().sources < afterCommits, process.isRunning, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        Thread.sleep(forTimeInterval: extraDelay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the import was killed before it finished")

        // What the killed run committed is complete and consistent.
        let afterKill = try ArchiveStore.open(at: work.archive)
        #expect(try afterKill.integrityCheck() == "ok")
        let committed = try afterKill.counts().sources
        #expect(committed < files.count)
        print("killed after \(afterCommits) commits + \(extraDelay) s with \(committed) of \(files.count) files committed")

        let rerun = try work.daftar(["import", work.path("batch"), "--json"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("\"duplicates\":\(committed)"))

        let store = try ArchiveStore.open(at: work.archive)
        #expect(try store.integrityCheck() == "ok")
        let pages = try store.pages()
        // Each file once: 12 sources, the two multi-page files with 2 pages each.
        #expect(Set(pages.map(\.sha256)).count == files.count)
        #expect(pages.count == files.count + 2)
        let sources = Set(pages.map(\.source))
        #expect(sources == Set(files))
        let events = try store.events()
        #expect(events.count == files.count)
        #expect(EventChain.firstBrokenEvent(in: events) == nil)
    }
}
