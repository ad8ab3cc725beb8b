import Archive
import Foundation
import Registry

/// Finds acts by the people in them, however their names were spelled: each query
/// word is folded (Tajik, Russian and Latin spellings alike), and — when long enough —
/// widened to the folded words one or two typos away (a trigram index of them). The
/// name index then gives the records where one person bears every word (pairs of a
/// person's words are its keys), best tier first; each is ranked from its names as
/// written: exact over folded over typos.
public struct RecordSearch: Sendable {
    public let keeping: RecordKeeping

    public init(keeping: RecordKeeping) {
        self.keeping = keeping
    }

    /// What to look for.
    public struct Query: Sendable {
        public var words: [String]
        public var actNumber: String?
        public var type: String?
        public var office: String?
        /// ISO partial dates (`1957`, `1957-03`); records whose act date overlaps are kept.
        public var from: String?
        public var to: String?
        public var role: String?
        public var limit: Int
        /// Drafts and merged second keyings are left out unless asked for.
        public var statuses: Set<String>
        /// Records a registrar found to duplicate another are left out unless asked for.
        public var includeDuplicates: Bool

        public init(words: [String], actNumber: String? = nil, type: String? = nil, office: String? = nil,
                    from: String? = nil, to: String? = nil, role: String? = nil, limit: Int = 20,
                    statuses: Set<String> = [RecordStatus.keyed, RecordStatus.verified], includeDuplicates: Bool = false) {
            self.includeDuplicates = includeDuplicates
            self.words = words
            self.actNumber = actNumber
            self.type = type
            self.office = office
            self.from = from
            self.to = to
            self.role = role
            self.limit = limit
            self.statuses = statuses
        }
    }

    /// One record found.
    public struct Hit: Sendable, Encodable, Equatable {
        public struct Person: Sendable, Encodable, Equatable {
            public let role: String
            public let name: String
        }
        public let recordId: Int64
        public let score: Double
        public let type: String
        public let actNumber: String?
        public let actDate: String?
        public let office: String?
        public let matched: Person?
        public internal(set) var pages: [Int64]
        /// How each query word matched: `mother.surname: Джураева ≈ Ҷӯраева (folded)`.
        public let why: [String]
    }

    /// How well a word matched a name word. The weights keep the tiers apart: a person
    /// matched with one typo ranks below every person matched without (up to five words).
    enum Quality: Comparable {
        case fuzzy(Int)
        case folded
        case exact

        var weight: Double {
            switch self {
            case .exact: 1.0
            case .folded: 0.9
            case .fuzzy(let edits): edits <= 1 ? 0.4 : 0.25
            }
        }

        var label: String {
            switch self {
            case .exact: "exact"
            case .folded: "folded"
            case .fuzzy(let edits): "\(edits) typo\(edits == 1 ? "" : "s")"
            }
        }

        static func < (a: Quality, b: Quality) -> Bool { a.weight < b.weight }
    }

    /// Typo-tolerant matches kept per query word, closest first: each costs the index
    /// a key per neighbouring word.
    static let fuzzyTermsPerWord = 16

    public func run(_ query: Query) throws(ArchiveError) -> [Hit] {
        try keeping.indexPendingNames()
        let store = keeping.store
        let filter = SearchFilter(type: query.type, office: query.office, from: query.from, to: query.to,
                                  actNumber: query.actNumber, statuses: query.statuses,
                                  includeDuplicates: query.includeDuplicates)
        let typed = query.words.flatMap { NameFolding.writtenWords(of: $0) }
        guard !typed.isEmpty else {
            guard query.actNumber != nil else { return [] }
            var hits = try store.records(matching: filter, limit: query.limit).map {
                Hit(recordId: $0.recordId, score: 1, type: $0.type, actNumber: $0.actNumber, actDate: $0.actDate,
                    office: $0.office, matched: nil, pages: [], why: ["act.number: \($0.actNumber ?? "")"])
            }
            if !query.includeDuplicates { hits += try survivors(ofDuplicatesMatching: filter, besides: hits, limit: query.limit) }
            return try withPages(Array(hits.prefix(query.limit)))
        }

        // Candidates come from the name index in tiers, best first, until there are
        // enough to rank: every word as typed, then every word folded, then with typos.
        var candidates: [SearchRow] = [], seen = Set<Int64>()
        let wanted = max(query.limit * 3, 30) * (query.role == nil ? 1 : 4)
        for expression in try expressions(for: typed) where candidates.count < wanted {
            var after: Int64 = 0
            while candidates.count < wanted {
                let rows = try store.recordsMatching(expression, filter: filter, after: after, limit: wanted)
                for row in rows where seen.insert(row.recordId).inserted { candidates.append(row) }
                guard rows.count == wanted, let last = rows.last else { break }
                after = last.recordId
            }
        }

        // Each candidate scored from its names as written.
        let fields = try store.latestFields(ids: candidates.map(\.recordId))
        let hits = candidates.compactMap { row in
            hit(row, fields: fields[row.recordId] ?? [:], typed: typed, role: query.role)
        }.sorted { ($0.score, -$0.recordId) > ($1.score, -$1.recordId) }
        return try withPages(Array(hits.prefix(query.limit)))
    }

