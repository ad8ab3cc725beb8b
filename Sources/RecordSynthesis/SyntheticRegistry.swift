import Foundation
import Synthesis

/// A reproducible stream of synthetic birth and death records with realistic Tajik
/// and Russian names in mixed scripts, and planted variants whose right answers are
/// known: records written in another script or with a clerk's typo (for search), and
/// acts entered twice (for the duplicate scan).
public struct SyntheticRegistry: Sendable {
    /// One generated record: its fields as a manifest row gives them, and its person's
    /// name in Tajik spelling (what a searcher would type).
    public struct Record: Sendable {
        public let type: String
        public let fields: [String: String]
        /// Surname, given name, patronymic of the child or the deceased, in Tajik letters.
        public let canonicalName: [String]
        /// How the record's names were written, and whether a typo was planted.
        public let spelling: Spelling
        public let typo: Bool
        /// For a planted duplicate: the index of the record it repeats.
        public let duplicateOf: Int?
    }

    public let count: Int
    public let seed: UInt64
    public static let offices = ["DSH-01", "DSH-02", "DSH-03", "DSH-04", "SGD-01", "KHT-01", "KHT-02", "KLB-01", "GBA-01", "RRP-01"]

    public init(count: Int, seed: UInt64 = 1) {
        self.count = count
        self.seed = seed
    }

    /// The records, in order; a planted duplicate follows within a few hundred records of its original.
    public func records() -> [Record] {
        var random = SeededRandom(seed: seed)
        var records: [Record] = []
        records.reserveCapacity(count)
        var actNumbers: [String: Int] = [:]
        while records.count < count {
            // About 2 % of acts are entered a second time, a little later, by another clerk.
            if records.count > 100, random.chance(0.02) {
                let original = records.count - 1 - random.below(min(records.count - 1, 300))
                if records[original].duplicateOf == nil {
                    records.append(duplicate(of: records[original], index: original, random: &random, numbers: &actNumbers))
                    continue
                }
            }
            records.append(random.chance(0.75) ? birth(&random, &actNumbers) : death(&random, &actNumbers))
        }
        return records
    }

    func surname(_ random: inout SeededRandom, female: Bool) -> String {
        if random.chance(0.06) { return NameBook.russianSurnames.randomElement(using: &random)! + (female ? "а" : "") }
        let root = NameBook.surnameRoots.randomElement(using: &random)!
        if random.chance(0.25) { return root + "зода" }
        let base = root.hasSuffix("ӣ") ? String(root.dropLast()) + "иев"
            : "аоеиуӯ".contains(root.last!) ? root + "ев" : root + "ов"
        return base + (female ? "а" : "")
    }

    func patronymic(of father: String, female: Bool) -> String {
        let vowelEnd = "аоеиуӯӣ".contains(father.last!)
        let stem = vowelEnd ? String(father.dropLast()) + (father.hasSuffix("ӣ") ? "и" : "") : father
        return stem + (vowelEnd ? (female ? "евна" : "евич") : (female ? "овна" : "ович"))
    }

    func date(_ random: inout SeededRandom, years: ClosedRange<Int>) -> (Int, Int, Int) {
        (Int.random(in: years, using: &random), Int.random(in: 1...12, using: &random), Int.random(in: 1...28, using: &random))
    }

    static func iso(_ date: (Int, Int, Int)) -> String { String(format: "%04d-%02d-%02d", date.0, date.1, date.2) }

    static func shifted(_ date: (Int, Int, Int), days: Int) -> (Int, Int, Int) {
        var (year, month, day) = date
        day += days
        if day > 28 { day -= 28; month += 1 }
        if day < 1 { day += 28; month -= 1 }
        if month > 12 { month = 1; year += 1 }
        if month < 1 { month = 12; year -= 1 }
        return (year, month, day)
    }

    func actNumber(_ office: String, _ year: Int, _ type: String, _ numbers: inout [String: Int]) -> String {
        let key = "\(office) \(year) \(type)"
        numbers[key, default: 0] += 1
        return String(numbers[key]!)
    }

    func spelling(_ random: inout SeededRandom) -> Spelling {
        let roll = random.below(100)
        return roll < 60 ? .tajik : roll < 90 ? .russian : .latin
    }

    func birth(_ random: inout SeededRandom, _ numbers: inout [String: Int]) -> Record {
        let female = random.chance(0.5)
        let family = surname(&random, female: false)
        let childSurname = female && family.hasSuffix("в") ? family + "а" : family
        let given = (female ? NameBook.femaleNames : NameBook.maleNames).randomElement(using: &random)!
        let father = NameBook.maleNames.randomElement(using: &random)!
        let born = date(&random, years: 1950...2010)
        let motherBorn = date(&random, years: (born.0 - 40)...(born.0 - 18))
        let office = Self.offices.randomElement(using: &random)!
        let registered = Self.shifted(born, days: Int.random(in: 1...20, using: &random))
        let mother = (surname(&random, female: true), NameBook.femaleNames.randomElement(using: &random)!,
                      patronymic(of: NameBook.maleNames.randomElement(using: &random)!, female: true))
        let canonical = [childSurname, given, patronymic(of: father, female: female)]
        let script = spelling(&random), typo = random.chance(0.05)
        var names = canonical.map { script.write($0, dropHardSign: true) }
        if typo {
            let which = random.below(2)
            names[which] = misspell(names[which], &random)
        }
        let fields = [
            "act.number": actNumber(office, registered.0, "birth", &numbers), "act.date": Self.iso(registered), "act.office": office,
            "child.surname": names[0], "child.givenName": names[1], "child.patronymic": names[2], "child.sex": female ? "female" : "male",
            "birth.date": Self.iso(born),
            "mother.surname": script.write(mother.0), "mother.givenName": script.write(mother.1),
            "mother.patronymic": script.write(mother.2), "mother.birthDate": Self.iso(motherBorn),
            "father.surname": script.write(family), "father.givenName": script.write(father),
        ]
        return Record(type: "birth", fields: fields, canonicalName: canonical, spelling: script, typo: typo, duplicateOf: nil)
    }

