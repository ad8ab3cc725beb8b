import Foundation

/// A record as the duplicate rules see it: folded names by role and the dates that matter.
public struct DuplicateCandidate: Sendable, Equatable {
    public let recordId: Int64
    public let type: String
    /// Folded surname and given name by role (`child` → ("juraev", "rustam")).
    public let names: [String: PersonName]
    /// Dates by field key (`birth.date`, `deceased.birthDate` …).
    public let dates: [String: PartialDate]

    public struct PersonName: Sendable, Equatable {
        public let surname: String
        public let givenName: String

        public init(surname: String, givenName: String) {
            self.surname = surname
            self.givenName = givenName
        }
    }

    public init(recordId: Int64, type: String, names: [String: PersonName], dates: [String: PartialDate]) {
        self.recordId = recordId
        self.type = type
        self.names = names
        self.dates = dates
    }
}

extension DuplicateCandidate {
    /// What the rules compare of a record, from its field values; names are folded here
    /// unless `folded` has them folded already (by key).
    public init(recordId: Int64, type: String, values: (String) -> String?, folded: ((String) -> String?)? = nil) {
        func name(_ key: String) -> String? {
            if let folded { return folded(key) }
            return values(key).map(NameFolding.fold)
        }
        var names: [String: PersonName] = [:]
        for role in DuplicateRules.names(for: type) {
            if let surname = name("\(role).surname"), let given = name("\(role).givenName") {
                names[role] = PersonName(surname: surname, givenName: given)
            }
        }
        var dates: [String: PartialDate] = [:]
        for key in DuplicateRules.dates(for: type) {
            if let text = values(key), case .date(let date) = DateReading(text) { dates[key] = date }
        }
        self.init(recordId: recordId, type: type, names: names, dates: dates)
    }

    /// The names and dates in one short line, in the order the type's rules list them
    /// (`juraev/rustam|nazarov/malika|1957-03-02|`): what the archive keeps beside each
    /// record so that a scan reads no record and folds no name. Nil when there is nothing.
    public var encoded: String? {
        Self.encoded(type: type, name: { names[$0].map { ($0.surname, $0.givenName) } }, date: { dates[$0] })
    }

    /// `encoded` of the candidate `init(recordId:type:values:folded:)` would make, without
    /// making it (a load encodes a million): names folded by field key, values by key.
    public static func encoded(type: String, values: (String) -> String?, folded: (String) -> String?) -> String? {
        encoded(type: type, name: { role in
            guard let surname = folded(role + ".surname"), let given = folded(role + ".givenName") else { return nil }
            return (surname, given)
        }, date: { key in
            guard let text = values(key), case .date(let date) = DateReading(text) else { return nil }
            return date
        })
    }

    private static func encoded(type: String, name: (String) -> (String, String)?, date: (String) -> PartialDate?) -> String? {
        var line = "", empty = true
        for (index, role) in DuplicateRules.names(for: type).enumerated() {
            if index > 0 { line += "|" }
            if let (surname, given) = name(role) {
                line += surname + "/" + given
                empty = false
            }
        }
        for key in DuplicateRules.dates(for: type) {
            line += "|"
            if let date = date(key) {
                line += date.description
                empty = false
            }
        }
        return empty ? nil : line
    }

    /// A candidate read back from `encoded`.
    public init?(recordId: Int64, type: String, encoded: String) {
        let roles = DuplicateRules.names(for: type), dateKeys = DuplicateRules.dates(for: type)
        let parts = encoded.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == roles.count + dateKeys.count else { return nil }
        var names: [String: PersonName] = [:], dates: [String: PartialDate] = [:]
        for (role, part) in zip(roles, parts) where !part.isEmpty {
            let name = part.split(separator: "/", omittingEmptySubsequences: false)
            guard name.count == 2 else { return nil }
            names[role] = PersonName(surname: String(name[0]), givenName: String(name[1]))
        }
        for (key, part) in zip(dateKeys, parts.dropFirst(roles.count)) where !part.isEmpty {
            guard case .date(let date) = DateReading(String(part)) else { return nil }
            dates[key] = date
        }
        self.init(recordId: recordId, type: type, names: names, dates: dates)
    }
}

/// The rules that propose two records as one act entered twice, in the spirit of
/// OpenCRVS's deduplication: a birth with a similar child, birth date and mother; two
/// births to the same mother too close together; a death of a similar person on about
/// the same day; the same couple married twice. Thresholds are data
/// (`Resources/duplicate-rules.json`).
public struct DuplicateRules: Sendable, Codable, Equatable {
    public var birthSameChildMaxDays: Int
    public var birthSameMotherMaxDays: Int
    public var deathSameDeathMaxDays: Int
    public var deathBirthMaxYears: Int

