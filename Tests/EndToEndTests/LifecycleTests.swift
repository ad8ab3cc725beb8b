import Foundation
import Testing

/// The record lifecycle through the built binary: verification by a second person,
/// edits after verification, duplicate decisions that keep one surviving record,
/// extracts only from checked acts, and the commands that used to answer "nothing"
/// where something was wrong.
@Suite("record lifecycle end to end", .serialized)
struct LifecycleTests {
    struct Shown: Decodable {
        let id: Int64
        let status: String
        let state: String
        let version: Int
        let verifiedBy: String?
        let changedAfterVerification: Bool
        let duplicateOf: Int64?
        let survivor: Int64?
        let pages: [Int64]
    }

    struct Hit: Decodable { let recordId: Int64 }

    static func show(_ work: Workspace, _ id: Int64) throws -> Shown {
        try JSONDecoder().decode(Shown.self, from: Data(try work.daftar(["record", "show", String(id), "--json"]).stdout.utf8))
    }

    static func search(_ work: Workspace, _ query: [String]) throws -> [Int64] {
        let result = try work.daftar(["search"] + query + ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode([Hit].self, from: Data(result.stdout.utf8)).map(\.recordId)
    }

    /// `daftar ARGS` as another operator (the workspace's own is e2e-tester).
    static func daftar(_ work: Workspace, as name: String, _ arguments: [String]) throws -> CommandResult {
        try work.run(Binaries.daftar, arguments + ["--operator", name, "--archive", work.archive])
    }

    /// Two birth records on page 1: record 1 and record 2 (the same act keyed again), and
    /// a death record 3 on the same page.
    static func twoKeyings() throws -> Workspace {
        let work = try RecordEndToEndTests.workspace()
        #expect(try work.daftar(["record", "add"] + RecordEndToEndTests.birth).status == 0)
        #expect(try work.daftar(["record", "add"] + RecordEndToEndTests.birth.map { $0 == "act.number=112" ? "act.number=113" : $0 }
                                + ["--confirm"]).status == 0)
        #expect(try work.daftar(["record", "add", "--type", "death", "--page", "1", "--set", "act.number=9",
                                 "--set", "act.date=1960-01-02", "--set", "act.office=DSH-03",
                                 "--set", "deceased.surname=Ҷӯраев", "--set", "deceased.givenName=Рустам", "--set", "deceased.sex=male",
                                 "--set", "death.date=1960-01-01"]).status == 0)
        return work
    }

    @Test("record verify: a second person verifies; the keying operator cannot; an edit makes it 'changed after verification' until verified again")
    func verifyAndEditAfterVerification() throws {
        let work = try Self.twoKeyings()
        let own = try work.daftar(["record", "verify", "1"])
        #expect(own.status == 1 && own.stderr.contains("e2e-tester keyed this record"), "\(own.stderr)")
        let verified = try Self.daftar(work, as: "registrar", ["record", "verify", "1", "--reason", "checked against page 14"])
        #expect(verified.status == 0 && verified.stdout.contains("record 1: verified (version 2)"), "\(verified.stderr)")
        var shown = try Self.show(work, 1)
        #expect(shown.state == "verified" && shown.verifiedBy == "registrar" && !shown.changedAfterVerification)

        let edited = try work.daftar(["record", "edit", "1", "--set", "child.givenName=Рустамҷон", "--reason", "spelling"])
        #expect(edited.status == 0 && edited.stdout.contains("changed after verification"), "\(edited.stdout)")
        shown = try Self.show(work, 1)
        #expect(shown.state == "keyed" && shown.changedAfterVerification && shown.verifiedBy == "registrar")
        let text = try work.daftar(["record", "show", "1"])
        #expect(text.stdout.contains("changed after verification"), "\(text.stdout)")
        // Not a keying waiting for a partner: reconcile does not list it.
        let report = try work.daftar(["reconcile", "--json"])
        #expect(!report.stdout.contains("\"id\":1,") && !report.stdout.contains("\"id\" : 1,"), "\(report.stdout)")
        // The editor cannot verify their own change; the registrar can.
        #expect(try work.daftar(["record", "verify", "1"]).status == 1)
        let again = try Self.daftar(work, as: "registrar", ["record", "verify", "1"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.show(work, 1).state == "verified")
    }

    @Test("a changed double keying: reconciled, edited, verified again; the merged keying never gets an extract")
    func doubleKeyedEditedAndVerified() throws {
        let work = try RecordEndToEndTests.workspace()
        #expect(try Self.daftar(work, as: "ana", ["record", "add", "--pass", "1"] + RecordEndToEndTests.birth).status == 0)
        #expect(try Self.daftar(work, as: "bob", ["record", "add", "--pass", "2"] + RecordEndToEndTests.birth.map {
            $0 == "child.surname=Ҷӯраев" ? "child.surname=Ҷураев" : $0
        }).status == 0)
        #expect(try work.daftar(["reconcile", "1", "--pick", "child.surname=1"]).status == 0)
        let merged = try work.daftar(["extract", "2", "-o", work.path("merged.pdf")])
        #expect(merged.status == 1 && merged.stderr.contains("merged into record 1"), "\(merged.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.path("merged.pdf")))
        #expect(try work.daftar(["extract", "1", "-o", work.path("one.pdf")]).status == 0)

        #expect(try Self.daftar(work, as: "ana", ["record", "edit", "1", "--set", "birth.place=Душанбе", "--reason", "margin"]).status == 0)
        let report = try work.daftar(["reconcile"])
        #expect(!report.stdout.contains("waiting"), "\(report.stdout)")
        let stale = try work.daftar(["extract", "1", "-o", work.path("two.pdf")])
        #expect(stale.status == 1 && stale.stderr.contains("verify it first"), "\(stale.stderr)")
        #expect(try Self.daftar(work, as: "ana", ["record", "verify", "1"]).status == 1, "ana edited it")
        #expect(try Self.daftar(work, as: "chief", ["record", "verify", "1"]).status == 0)
        #expect(try work.daftar(["extract", "1", "-o", work.path("two.pdf")]).status == 0)
    }

    @Test("duplicate decisions never lose an act: no cycles, no cross-type pairs, no silent reversals; undo restores")
    func duplicateDecisions() throws {
        let work = try Self.twoKeyings()
        let first = try work.daftar(["duplicates", "resolve", "2", "--same-as", "1", "--reason", "keyed twice"])
        #expect(first.status == 0, "\(first.stderr)")
        let cycle = try work.daftar(["duplicates", "resolve", "1", "--same-as", "2", "--reason", "the other way"])
        #expect(cycle.status == 1 && cycle.stderr.contains("record 2 is a duplicate of record 1"), "\(cycle.stderr)")
        #expect(cycle.stderr.split(separator: "\n").count == 1)
        // The act is still found, by name and by either act number.
        #expect(try Self.search(work, ["Ҷӯраев", "Рустам", "--type", "birth"]) == [1])
        #expect(try Self.search(work, ["112"]) == [1])
        #expect(try Self.search(work, ["113"]) == [1], "the duplicate's number leads to the survivor")
        let shown = try Self.show(work, 2)
        #expect(shown.state == "duplicate" && shown.duplicateOf == 1 && shown.survivor == 1)
        #expect(try work.daftar(["record", "show", "2"]).stdout.contains("duplicate of record 1"))

        let crossType = try work.daftar(["duplicates", "resolve", "3", "--same-as", "1", "--reason", "same name"])
        #expect(crossType.status == 1 && crossType.stderr.contains("death") && crossType.stderr.contains("birth"), "\(crossType.stderr)")

        // Undo, then "different acts", then "same" again only with --revise.
        let undone = try work.daftar(["duplicates", "undo", "2", "--reason", "wrong call"])
        #expect(undone.status == 0, "\(undone.stderr)")
        #expect(try Self.show(work, 2).state == "keyed")
        #expect(try Self.search(work, ["113"]) == [2])
        #expect(try work.daftar(["duplicates", "resolve", "2", "--not-duplicate", "1", "--reason", "twins"]).status == 0)
        let silent = try work.daftar(["duplicates", "resolve", "1", "--same-as", "2", "--reason", "no, the same"])
        #expect(silent.status == 1 && silent.stderr.contains("--revise"), "\(silent.stderr)")
        let revised = try work.daftar(["duplicates", "resolve", "1", "--same-as", "2", "--revise", "--reason", "no, the same"])
        #expect(revised.status == 0 && revised.stdout.contains("reverses decision"), "\(revised.stdout)")
        #expect(try Self.search(work, ["112"]) == [2])
        let history = try work.daftar(["record", "history", "1"])
        #expect(history.stdout.contains("duplicate-resolve") && history.stdout.contains("duplicate of record 2"), "\(history.stdout)")
        #expect(try work.daftar(["duplicates", "undo", "3", "--reason", "x"]).status == 1, "record 3 is no duplicate")

        // --same-as a duplicate means its survivor.
        #expect(try work.daftar(["record", "add"] + RecordEndToEndTests.birth.map { $0 == "act.number=112" ? "act.number=114" : $0 }
                                + ["--confirm"]).status == 0) // record 4
        let chained = try work.daftar(["duplicates", "resolve", "4", "--same-as", "1", "--reason", "third keying"])
        #expect(chained.status == 0 && chained.stdout.contains("duplicate of record 2"), "\(chained.stdout)")
    }

    @Test("extracts only from verified survivors with a page and a known office; --unverified says so on the paper")
    func extractGates() throws {
        let work = try Self.twoKeyings()
        let unverified = try work.daftar(["extract", "1", "-o", work.path("x.pdf")])
        #expect(unverified.status == 1 && unverified.stderr.contains("verify it first (`daftar record verify 1`)"), "\(unverified.stderr)")
        let marked = try work.daftar(["extract", "1", "-o", work.path("x.pdf"), "--unverified", "--lang", "ru"])
        #expect(marked.status == 0, "\(marked.stderr)")
        let text = try work.tool("pdftotext", ["-enc", "UTF-8", work.path("x.pdf"), "-"])
        #expect(text.stdout.contains("НЕ ПРОВЕРЕНО"), "\(text.stdout)")

        #expect(try work.daftar(["duplicates", "resolve", "2", "--same-as", "1", "--reason", "keyed twice"]).status == 0)
        let duplicate = try work.daftar(["extract", "2", "-o", work.path("d.pdf"), "--unverified"])
        #expect(duplicate.status == 1 && duplicate.stderr.contains("issue the extract of record 1"), "\(duplicate.stderr)")

        // No page; an office not in the list.
        #expect(try work.daftar(["record", "add", "--type", "death", "--set", "act.number=10", "--set", "act.date=1960-01-03",
                                 "--set", "act.office=DSH-03", "--set", "deceased.surname=Каримов",
                                 "--set", "deceased.givenName=Али", "--set", "death.date=1960-01-01"]).status == 0) // record 4
        #expect(try Self.daftar(work, as: "registrar", ["record", "verify", "4"]).status == 0)
        let pageless = try work.daftar(["extract", "4", "-o", work.path("p.pdf")])
        #expect(pageless.status == 1 && pageless.stderr.contains("no page"), "\(pageless.stderr)")
        #expect(try Self.daftar(work, as: "registrar", ["record", "verify", "3"]).status == 0)
        try "code,name\nDSH-01,Dushanbe\n".write(toFile: work.path("offices.csv"), atomically: true, encoding: .utf8)
        let office = try work.daftar(["extract", "3", "-o", work.path("o.pdf")])
        #expect(office.status == 1 && office.stderr.contains("DSH-03 is not in the offices list"), "\(office.stderr)")
    }

    @Test("issued extracts travel in bags: extract check works in the archive the bag was restored into")
    func extractsInBags() throws {
        let work = try Self.twoKeyings()
        #expect(try Self.daftar(work, as: "registrar", ["record", "verify", "1"]).status == 0)
        let issued = try work.daftar(["extract", "1", "-o", work.path("e.pdf")])
        #expect(issued.status == 0, "\(issued.stderr)")
        let code = try #require(ExtractTests.code(in: issued.stdout))
        #expect(try work.daftar(["bag", work.path("bag")]).status == 0)
        let restored = work.path("restored.sqlite")
        let imported = try work.run(Binaries.daftar, ["import-bag", work.path("bag"), "--archive", restored])
        #expect(imported.status == 0 && imported.stdout.contains("1 issued extract(s)"), "\(imported.stdout) \(imported.stderr)")
        let check = try work.run(Binaries.daftar, ["extract", "check", code, "--archive", restored])
        #expect(check.status == 0 && check.stdout.contains("unchanged"), "\(check.stdout) \(check.stderr)")
        let again = try work.run(Binaries.daftar, ["import-bag", work.path("bag"), "--archive", restored, "--json"])
        #expect(again.stdout.contains("\"extractsRestored\":0") || again.stdout.contains("\"extractsRestored\" : 0"), "\(again.stdout)")
    }

    @Test("filters that match nothing known are refused naming the known values")
    func unknownFilters() throws {
        let work = try Self.twoKeyings()
        for (arguments, named) in [(["search", "Ҷӯраев", "--type", "deth"], "birth"),
                                   (["search", "Ҷӯраев", "--role", "mom"], "mother"),
                                   (["search", "Ҷӯраев", "--office", "XX-99"], "DSH-01"),
                                   (["search", "Ҷӯраев", "--from", "1960", "--to", "1950"], "after --to"),
                                   (["export", "records", "--format", "csv", "--from", "1960", "--to", "1950"], "after --to"),
                                   (["export", "records", "--format", "csv", "--office", "XX-99"], "DSH-01"),
                                   (["records", "--type", "deth"], "birth"),
                                   (["records", "--status", "done"], "verified"),
                                   (["duplicates", "--type", "deth"], "birth")] {
            let result = try work.daftar(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(named), "\(arguments): \(result.stderr)")
        }
        #expect(try work.daftar(["search", "Ҷӯраев", "--from", "1957-03", "--to", "1957"]).status == 0)
    }

    @Test("stats counts acts: a double-keyed act and its merged keying once, a duplicate apart")
    func statsCountsActs() throws {
        let work = try RecordEndToEndTests.workspace()
        #expect(try Self.daftar(work, as: "ana", ["record", "add", "--pass", "1"] + RecordEndToEndTests.birth).status == 0)
        #expect(try Self.daftar(work, as: "bob", ["record", "add", "--pass", "2"] + RecordEndToEndTests.birth).status == 0)
        struct Stats: Decodable {
            let records: Int, acts: Int, mergedKeyings: Int, duplicates: Int, awaitingReconciliation: Int
            struct Group: Decodable { let count: Int }
            let recordGroups: [Group]
        }
        func stats() throws -> Stats { try JSONDecoder().decode(Stats.self, from: Data(try work.daftar(["stats", "--json"]).stdout.utf8)) }
        var counted = try stats()
        #expect(counted.records == 2 && counted.acts == 1 && counted.awaitingReconciliation == 1)
        #expect(try work.daftar(["reconcile", "--agreed"]).status == 0)
        #expect(try work.daftar(["record", "add"] + RecordEndToEndTests.birth + ["--confirm"]).status == 0) // record 3
        #expect(try work.daftar(["duplicates", "resolve", "3", "--same-as", "1", "--reason", "keyed again"]).status == 0)
        counted = try stats()
        #expect(counted.records == 3 && counted.acts == 1 && counted.mergedKeyings == 1 && counted.duplicates == 1)
        #expect(counted.recordGroups.map(\.count) == [1])
        let text = try work.daftar(["stats"])
        #expect(text.stdout.contains("acts: 1 (1 verified)"), "\(text.stdout)")
    }

    @Test("renormalize keeps a keyed page's id and records; a layout change moves them, logged; a failed file does not stop the ledger")
    func renormalizeWithRecords() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        let spread = Samples.path("book-1988-p040-041.jpg"), single = Samples.path("births-1957-p014.tif")
        let deaths = Samples.path("deaths-1962-p003.jpg")
        let imported = try work.daftar(["import", spread, single, deaths, "--ledger", "L", "--policy", Samples.path("policy.json")])
        #expect(imported.status == 0, "\(imported.stderr)")
        struct Page: Decodable { let id: Int64; let source: String; let part: Int }
        let pages = try JSONDecoder().decode([Page].self, from: Data(try work.daftar(["pages", "--json"]).stdout.utf8))
        let halves = pages.filter { $0.source.hasSuffix("p040-041.jpg") }
        #expect(halves.map(\.part) == [1, 2], "the sample spread is split")
        let singleId = try #require(pages.first { $0.source.hasSuffix("p014.tif") }?.id)
        #expect(try work.daftar(["record", "add", "--type", "birth", "--page", String(halves[1].id), "--set", "act.number=5",
                                 "--set", "act.date=2001-05-02", "--set", "act.office=DSH-01", "--set", "child.surname=Олимов", "--set", "child.givenName=Фарҳод", "--set", "child.sex=male",
                                 "--set", "mother.surname=Олимова", "--set", "mother.givenName=Зарина",
                                 "--set", "birth.date=2001-04-30"]).status == 0) // record 1, on the right half
        #expect(try work.daftar(["record", "add", "--type", "birth", "--page", String(singleId), "--set", "act.number=6",
                                 "--set", "act.date=1957-03-20", "--set", "act.office=DSH-01", "--set", "child.surname=Каримов", "--set", "child.givenName=Али", "--set", "child.sex=male",
                                 "--set", "mother.surname=Каримова", "--set", "mother.givenName=Лола",
                                 "--set", "birth.date=1957-03-12"]).status == 0) // record 2

        let same = try work.daftar(["renormalize", String(singleId), "--quality", "70", "--json"])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(try Self.show(work, 2).pages == [singleId])
        let rerun = try work.daftar(["renormalize", String(singleId), "--quality", "70"])
        #expect(rerun.status == 0 && rerun.stdout.contains("renormalized 0 file(s)") && rerun.stdout.contains("1 already built"),
                "\(rerun.stdout)")

        // The spread kept whole: record 1 moves to the whole page, and its history says so.
        let joined = try work.daftar(["renormalize", String(halves[0].id), "--split", "off"])
        #expect(joined.status == 0, "\(joined.stderr)")
        let whole = try JSONDecoder().decode([Page].self, from: Data(try work.daftar(["pages", "--json"]).stdout.utf8))
            .filter { $0.source.hasSuffix("p040-041.jpg") }
        #expect(whole.map(\.part) == [0])
        #expect(try Self.show(work, 1).pages == whole.map(\.id))
        let history = try work.daftar(["record", "history", "1"])
        #expect(history.stdout.contains("pages-moved") && history.stdout.contains("pages: \(halves[1].id) -> \(whole[0].id)"),
                "\(history.stdout)")
        // Split again: the record is on both halves (which one holds it cannot be told).
        #expect(try work.daftar(["renormalize", String(whole[0].id), "--split", "auto"]).status == 0)
        #expect(try Self.show(work, 1).pages.count == 2)

        // A damaged original fails its file alone: the ledger run goes on, sums up, and says so in JSON.
        let damaged = try work.tool("sqlite3", [work.archive, """
            UPDATE blob SET bytes = X'49492A00' WHERE sha256 = (SELECT sha256 FROM source WHERE name = 'deaths-1962-p003.jpg')
            """])
        #expect(damaged.status == 0, "\(damaged.stderr)")
        let ledger = try work.daftar(["renormalize", "--ledger", "L", "--color", "--json"])
        #expect(ledger.status == 1, "\(ledger.stderr)")
        struct Summary: Decodable {
            struct Failure: Decodable { let path: String }
            let sources: Int, unchanged: Int, failed: [Failure]
        }
        let summary = try JSONDecoder().decode(Summary.self, from: Data(ledger.stdout.utf8))
        #expect(summary.sources == 2 && summary.failed.count == 1 && summary.failed[0].path.hasSuffix("deaths-1962-p003.jpg"))
        #expect(ledger.stderr.contains("deaths-1962-p003.jpg"), "\(ledger.stderr)")
        // Run again, only the failed file is tried again.
        let finish = try work.daftar(["renormalize", "--ledger", "L", "--color", "--json"])
        let second = try JSONDecoder().decode(Summary.self, from: Data(finish.stdout.utf8))
        #expect(second.sources == 0 && second.unchanged == 2 && second.failed.count == 1)
    }
}