    func death(_ random: inout SeededRandom, _ numbers: inout [String: Int]) -> Record {
        let female = random.chance(0.5)
        let family = surname(&random, female: female)
        let given = (female ? NameBook.femaleNames : NameBook.maleNames).randomElement(using: &random)!
        let father = NameBook.maleNames.randomElement(using: &random)!
        let born = date(&random, years: 1900...1990)
        let died = date(&random, years: (born.0 + 1)...min(born.0 + 95, 2020))
        let office = Self.offices.randomElement(using: &random)!
        let registered = Self.shifted(died, days: Int.random(in: 1...10, using: &random))
        let canonical = [family, given, patronymic(of: father, female: female)]
        let script = spelling(&random), typo = random.chance(0.05)
        var names = canonical.map { script.write($0, dropHardSign: true) }
        if typo { names[0] = misspell(names[0], &random) }
        let fields = [
            "act.number": actNumber(office, registered.0, "death", &numbers), "act.date": Self.iso(registered), "act.office": office,
            "deceased.surname": names[0], "deceased.givenName": names[1], "deceased.patronymic": names[2],
            "deceased.sex": female ? "female" : "male", "deceased.birthDate": Self.iso(born), "death.date": Self.iso(died),
        ]
        return Record(type: "death", fields: fields, canonicalName: canonical, spelling: script, typo: typo, duplicateOf: nil)
    }

    /// The same act keyed again: another script (or a typo), the event date a day or two
    /// off, a new act number and date.
    func duplicate(of original: Record, index: Int, random: inout SeededRandom, numbers: inout [String: Int]) -> Record {
        let script = Spelling.allCases.filter { $0 != original.spelling }.randomElement(using: &random)!
        var fields = original.fields
        let person = original.type == "birth" ? "child" : "deceased"
        for (part, name) in zip(["surname", "givenName", "patronymic"], original.canonicalName) {
            fields["\(person).\(part)"] = script.write(name, dropHardSign: true)
        }
        if original.type == "birth" && original.spelling == .tajik {
            for part in ["surname", "givenName", "patronymic"] {
                fields["mother.\(part)"] = fields["mother.\(part)"].map { script.write($0, dropHardSign: true) }
            }
        }
        let eventKey = original.type == "birth" ? "birth.date" : "death.date"
        let event = fields[eventKey]!.split(separator: "-").compactMap { Int($0) }
        let moved = Self.shifted((event[0], event[1], event[2]), days: Int.random(in: -2...2, using: &random))
        fields[eventKey] = Self.iso(moved)
        let registered = Self.shifted(moved, days: Int.random(in: 3...25, using: &random))
        fields["act.date"] = Self.iso(registered)
        fields["act.number"] = actNumber(fields["act.office"]!, registered.0, original.type, &numbers)
        return Record(type: original.type, fields: fields, canonicalName: original.canonicalName, spelling: script,
                      typo: false, duplicateOf: index)
    }

    /// One letter of a word replaced by one a clerk could confuse with it, or dropped
    /// (a letter written with one Latin letter, so the typo stays one edit once folded).
    func misspell(_ word: String, _ random: inout SeededRandom) -> String {
        var letters = Array(word)
        guard letters.count >= 5 else { return word }
        let inner = Array(1..<(letters.count - 1))
        let confusable = inner.filter { Self.confusions[letters[$0]] != nil }
        if let position = confusable.randomElement(using: &random), random.chance(0.7) {
            letters[position] = Self.confusions[letters[position]]!
        } else if let position = inner.filter({ "бвгдзиклмнопрстуфaeioubdgklmnprstv".contains(letters[$0]) }).randomElement(using: &random) {
            letters.remove(at: position)
        }
        return String(letters)
    }

    static let confusions: [Character: Character] = ["а": "о", "о": "а", "и": "е", "е": "и", "у": "о", "т": "п", "н": "м", "м": "н",
                                                  "a": "o", "o": "a", "i": "e", "e": "i", "u": "o", "t": "p", "n": "m", "m": "n",
                                                  "р": "л", "л": "р", "r": "l", "l": "r", "с": "з", "з": "с", "s": "z", "z": "s"]
}

extension SeededRandom {
    /// True with this probability.
    mutating func chance(_ probability: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < probability }

    /// A whole number from 0 up to (not including) `bound`.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
}