    /// The name-index expressions for a query's words, one per tier, best tier first.
    func expressions(for typed: [(shown: String, written: String, folded: String)]) throws(ArchiveError) -> [String] {
        let store = keeping.store
        var folded: [Int64?] = [], forms: [Int64?] = [], fuzzy: [[Int64]] = []
        for word in typed {
            folded.append(try store.nameTermId(word.folded))
            forms.append(try store.nameFormId(word.written))
            let allowed = EditDistance.allowedEdits(forLength: word.folded.count)
            var near: [(id: Int64, edits: Int)] = []
            if allowed > 0 {
                for (id, term) in try store.nameTerms(containingAnyOf: Self.segments(of: word.folded, edits: allowed),
                                                       lengths: (word.folded.count - allowed)...(word.folded.count + allowed)) {
                    if let edits = EditDistance.distance(word.folded, term, atMost: allowed), edits > 0 { near.append((id, edits)) }
                }
            }
            fuzzy.append(near.sorted { ($0.edits, $0.id) < ($1.edits, $1.id) }.prefix(Self.fuzzyTermsPerWord).map(\.id))
        }
        func any(_ keys: [String]) -> String { keys.count == 1 ? keys[0] : "(" + keys.joined(separator: " OR ") + ")" }
        var tiers: [String] = []
        if typed.count == 1 {
            // Folded and typo matches ask for every written form of their folded words.
            if let form = forms[0] { tiers.append(NameIndexKey.form(form)) }
            for terms in [folded[0].map { [$0] } ?? [], fuzzy[0]] {
                let spellings = try store.nameForms(termIds: terms)
                if !spellings.isEmpty { tiers.append(any(spellings.map(NameIndexKey.form))) }
            }
            return tiers
        }
        // Several words: one person bears each neighbouring two of them.
        func people(_ terms: [[Int64]]) -> String? {
            guard terms.allSatisfy({ !$0.isEmpty }) else { return nil }
            let neighbours: [String] = (0..<(terms.count - 1)).map { index -> String in
                let keys: [String] = terms[index].flatMap { a -> [String] in terms[index + 1].map { b in NameIndexKey.pair(a, b) } }
                return any(keys)
            }
            return neighbours.joined(separator: " AND ")
        }
        let foldedTerms = folded.map { $0.map { [$0] } ?? [] }
        if let people = people(foldedTerms) {
            if forms.allSatisfy({ $0 != nil }) {
                tiers.append(people + " AND " + forms.map { NameIndexKey.form($0!) }.joined(separator: " AND "))
            }
            tiers.append(people)
        }
        // With typos: of each two neighbouring words, one may be a typo away (typos in two
        // neighbouring words are not looked for: each would multiply the keys).
        if fuzzy.contains(where: { !$0.isEmpty }) {
            let pairs: [[String]] = (0..<(typed.count - 1)).map { index -> [String] in
                let a: [Int64] = foldedTerms[index], b: [Int64] = foldedTerms[index + 1]
                let nextOrTypo: [Int64] = b + fuzzy[index + 1]
                let firstExact: [String] = a.flatMap { x -> [String] in nextOrTypo.map { NameIndexKey.pair(x, $0) } }
                let firstTypo: [String] = fuzzy[index].flatMap { x -> [String] in b.map { NameIndexKey.pair(x, $0) } }
                return firstExact + firstTypo
            }
            if pairs.allSatisfy({ !$0.isEmpty }) { tiers.append(pairs.map(any).joined(separator: " AND ")) }
        }
        return tiers
    }