    /// The rules shipped with daftar.
    public static let standard: DuplicateRules = {
        guard let url = Bundle.module.url(forResource: "duplicate-rules", withExtension: "json"),
              let data = try? Data(contentsOf: url),
              let rules = try? JSONDecoder().decode(DuplicateRules.self, from: data) else {
            fatalError("daftar's duplicate rules (duplicate-rules.json) are missing or invalid")
        }
        return rules
    }()

    /// The roles, fields and blocking keys a type's rules use.
    public static func names(for type: String) -> [String] {
        switch type {
        case "birth": ["child", "mother"]
        case "death": ["deceased"]
        case "marriage", "divorce": ["husband", "wife"]
        default: ["person"]
        }
    }

    public static func dates(for type: String) -> [String] {
        switch type {
        case "birth": ["birth.date", "mother.birthDate"]
        case "death": ["death.date", "deceased.birthDate"]
        case "marriage", "divorce": ["act.date"]
        default: ["person.birthDate"]
        }
    }

    /// Keys that put records which could be duplicates in one block; pairs are only
    /// looked for inside blocks. Several keys per record, so that a typo in one name
    /// still leaves the pair a block in common.
    public func blockingKeys(of record: DuplicateCandidate) -> [String] {
        func name(_ role: String) -> DuplicateCandidate.PersonName? { record.names[role] }
        func year(_ key: String) -> String? { record.dates[key].map { String($0.year) } }
        func key(_ tag: String, _ first: String?, _ second: String?) -> String? {
            guard let first, let second else { return nil }
            return "\(tag) \(first) \(second)"
        }
        var keys: [String?] = []
        switch record.type {
        case "birth":
            keys = [key("c", year("birth.date"), name("child")?.surname),
                    key("g", record.dates["birth.date"]?.description, name("child")?.givenName),
                    key("m", name("mother")?.surname, name("mother")?.givenName)]
        case "death":
            keys = [key("d", year("death.date"), name("deceased")?.surname),
                    key("g", record.dates["death.date"]?.description, name("deceased")?.givenName)]
        case "marriage", "divorce":
            keys = [key("s", name("husband")?.surname, name("wife")?.surname),
                    key("g", name("husband")?.givenName, name("wife")?.givenName)]
        default:
            keys = [key("p", name("person")?.surname, name("person")?.givenName)]
        }
        return keys.compactMap { $0 }.map { "\(record.type) \($0)" }
    }

    /// The rule by which `a` and `b` look like one act, or nil.
    public func match(_ a: DuplicateCandidate, _ b: DuplicateCandidate) -> String? {
        guard a.type == b.type else { return nil }
        func similar(_ role: String) -> Bool {
            guard let x = a.names[role], let y = b.names[role] else { return false }
            return Self.similar(x.surname, y.surname) && Self.similar(x.givenName, y.givenName)
        }
        func days(_ key: String) -> Int? {
            guard let x = a.dates[key], let y = b.dates[key] else { return nil }
            return x.fewestDays(to: y)
        }
        // Dates first: they are integer comparisons, and most pairs in a block fail on them.
        switch a.type {
        case "birth":
            guard let apart = days("birth.date") else { return nil }
            if apart <= birthSameChildMaxDays {
                if similar("child"), similar("mother") || a.names["mother"] == nil || b.names["mother"] == nil {
                    return "birth: similar child, birth dates \(apart) day(s) apart, similar mother"
                }
            } else if apart <= birthSameMotherMaxDays, a.dates["birth.date"]?.day != nil, b.dates["birth.date"]?.day != nil,
                      let x = a.names["mother"], x == b.names["mother"],
                      a.dates["mother.birthDate"] == nil || b.dates["mother.birthDate"] == nil
                        || a.dates["mother.birthDate"] == b.dates["mother.birthDate"],
                      !similar("child") {
                return "birth: same mother, two births \(apart) days apart"
            }
        case "death":
            if let apart = days("death.date"), apart <= deathSameDeathMaxDays, similar("deceased") {
                if let born = days("deceased.birthDate"), born > 366 * deathBirthMaxYears { return nil }
                return "death: similar deceased, death dates \(apart) day(s) apart"
            }
        case "marriage", "divorce":
            if similar("husband") && similar("wife") { return "\(a.type): same couple" }
        default:
            if let apart = days("person.birthDate"), apart == 0, similar("person") { return "\(a.type): same person" }
        }
        return nil
    }

    /// Folded names alike: equal, or within the typos search allows for their length.
    public static func similar(_ a: String, _ b: String) -> Bool {
        a == b || EditDistance.distance(a, b, atMost: EditDistance.allowedEdits(forLength: min(a.count, b.count))) != nil
    }
}
