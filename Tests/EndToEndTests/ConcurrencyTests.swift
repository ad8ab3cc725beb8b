import Archive
import Foundation
import Testing

/// One archive, several people: two imports, an operator keying records and a
/// registrar searching, as separate processes at once. Every one finishes, none
/// sees "database is locked", and everything each of them wrote is there.
@Suite("several users at once")
struct ConcurrencyTests {
    @Test("two importers, an operator adding records and searches run together without lock errors")
    func fourProcesses() throws {
        let work = try RecordEndToEndTests.workspace()  // one imported page (id 1), offices beside it
        let first = try work.generatePages(into: "a", count: 6, dpi: 100, kinds: "tiff-lzw,jpeg,png", seed: 21)
        let second = try work.generatePages(into: "b", count: 6, dpi: 100, kinds: "tiff-g4,png,multipage", seed: 22)
        let keyed = 15, searches = 15
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 4) { role in
            do {
                switch role {
                case 0: results.add("import a", [try work.daftar(["import", work.path("a")])])
                case 1: results.add("import b", [try work.daftar(["import", work.path("b")])])
                case 2:
                    results.add("record add", try (1...keyed).map { number in
                        try work.daftar(["record", "add"] + RecordEndToEndTests.birth.map {
                            $0 == "act.number=112" ? "act.number=\(1000 + number)" : $0
                        })
                    })
                default:
                    results.add("search", try (1...searches).map { _ in try work.daftar(["search", "Juraev", "--json"]) })
                }
            } catch {
                results.fail("\(role): \(error)")
            }
        }
        #expect(results.failures.isEmpty, "\(results.failures)")
        for (name, runs) in results.runs {
            for run in runs {
                #expect(run.status == 0, "\(name): exit \(run.status): \(run.stderr)")
                #expect(!run.stderr.contains("locked") && !run.stderr.contains("busy"), "\(name): \(run.stderr)")
            }
        }
        let store = try ArchiveStore.open(at: work.archive)
        #expect(try store.counts().sources == 1 + first.count + second.count)
        #expect(try store.records().count == keyed)
        #expect(try store.integrityCheck() == "ok")
        #expect(try work.daftar(["verify"]).status == 0)
        // The last search sees every keyed record.
        let found = try work.daftar(["search", "Juraev", "--json", "--limit", "50"]).stdout
        #expect(found.components(separatedBy: "\"recordId\"").count - 1 == keyed, "\(found)")
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var runs: [(String, [CommandResult])] = []
        private(set) var failures: [String] = []

        func add(_ name: String, _ results: [CommandResult]) { lock.withLock { runs.append((name, results)) } }
        func fail(_ message: String) { lock.withLock { failures.append(message) } }
    }
}
