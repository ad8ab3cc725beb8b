import Foundation
import Testing

/// `daftar duplicates` and its resolutions through the built binary.
@Suite("duplicates end to end", .serialized)
struct DuplicatesEndToEndTests {
    struct Output: Decodable {
        struct Pair: Decodable { let first: Int64; let second: Int64; let rule: String }
        struct Group: Decodable { let type: String; let records: [Int64]; let pairs: [Pair] }
        struct PagePair: Decodable { let kind: String; let first: Int64; let second: Int64 }
        let records: [Group]
        let pages: [PagePair]
    }

    func list(_ work: Workspace, _ arguments: [String] = []) throws -> Output {
        let result = try work.daftar(["duplicates"] + arguments + ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
    }

    @Test("the rules propose records entered twice; decisions are kept, logged and respected")
    func proposeAndResolve() throws {
        let work = try SearchEndToEndTests.workspace()  // records 1-5 births, 6 a death
        let more = """
            type,page,act.number,act.date,act.office,child.surname,child.givenName,child.sex,mother.surname,mother.givenName,birth.date
            birth,1,201,22.03.1957,DSH-01,Джураев,Рустам,male,Джураева,Малика,13.03.1957
            birth,1,202,10.10.1962,KHT-01,Каримова,Лола,female,Каримова,Нигора,01.10.1962
            birth,1,203,10.10.1990,KHT-01,Каримов,Алишер,male,Каримова,Нигора,01.06.1990

            """
        try more.write(toFile: work.path("more.csv"), atomically: true, encoding: .utf8)
        #expect(try work.daftar(["records", "import", work.path("more.csv")]).status == 0)  // records 7, 8, 9
        try """
            type,page,act.number,act.date,act.office,deceased.surname,deceased.givenName,death.date
            death,1,301,12.10.1980,DSH-01,Yusupov,Jamshed,02.10.1980

            """.write(toFile: work.path("death.csv"), atomically: true, encoding: .utf8)
        #expect(try work.daftar(["records", "import", work.path("death.csv")]).status == 0)  // record 10

        let found = try list(work)
        let pairs = found.records.flatMap(\.pairs).map { [$0.first, $0.second] }
        #expect(pairs.contains([1, 7]), "the same birth keyed in Tajik and Russian letters, a day apart")
        #expect(pairs.contains([4, 8]), "two births to one mother four months apart")
        #expect(pairs.contains([6, 10]), "the same death in Cyrillic and Latin")
        #expect(!pairs.contains([4, 9]), "the same names 28 years later are different acts")
        #expect(found.records.first { $0.records == [1, 7] }?.pairs.first?.rule.hasPrefix("birth: similar child") == true)
        #expect(try list(work, ["--type", "death"]).records.map(\.records) == [[6, 10]])

        // Record 7 is record 1 keyed again; 8 is a different child of the same mother.
        #expect(try work.daftar(["duplicates", "resolve", "7", "--same-as", "1", "--reason", "same act, Russian spelling"]).status == 0)
        #expect(try work.daftar(["duplicates", "resolve", "8", "--not-duplicate", "4", "--reason", "a sibling"]).status == 0)
        let after = try list(work).records.flatMap(\.pairs).map { [$0.first, $0.second] }
        #expect(!after.contains([1, 7]) && !after.contains([4, 8]) && after.contains([6, 10]), "decided pairs are not proposed again")

        // The duplicate stays in the archive but leaves search, unless asked for.
        struct Hit: Decodable { let recordId: Int64 }
        func ids(_ arguments: [String]) throws -> Set<Int64> {
            Set(try JSONDecoder().decode([Hit].self, from: Data(try work.daftar(["search"] + arguments + ["--json"]).stdout.utf8))
                .map(\.recordId))
        }
        #expect(try ids(["Rustam"]) == [1])
        #expect(try ids(["Rustam", "--include-duplicates"]) == [1, 7])
        #expect(try work.daftar(["record", "show", "7"]).status == 0)
        let log = try work.daftar(["log", "--record", "7"])
        #expect(log.stdout.contains("duplicate-resolve"))
        #expect(try work.daftar(["duplicates", "resolve", "7", "--same-as", "7", "--reason", "x"]).status == 2)
        #expect(try work.daftar(["duplicates", "resolve", "7", "--same-as", "99", "--reason", "x"]).status == 2, "no record 99: a usage error, as record show")
        #expect(try work.daftar(["verify", "--audit"]).status == 0)
    }

    @Test("pages holding the same sheet are listed with the records")
    func pages() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        let scans = try work.generatePages(into: "scans", count: 1, kinds: "png")
        try FileManager.default.createDirectory(atPath: work.path("again"), withIntermediateDirectories: true)
        // The same file with a few bytes after its end: another SHA-256, the same pixels.
        #expect(try work.daftar(["import", scans[0]]).status == 0)
        #expect(try work.daftar(["export", "page", "1", "--original", "-o", work.path("again/copy.png")]).status == 0)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: work.path("again/copy.png")))
        bytes.append(contentsOf: [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])  // a second IEND chunk
        try bytes.write(to: URL(fileURLWithPath: work.path("again/copy.png")))
        _ = try work.daftar(["import", work.path("again/copy.png")])
        let found = try list(work)
        #expect(found.pages.map { [$0.first, $0.second] } == [[1, 2]] && found.pages.first?.kind == "exact")
    }
}
