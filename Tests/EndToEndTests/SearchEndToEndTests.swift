import Foundation
import Testing

/// `daftar search` through the built binary: names across scripts and typos, act
/// numbers, filters and the JSON shape scripts read.
@Suite("search end to end", .serialized)
struct SearchEndToEndTests {
    struct Hit: Decodable {
        struct Person: Decodable { let role: String; let name: String }
        let recordId: Int64
        let score: Double
        let type: String
        let actNumber: String?
        let actDate: String?
        let office: String?
        let matched: Person?
        let pages: [Int64]
        let why: [String]
    }

    /// Births and deaths whose names are written in Tajik, Russian and Latin letters.
    static func workspace() throws -> Workspace {
        let work = try RecordEndToEndTests.workspace()
        let births = """
            type,page,act.number,act.date,act.office,child.surname,child.givenName,child.sex,mother.surname,mother.givenName,birth.date
            birth,1,101,20.03.1957,DSH-01,Ҷӯраев,Рустам,male,Ҷӯраева,Малика,12.03.1957
            birth,1,102,02.04.1957,DSH-01,Джураев,Фарход,male,Джураева,Гулнора,30.03.1957
            birth,1,103,05.05.1962,DSH-02,Juraev,Jamshed,male,Juraeva,Zulfiya,01.05.1962
            birth,1,104,06.06.1962,KHT-01,Каримов,Алишер,male,Каримова,Нигора,01.06.1962
            birth,1,105,07.07.1970,KHT-01,Абдуқаҳҳорзода,Маъмурҷон,male,Ӯлмасова,Мавҷуда,01.07.1970

            """
        try births.write(toFile: work.path("births.csv"), atomically: true, encoding: .utf8)
        #expect(try work.daftar(["records", "import", work.path("births.csv")]).status == 0)
        let deaths = """
            type,page,act.number,act.date,act.office,deceased.surname,deceased.givenName,death.date
            death,1,101,10.10.1980,DSH-01,Юсупов,Ҷамшед,01.10.1980

            """
        try deaths.write(toFile: work.path("deaths.csv"), atomically: true, encoding: .utf8)
        #expect(try work.daftar(["records", "import", work.path("deaths.csv")]).status == 0)
        return work
    }

    func search(_ work: Workspace, _ arguments: [String]) throws -> [Hit] {
        let result = try work.daftar(["search"] + arguments + ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode([Hit].self, from: Data(result.stdout.utf8))
    }

    @Test("a name finds its Tajik, Russian and Latin spellings; the spelling typed ranks first")
    func acrossScripts() throws {
        let work = try Self.workspace()
        let hits = try search(work, ["Джураева"])
        #expect(Set(hits.map(\.recordId)) == [1, 2, 3], "all three spellings of Juraeva/Juraev")
        #expect(hits.first?.recordId == 2, "the exact spelling first")
        #expect(hits.first?.why.contains { $0.contains("(exact)") } == true)
        #expect(hits.dropFirst().allSatisfy { $0.score < hits[0].score })
        let latin = try search(work, ["Abdukahhorzoda", "Mamurjon"])
        #expect(latin.map(\.recordId) == [5])
        #expect(latin.first?.matched?.role == "child" && latin.first?.matched?.name == "Абдуқаҳҳорзода Маъмурҷон")
        #expect(try search(work, ["Ulmasova"]).first?.matched?.role == "mother")
    }

    @Test("the words name one person, in any order: a child's surname with its mother's given name finds nobody")
    func onePerson() throws {
        let work = try Self.workspace()
        #expect(try search(work, ["Rustam", "Juraev"]).map(\.recordId) == [1], "given name first")
        let mother = try search(work, ["Juraeva", "Malika"])
        #expect(mother.map(\.recordId) == [1] && mother.first?.matched?.role == "mother")
        #expect(try search(work, ["Juraev", "Malika", "--role", "child"]).isEmpty, "Malika is the mother, not the child")
        #expect(try search(work, ["Rustam", "Malika"]).isEmpty, "two people's given names are not one person")
        let typo = try search(work, ["Juraev", "Rustan"])
        #expect(typo.map(\.recordId) == [1] && typo.first?.why.contains { $0.contains("1 typo") } == true)
        // The exact spelling, then folded spellings, then a person matched with a typo.
        let ranked = try search(work, ["Джураев"])
        #expect(ranked.first?.recordId == 2 && ranked.map(\.score) == ranked.map(\.score).sorted(by: >))
    }

    @Test("typos: one for 4-6 letters, two from 7; none for shorter words")
    func typos() throws {
        let work = try Self.workspace()
        #expect(try search(work, ["Karimof"]).map(\.recordId) == [4], "one typo in a 7-letter name")
        let two = try search(work, ["Abdukaharzade"])
        #expect(two.map(\.recordId) == [5], "two edits in a long name")
        #expect(two.first?.why.first?.contains("typo") == true)
        #expect(try search(work, ["Rustan"]).map(\.recordId) == [1])
        #expect(try search(work, ["Rsutam"]).isEmpty, "a transposition is two edits: too many for 6 letters")
    }

    @Test("act numbers and filters: type, office, dates at any precision, role")
    func filters() throws {
        let work = try Self.workspace()
        #expect(Set(try search(work, ["101"]).map(\.recordId)) == [1, 6], "act 101 is a birth and a death")
        #expect(try search(work, ["101", "--type", "death"]).map(\.recordId) == [6])
        #expect(try search(work, ["Juraev", "--from", "1962"]).map(\.recordId) == [3])
        #expect(Set(try search(work, ["Juraev", "--to", "04.1957"]).map(\.recordId)) == [1, 2])
        #expect(try search(work, ["Juraev", "--office", "DSH-02"]).map(\.recordId) == [3])
        #expect(try search(work, ["Jamshed", "--role", "deceased"]).map(\.recordId) == [6])
        #expect(Set(try search(work, ["Jamshed"]).map(\.recordId)) == [3, 6])
        #expect(try search(work, ["Juraev", "101"]).map(\.recordId) == [1], "a name and an act number together")
        let table = try work.daftar(["search", "Каримов"])
        #expect(table.stdout.contains("child: Каримов Алишер") && table.stdout.contains("1 record(s)"))
        #expect(try work.daftar(["search", "--from", "1957-02-30", "x"]).status == 2)
    }

    @Test("an edit re-indexes the record; drafts and merged keyings are not found")
    func indexFollowsEdits() throws {
        let work = try Self.workspace()
        #expect(try work.daftar(["record", "edit", "4", "--set", "child.surname=Назаров", "--reason", "misread"]).status == 0)
        #expect(try search(work, ["Karimov", "--role", "child"]).isEmpty)
        #expect(try search(work, ["Nazarov"]).map(\.recordId) == [4])
        #expect(try search(work, ["Karimova"]).map(\.recordId) == [4], "the mother keeps her name")
    }
}
