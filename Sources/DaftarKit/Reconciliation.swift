import Archive
import Foundation
import Registry

/// Double keying: two operators key the same act independently (pass 1 and pass 2,
/// each its own record); reconciliation pairs the two keyings, lists the fields they
/// disagree on, and settles a pair into one verified record once every disagreement
/// has a value — picked from either keying or typed by the reviewer.
public struct Reconciliation: Sendable {
    public let keeping: RecordKeeping

    public init(keeping: RecordKeeping) {
        self.keeping = keeping
    }

    /// A field the two keyings disagree on, as each shows it (nil: not entered).
    public struct Disagreement: Sendable, Encodable, Equatable {
        public let key: String
        public let label: String
        public let first: String?
        public let second: String?
    }

    /// The two keyings of one act: same act type, same pages, and the same act number
    /// (or the only pass-1 and pass-2 keyings left on those pages).
    public struct Pair: Sendable, Encodable, Equatable {
        public let type: String
        public let pages: [Int64]
        /// The pass-1 record, which becomes the verified one.
        public let first: Int64
        public let second: Int64
        public let firstOperator: String
        public let secondOperator: String
        public let disagreements: [Disagreement]
        let firstFields: [String: StoredField]
        let secondFields: [String: StoredField]
        /// The versions the pair was read at: settling is refused if either changed since.
        var readVersions: [Int64: Int] = [:]

        /// Both passes keyed by one person: not the independent check double keying is for.
        public var sameOperator: Bool { firstOperator == secondOperator }

        enum CodingKeys: String, CodingKey {
            case type, pages, first, second, firstOperator, secondOperator, disagreements, sameOperator
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(type, forKey: .type)
            try container.encode(pages, forKey: .pages)
            try container.encode(first, forKey: .first)
            try container.encode(second, forKey: .second)
            try container.encode(firstOperator, forKey: .firstOperator)
            try container.encode(secondOperator, forKey: .secondOperator)
            try container.encode(disagreements, forKey: .disagreements)
            try container.encode(sameOperator, forKey: .sameOperator)
        }
    }

    /// A keyed record of pass 1 or 2 with no partner yet.
    public struct Unpaired: Sendable, Encodable, Equatable {
        public let id: Int64
        public let pass: Int
        public let type: String
        public let pages: [Int64]
        public let actNumber: String?
    }

    /// Every pair waiting for review, and every keying still waiting for its partner.
    public struct Report: Sendable, Encodable, Equatable {
        public let pairs: [Pair]
        public let unpaired: [Unpaired]
    }

    /// Pairs the keyed pass-1 and pass-2 records that are not yet reconciled.
    public func report(language: Language) throws(ArchiveError) -> Report {
        // A keying verified once and edited since is checked again with `record verify`,
        // not paired anew; a keying resolved as a duplicate has left the act.
        let candidates = try keeping.store.records(status: RecordStatus.keyed).filter {
            ($0.pass == 1 || $0.pass == 2) && !$0.verifiedBefore && $0.duplicateOf == nil
        }
        struct Group: Hashable { let type: String; let pages: [Int64] }
        var groups: [Group: [RecordListing]] = [:]
        for record in candidates { groups[Group(type: record.type, pages: record.pages), default: []].append(record) }
        var pairs: [Pair] = [], unpaired: [Unpaired] = []
        for (group, records) in groups {
            var firsts = records.filter { $0.pass == 1 }, seconds = records.filter { $0.pass == 2 }
            var matched: [(RecordListing, RecordListing)] = []
            for first in firsts {
                if let number = first.actNumber, let index = seconds.firstIndex(where: { $0.actNumber == number }) {
                    matched.append((first, seconds.remove(at: index)))
                }
            }
            firsts.removeAll { first in matched.contains { $0.0.id == first.id } }
            // What is left of a page with one act each side is that act, whatever its number says.
            if firsts.count == 1 && seconds.count == 1 {
                matched.append((firsts[0], seconds[0]))
                firsts = []
                seconds = []
            }
            for (first, second) in matched {
                pairs.append(try pair(first: first, second: second, type: group.type, pages: group.pages, language: language))
            }
            unpaired += (firsts + seconds).map {
                Unpaired(id: $0.id, pass: $0.pass ?? 0, type: $0.type, pages: $0.pages, actNumber: $0.actNumber)
            }
        }
        return Report(pairs: pairs.sorted { $0.first < $1.first }, unpaired: unpaired.sorted { $0.id < $1.id })
    }