    /// The hits with the pages of their records.
    /// The surviving records of duplicates that hold the act number searched for (a
    /// duplicate keyed with the act's number leads to the record that stands for the act).
    func survivors(ofDuplicatesMatching filter: SearchFilter, besides hits: [Hit], limit: Int) throws(ArchiveError) -> [Hit] {
        let store = keeping.store
        var withDuplicates = filter
        withDuplicates.includeDuplicates = true
        var found: [Hit] = [], seen = Set(hits.map(\.recordId))
        for row in try store.records(matching: withDuplicates, limit: limit * 4) where row.duplicateOf != nil {
            let survivor = try store.survivor(of: row.recordId)
            guard seen.insert(survivor).inserted, let kept = try store.searchRow(id: survivor) else { continue }
            found.append(Hit(recordId: survivor, score: 0.9, type: kept.type, actNumber: kept.actNumber, actDate: kept.actDate,
                             office: kept.office, matched: nil, pages: [],
                             why: ["act.number \(row.actNumber ?? ""): on record \(row.recordId), a duplicate of this one"]))
        }
        return found
    }

    func withPages(_ hits: [Hit]) throws(ArchiveError) -> [Hit] {
        try hits.map { hit throws(ArchiveError) in
            var hit = hit
            hit.pages = try keeping.store.recordPages(id: hit.recordId)
            return hit
        }
    }

    /// Scores one record from its names as written: each query word's best match in the
    /// person bearing the most words (exact, folded, or with typos), a bonus when that
    /// person bears them all. Nil when some word matches nobody, or (with `role`) when
    /// the person of that role does not bear every word.
    func hit(_ row: SearchRow, fields: [String: StoredField], typed: [(shown: String, written: String, folded: String)],
             role wantedRole: String?) -> Hit? {
        // Each person's best match of each query word, with the written word that gave it.
        var people: [String: [Int: (quality: Quality, key: String, shown: String)]] = [:]
        for name in keeping.names(type: row.type, fields: fields) {
            for word in NameFolding.writtenWords(of: name.value) {
                for (index, query) in typed.enumerated() {
                    let quality: Quality
                    if word.written == query.written { quality = .exact }
                    else if word.folded == query.folded { quality = .folded }
                    else if let edits = EditDistance.distance(word.folded, query.folded,
                                                              atMost: EditDistance.allowedEdits(forLength: query.folded.count)) {
                        quality = .fuzzy(edits)
                    } else { continue }
                    if let held = people[name.role]?[index], held.quality >= quality { continue }
                    people[name.role, default: [:]][index] = (quality, name.key, word.shown)
                }
            }
        }
        func total(_ matches: [Int: (quality: Quality, key: String, shown: String)]) -> Double {
            matches.values.map(\.quality.weight).reduce(0, +)
        }
        // The person: of the role asked for, else the one bearing the most words, best matched.
        let person = people.filter { wantedRole == nil || $0.key == wantedRole }
            .max { a, b in (a.value.count, total(a.value), b.key) < (b.value.count, total(b.value), a.key) }
        if wantedRole != nil && person?.value.count != typed.count { return nil }
        var why: [String] = [], sum = 0.0
        for index in typed.indices {
            let best = person?.value[index] ?? people.values.compactMap { $0[index] }.max { $0.quality < $1.quality }
            guard let best else { return nil }
            sum += best.quality.weight
            why.append("\(best.key): \(best.shown) (\(best.quality.label))")
        }
        var score = sum / Double(typed.count)
        if typed.count > 1, let person, person.value.count == typed.count { score += 0.1 }
        let matched = person.map { role in
            Hit.Person(role: role.key, name: ["surname", "givenName", "patronymic"]
                .compactMap { fields["\(role.key).\($0)"]?.value }.joined(separator: " "))
        }
        return Hit(recordId: row.recordId, score: (score * 1000).rounded() / 1000, type: row.type, actNumber: row.actNumber,
                   actDate: row.actDate, office: row.office, matched: matched, pages: [], why: why)
    }

    /// Pieces of a folded word padded as ^word$ of which a word at most `edits` typos
    /// away holds one unchanged: the padded word cut into `edits` + 1 pieces, since each
    /// typo changes at most one. Pieces are at least three letters (the trigram index's
    /// shortest); a word too short for that gets its trigrams.
    static func segments(of word: String, edits: Int) -> [String] {
        let padded = Array("^\(word)$"), count = edits + 1
        guard padded.count >= 3 * count else {
            guard padded.count >= 3 else { return [] }
            return Array(Set((0...(padded.count - 3)).map { String(padded[$0..<$0 + 3]) })).sorted()
        }
        return (0..<count).map { index in
            String(padded[(index * padded.count / count)..<((index + 1) * padded.count / count)])
        }
    }
}
