import Testing
@testable import Registry

@Suite("Duplicate rules")
struct DuplicateRulesTests {
    let rules = DuplicateRules.standard

    func date(_ text: String) -> PartialDate {
        guard case .date(let date) = DateReading(text) else { fatalError("test date \(text)") }
        return date
    }

    func birth(_ id: Int64, child: (String, String), born: String, mother: (String, String), motherBorn: String? = nil)
        -> DuplicateCandidate {
        var dates = ["birth.date": date(born)]
        if let motherBorn { dates["mother.birthDate"] = date(motherBorn) }
        return DuplicateCandidate(recordId: id, type: "birth",
                                  names: ["child": .init(surname: NameFolding.fold(child.0), givenName: NameFolding.fold(child.1)),
                                          "mother": .init(surname: NameFolding.fold(mother.0), givenName: NameFolding.fold(mother.1))],
                                  dates: dates)
    }

    @Test("the thresholds are data: 3 days for one birth, 270 for two to one mother, 3 days and a year for a death")
    func thresholds() {
        #expect(rules.birthSameChildMaxDays == 3 && rules.birthSameMotherMaxDays == 270)
        #expect(rules.deathSameDeathMaxDays == 3 && rules.deathBirthMaxYears == 1)
    }

    @Test("one birth keyed twice: another script, a typo, dates a few days apart")
    func sameBirth() {
        let a = birth(1, child: ("Ҷӯраев", "Рустам"), born: "1957-03-12", mother: ("Ҷӯраева", "Малика"))
        let b = birth(2, child: ("Джураев", "Рустан"), born: "1957-03-14", mother: ("Juraeva", "Malika"))
        #expect(rules.match(a, b)?.hasPrefix("birth: similar child") == true)
        let later = birth(3, child: ("Джураев", "Рустам"), born: "1957-03-20", mother: ("Juraeva", "Malika"))
        #expect(rules.match(a, later) == nil, "eight days apart, the same mother: neither one birth nor a plausible second")
        let otherMother = birth(4, child: ("Ҷӯраев", "Рустам"), born: "1957-03-12", mother: ("Каримова", "Нигора"))
        #expect(rules.match(a, otherMother) == nil, "a namesake born the same day to another mother")
        #expect(Set(rules.blockingKeys(of: a)).intersection(rules.blockingKeys(of: b)).isEmpty == false,
                "a pair the rules match shares a block")
    }

    @Test("two births to one mother too close together; twins and a year apart are not proposed")
    func sameMother() {
        let first = birth(1, child: ("Каримов", "Алишер"), born: "1962-06-01", mother: ("Каримова", "Нигора"), motherBorn: "1935-01-01")
        let soon = birth(2, child: ("Каримова", "Лола"), born: "1962-10-01", mother: ("Каримова", "Нигора"), motherBorn: "1935-01-01")
        #expect(rules.match(first, soon)?.hasPrefix("birth: same mother") == true)
        let twin = birth(3, child: ("Каримова", "Лола"), born: "1962-06-01", mother: ("Каримова", "Нигора"), motherBorn: "1935-01-01")
        #expect(rules.match(first, twin) == nil)
        let year = birth(4, child: ("Каримова", "Лола"), born: "1963-08-01", mother: ("Каримова", "Нигора"), motherBorn: "1935-01-01")
        #expect(rules.match(first, year) == nil)
        let namesake = birth(5, child: ("Каримова", "Лола"), born: "1962-10-01", mother: ("Каримова", "Нигора"), motherBorn: "1940-05-05")
        #expect(rules.match(first, namesake) == nil, "a mother of the same name born another day is another woman")
    }

    @Test("a death keyed twice, unless the two were born years apart")
    func sameDeath() {
        func death(_ id: Int64, _ name: (String, String), died: String, born: String) -> DuplicateCandidate {
            DuplicateCandidate(recordId: id, type: "death",
                               names: ["deceased": .init(surname: NameFolding.fold(name.0), givenName: NameFolding.fold(name.1))],
                               dates: ["death.date": date(died), "deceased.birthDate": date(born)])
        }
        let a = death(1, ("Юсупов", "Ҷамшед"), died: "1980-10-01", born: "1920-02-02")
        #expect(rules.match(a, death(2, ("Yusupov", "Jamshed"), died: "1980-10-02", born: "1920-02-02")) != nil)
        #expect(rules.match(a, death(3, ("Yusupov", "Jamshed"), died: "1980-10-02", born: "1923-02-02")) == nil)
    }

    @Test("a record's folded names and dates survive the short form kept beside it")
    func encodedKey() throws {
        let values = ["child.surname": "Ҷӯраев", "child.givenName": "Рустам", "mother.surname": "Ҷӯраева",
                      "mother.givenName": "Малика", "birth.date": "1957-03-12"]
        let candidate = DuplicateCandidate(recordId: 7, type: "birth", values: { values[$0] })
        #expect(candidate.encoded == "juraev/rustam|juraev/malika|1957-03-12|")
        let encoded = try #require(candidate.encoded)
        let back = try #require(DuplicateCandidate(recordId: 7, type: "birth", encoded: encoded))
        #expect(back == candidate)
        #expect(DuplicateCandidate(recordId: 1, type: "birth", values: { _ in nil }).encoded == nil, "nothing to compare")
        #expect(DuplicateCandidate(recordId: 1, type: "birth", encoded: "juraev|x") == nil, "a key of another shape")
    }
}
