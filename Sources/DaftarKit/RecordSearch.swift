import Archive
import Foundation
import Registry

/// Finds acts by the names in them, however they were spelled: each query word is
/// folded (Tajik, Russian and Latin spellings alike), looked up exactly, and — when
/// long enough — with one or two typos, through a trigram index of the folded words;
/// records holding every word are ranked exact over folded over fuzzy.
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

    /// How well a word matched a name word.
    enum Quality: Comparable {
        case fuzzy(Int)
        case folded
        case exact

        var weight: Double {
            switch self {
            case .exact: 1.0
            case .folded: 0.85
            case .fuzzy(let edits): 0.6 - 0.15 * Double(edits - 1)
            }
        }

        static func < (a: Quality, b: Quality) -> Bool { a.weight < b.weight }
    }

    public func run(_ query: Query) throws(ArchiveError) -> [Hit] {
        try keeping.indexPendingNames()
        let store = keeping.store
        // Each query word's folded words, and for each the name terms it reaches.
        let folded = query.words.map { NameFolding.words(of: $0) }.filter { !$0.isEmpty }
        let words = folded.flatMap { $0 }
        var reach: [[Int64: Quality]] = []
        for word in words {
            var terms: [Int64: Quality] = [:]
            if let id = try store.nameTermId(word) { terms[id] = .folded }
            let allowed = EditDistance.allowedEdits(forLength: word.count)
            if allowed > 0 {
                for (id, term) in try store.nameTerms(sharingAnyOf: Self.trigrams(of: word),
                                                       lengths: (word.count - allowed)...(word.count + allowed))
                where terms[id] == nil {
                    if let edits = EditDistance.distance(word, term, atMost: allowed), edits > 0 { terms[id] = .fuzzy(edits) }
                }
            }
            reach.append(terms)
        }

        // Records holding every word (in any role, or the role asked for), with the best
        // quality per word and role. The rarest word gives the candidates; each other word
        // only narrows them, by whole posting lists when short, else by looking each
        // candidate up — so a common surname costs little next to a rare given name.
        var candidates: [Int64: [String: [Int: Quality]]] = [:]
        if !words.isEmpty {
            let counts = try store.namePostingCounts(termIds: Array(Set(reach.flatMap(\.keys))))
            let order = words.indices.sorted { a, b in
                reach[a].keys.reduce(0) { $0 + (counts[$1] ?? 0) } < reach[b].keys.reduce(0) { $0 + (counts[$1] ?? 0) }
            }
            func note(_ posting: NamePosting, _ index: Int, _ match: Quality) {
                if let role = query.role, posting.role != role { return }
                let best = candidates[posting.recordId, default: [:]][posting.role, default: [:]][index]
                if best == nil || best! < match { candidates[posting.recordId, default: [:]][posting.role, default: [:]][index] = match }
            }
            for (step, index) in order.enumerated() {
                let terms = reach[index]
                if step == 0 {
                    for posting in try store.namePostings(termIds: Array(terms.keys)) { note(posting, index, terms[posting.termId]!) }
                } else {
                    let ids = Array(candidates.keys)
                    for (termId, match) in terms {
                        let postings = (counts[termId] ?? 0) <= ids.count
                            ? try store.namePostings(termIds: [termId]).filter { candidates[$0.recordId] != nil }
                            : try store.namePostings(termId: termId, recordIds: ids)
                        for posting in postings { note(posting, index, match) }
                    }
                }
                candidates = candidates.filter { _, roles in roles.values.contains { $0[index] != nil } }
                if candidates.isEmpty { break }
            }
        }
        var rows: [SearchRow]
        if let number = query.actNumber {
            rows = try store.searchRows(actNumber: number)
            if !words.isEmpty { rows = rows.filter { candidates[$0.recordId] != nil } }
        } else if words.isEmpty {
            return []
        } else {
            rows = try store.searchRows(recordIds: Array(candidates.keys))
        }
        rows = rows.filter { row in
            query.statuses.contains(row.status) && (query.includeDuplicates || row.duplicateOf == nil)
                && (query.type == nil || row.type == query.type)
                && (query.office == nil || row.office == query.office) && Self.overlaps(row.actDate, from: query.from, to: query.to)
        }

        // Rank on folded quality first; the written names then tell exact from folded for the best.
        func preliminary(_ id: Int64) -> Double {
            guard let roles = candidates[id] else { return 1 }
            return (0..<words.count).map { index in roles.values.compactMap { $0[index]?.weight }.max() ?? 0 }.reduce(0, +)
        }
        rows.sort { (preliminary($0.recordId), -$0.recordId) > (preliminary($1.recordId), -$1.recordId) }
        let typed = query.words.flatMap { Self.typedWords($0) }
        var hits: [Hit] = []
        // Exactness can lift a record by at most the gap between folded and exact per word:
        // the best limit × 3 by folded quality hold the final top `limit`.
        let best = Array(rows.prefix(max(query.limit * 3, 30)))
        let fields = try keeping.store.latestFields(ids: best.map(\.recordId))
        for row in best {
            hits.append(hit(row, fields: fields[row.recordId] ?? [:], roles: candidates[row.recordId] ?? [:], words: words,
                            typed: typed))
        }
        hits.sort { ($0.score, -$0.recordId) > ($1.score, -$1.recordId) }
        return try hits.prefix(query.limit).map { hit throws(ArchiveError) in
            var hit = hit
            hit.pages = try keeping.store.recordPages(id: hit.recordId)
            return hit
        }
    }

    /// Scores one record: each word's best match, upgraded to exact where the name as
    /// written is the word as typed; a bonus when one person holds every word.
    func hit(_ row: SearchRow, fields: [String: StoredField], roles: [String: [Int: Quality]], words: [String],
             typed: [String]) -> Hit {
        // The written words of each role's name fields.
        var written: [String: [(key: String, word: String)]] = [:]
        for name in keeping.names(type: row.type, fields: fields) {
            for word in Self.typedWords(name.value, keepingCase: true) { written[name.role, default: []].append((name.key, word)) }
        }
        // Each role's matches, upgraded to exact where the written word is the typed one.
        var upgraded: [String: [Int: (quality: Quality, written: (key: String, word: String)?)]] = [:]
        for (role, matched) in roles {
            let names = written[role] ?? []
            for (index, quality) in matched {
                let same = names.first { NameFolding.fold($0.word) == words[index] }
                    ?? names.first { EditDistance.distance(NameFolding.fold($0.word), words[index], atMost: 2) != nil }
                let exact = index < typed.count ? names.first { $0.word.lowercased() == typed[index] } : nil
                upgraded[role, default: [:]][index] = exact != nil ? (.exact, exact) : (quality, same)
            }
        }
        // The person: the role holding the most words, then the best matches.
        let person = upgraded.max { a, b in
            (a.value.count, a.value.values.map(\.quality.weight).reduce(0, +), b.key)
                < (b.value.count, b.value.values.map(\.quality.weight).reduce(0, +), a.key)
        }.map { (role: $0.key, count: $0.value.count) }
        var why: [String] = [], total = 0.0
        for index in words.indices {
            let options = upgraded.compactMap { role, matched in matched[index].map { (role: role, match: $0) } }
            guard let best = options.max(by: { a, b in
                (a.match.quality.weight, a.role == person?.role ? 1 : 0) < (b.match.quality.weight, b.role == person?.role ? 1 : 0)
            }) else { continue }
            total += best.match.quality.weight
            if let written = best.match.written {
                let label: String
                switch best.match.quality {
                case .exact: label = "exact"
                case .folded: label = "folded"
                case .fuzzy(let edits): label = "\(edits) typo\(edits == 1 ? "" : "s")"
                }
                why.append("\(written.key): \(written.word) (\(label))")
            }
        }
        var score = words.isEmpty ? 1 : total / Double(words.count)
        if words.count > 1, let person, person.count == words.count { score += 0.1 }
        if words.isEmpty { why = ["act.number: \(row.actNumber ?? "")"] }
        let matched = person.map { role in
            Hit.Person(role: role.role, name: ["surname", "givenName", "patronymic"]
                .compactMap { fields["\(role.role).\($0)"]?.value }.joined(separator: " "))
        }
        return Hit(recordId: row.recordId, score: (score * 1000).rounded() / 1000, type: row.type, actNumber: row.actNumber,
                   actDate: row.actDate, office: row.office, matched: matched,
                   pages: [], why: why.filter { !$0.isEmpty })
    }

    /// The trigrams of a folded word padded as ^word$, as the index keeps them.
    static func trigrams(of word: String) -> [String] {
        let padded = Array("^\(word)$")
        guard padded.count >= 3 else { return [] }
        return Array(Set((0...(padded.count - 3)).map { String(padded[$0..<$0 + 3]) })).sorted()
    }

    /// Words as typed, compared for an exact match: lower case (unless kept for display),
    /// NFC, split where `NameFolding` splits names, so the nth typed word is the nth folded one.
    static func typedWords(_ text: String, keepingCase: Bool = false) -> [String] {
        (keepingCase ? text : text.lowercased()).precomposedStringWithCanonicalMapping
            .split(whereSeparator: NameFolding.separates).map(String.init)
    }

    /// Whether an act date (ISO, to any precision) overlaps [from, to], compared at the
    /// precision both have.
    static func overlaps(_ date: String?, from: String?, to: String?) -> Bool {
        guard from != nil || to != nil else { return true }
        guard let date else { return false }
        if let from {
            let length = min(date.count, from.count)
            if date.prefix(length) < from.prefix(length) { return false }
        }
        if let to {
            let length = min(date.count, to.count)
            if date.prefix(length) > to.prefix(length) { return false }
        }
        return true
    }
}