    func pair(first: RecordListing, second: RecordListing, type: String, pages: [Int64],
              language: Language) throws(ArchiveError) -> Pair {
        let one = try keeping.store.recordVersions(id: first.id), two = try keeping.store.recordVersions(id: second.id)
        let firstFields = one.last?.fields ?? [:], secondFields = two.last?.fields ?? [:]
        let spec = keeping.validator.schema.type(named: type)
        let keys = keeping.inFormOrder(Set(firstFields.keys).union(secondFields.keys), typeName: type)
        let disagreements = keys.filter { firstFields[$0] != secondFields[$0] }.map { key in
            Disagreement(key: key, label: spec?.field(key)?.labels.text(in: language) ?? key,
                         first: firstFields[key]?.shown, second: secondFields[key]?.shown)
        }
        var pair = Pair(type: type, pages: pages, first: first.id, second: second.id,
                        firstOperator: one.first?.operator ?? "", secondOperator: two.first?.operator ?? "",
                        disagreements: disagreements, firstFields: firstFields, secondFields: secondFields)
        pair.readVersions = [first.id: one.last?.version ?? 0, second.id: two.last?.version ?? 0]
        return pair
    }

    /// What became of settling a pair.
    public enum Outcome: Sendable, Equatable {
        /// The pass-1 record is now verified at `version`; the pass-2 record is merged into it.
        case verified(id: Int64, version: Int, warnings: [FieldProblem])
        /// Disagreements with no value chosen: nothing stored.
        case unresolved(keys: [String])
        /// A pick for a field both keyings agree on, or a pass other than 1 or 2.
        case badPick(key: String)
        /// The settled record does not validate: nothing stored.
        case refused(RecordKeeping.Refusal)
        /// The record is not one of a pair waiting for review.
        case notPaired
    }

    /// Settles the pair that record `id` (either keying) belongs to: each disagreement
    /// takes the value of the pass named in `picks`, or what the reviewer typed in
    /// `values`/`flags` (which may also correct a field both keyings agree on).
    public func settle(id: Int64, picks: [String: Int], values: [String: String], flags: [String: FieldFlag],
                       reason: String?, confirmed: Bool, language: Language,
                       operator: String) throws(ArchiveError) -> Outcome {
        guard let pair = try report(language: language).pairs.first(where: { $0.first == id || $0.second == id }) else {
            return .notPaired
        }
        return try settle(pair, picks: picks, values: values, flags: flags, reason: reason, confirmed: confirmed,
                          operator: `operator`)
    }

    /// Settles one pair from a report (see `settle(id:…)`).
    public func settle(_ pair: Pair, picks: [String: Int], values: [String: String], flags: [String: FieldFlag],
                       reason: String?, confirmed: Bool, operator: String) throws(ArchiveError) -> Outcome {
        let disagreeing = Set(pair.disagreements.map(\.key))
        var fields = pair.firstFields
        for (key, pass) in picks.sorted(by: { $0.key < $1.key }) {
            guard disagreeing.contains(key), pass == 1 || pass == 2 else { return .badPick(key: key) }
            fields[key] = pass == 1 ? pair.firstFields[key] : pair.secondFields[key]
        }
        var settled = Set(picks.keys)
        for (key, value) in values {
            fields[key] = StoredField(value: value, flag: flags[key] == .uncertain ? FieldFlag.uncertain.rawValue : nil)
            settled.insert(key)
        }
        for (key, flag) in flags where values[key] == nil {
            fields[key] = StoredField(value: flag == .uncertain ? fields[key]?.value : nil, flag: flag.rawValue)
            settled.insert(key)
        }
        let open = pair.disagreements.map(\.key).filter { !settled.contains($0) }
        guard open.isEmpty else { return .unresolved(keys: open) }
        let (typed, typedFlags) = RecordKeeping.typed(fields)
        switch try keeping.checked(typeName: pair.type, values: typed, flags: typedFlags, confirmed: confirmed,
                                   excluding: [pair.first, pair.second]) {
        case .failure(let refusal):
            return .refused(refusal)
        case .success(let record):
            let note = reason.map { ": \($0)" } ?? ""
            let versions = try keeping.store.addRecordVersions([
                (pair.first, keeping.version(type: pair.type, fields: RecordKeeping.stored(record.fields), status: RecordStatus.verified,
                                              reason: "reconciled with record \(pair.second) (pass 2)\(note)")),
                (pair.second, keeping.version(type: pair.type, fields: pair.secondFields, status: RecordStatus.merged, pass: 2,
                                               reason: "reconciled into record \(pair.first)\(note)")),
            ], operator: `operator`, basedOn: pair.readVersions)
            return .verified(id: pair.first, version: versions[0], warnings: record.warnings)
        }
    }
}
