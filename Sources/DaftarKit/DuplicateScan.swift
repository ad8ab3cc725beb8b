import Archive
import Foundation
import Registry

/// Proposes records entered twice: records of an act type are put in blocks by
/// their blocking keys (year and folded surname, date and given name, mother …), and
/// only pairs inside a block are compared by the rules, so the scan stays near-linear.
/// Pairs a registrar called distinct, and records already found duplicates, are not
/// proposed again.
public struct DuplicateScan: Sendable {
    public let keeping: RecordKeeping
    public let rules: DuplicateRules
    var store: ArchiveStore { keeping.store }

    public init(keeping: RecordKeeping, rules: DuplicateRules = .standard) {
        self.keeping = keeping
        self.rules = rules
    }

    /// Two records the rules take for one act.
    public struct Pair: Sendable, Encodable, Equatable {
        public let first: Int64
        public let second: Int64
        public let rule: String
    }

    /// Records linked by proposed pairs.
    public struct Group: Sendable, Encodable, Equatable {
        public let type: String
        public let records: [Int64]
        public let pairs: [Pair]
    }

    /// The act types the rules know.
    public static let types = ["birth", "death", "marriage", "divorce"]

    public func run(type: String? = nil) throws(ArchiveError) -> [Group] {
        // Records keyed before the archive kept their duplicate keys get them first.
        try keeping.indexPendingNames()
        let distinct = Set(try store.duplicateDecisions().filter { $0.decision == "distinct" }
            .map { PairKey($0.recordId, $0.otherId) })
        var groups: [Group] = []
        for name in Self.types where type == nil || type == name {
            groups += try scan(type: name, distinct: distinct)
        }
        return groups
    }

    struct PairKey: Hashable {
        let low: Int64, high: Int64
        init(_ a: Int64, _ b: Int64) { (low, high) = (min(a, b), max(a, b)) }
    }

    func scan(type: String, distinct: Set<PairKey>) throws(ArchiveError) -> [Group] {
        // Each record's folded names and dates were kept beside it when it was written.
        let candidates = try store.duplicateKeys(type: type).compactMap { recordId, key in
            DuplicateCandidate(recordId: recordId, type: type, encoded: key)
        }
        var blocks: [String: [Int]] = [:]
        for (index, candidate) in candidates.enumerated() {
            for key in rules.blockingKeys(of: candidate) { blocks[key, default: []].append(index) }
        }
        var pairs: [PairKey: Pair] = [:]
        for members in blocks.values where members.count > 1 {
            for i in 0..<members.count {
                for j in (i + 1)..<members.count {
                    let a = candidates[members[i]], b = candidates[members[j]]
                    let key = PairKey(a.recordId, b.recordId)
                    guard pairs[key] == nil, !distinct.contains(key), let rule = rules.match(a, b) else { continue }
                    pairs[key] = Pair(first: key.low, second: key.high, rule: rule)
                }
            }
        }
        return Self.groups(of: Array(pairs.values), type: type)
    }

    /// Connected records, each group with its pairs, ordered by their first record.
    static func groups(of pairs: [Pair], type: String) -> [Group] {
        var parent: [Int64: Int64] = [:]
        func root(_ id: Int64) -> Int64 {
            var id = id
            while let up = parent[id], up != id { id = up }
            return id
        }
        for pair in pairs {
            let (a, b) = (root(pair.first), root(pair.second))
            parent[a] = a
            parent[b] = b
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        let byRoot = Dictionary(grouping: pairs) { root($0.first) }
        return byRoot.values.map { pairs in
            Group(type: type, records: Array(Set(pairs.flatMap { [$0.first, $0.second] })).sorted(),
                  pairs: pairs.sorted { ($0.first, $0.second) < ($1.first, $1.second) })
        }.sorted { $0.records[0] < $1.records[0] }
    }
}
