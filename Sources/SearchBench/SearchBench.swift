import ArgumentParser
import Archive
import DaftarKit
import Foundation
import RecordSynthesis
import Synthesis
import Registry

/// The search benchmark (`make bench-search`): writes synthetic records with planted
/// variants as a manifest for `daftar records import`, then measures search and the
/// duplicate scan in process against what the generator planted.
@main
struct SearchBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daftar-searchbench",
        abstract: "Synthetic records for the search benchmark, and its measurements.",
        subcommands: [Generate.self, Measure.self]
    )
}

/// What the generator planted, for `measure` to check against.
struct Truth: Codable {
    struct Query: Codable {
        let words: [String]
        /// The record id the query is for (records are loaded in order into an empty archive).
        let expected: Int64
        let variant: String
    }
    let records: Int
    let queries: [Query]
    /// Planted duplicate pairs (record ids, lower first).
    let duplicates: [[Int64]]
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write records.jsonl and truth.json into a folder.")

    @Argument(help: "Output folder.")
    var folder: String

    @Option(help: "How many records.")
    var records = 1_000_000

    @Option(help: "How many search queries to plant.")
    var queries = 1000

    @Option(help: "Random seed.")
    var seed: UInt64 = 7

    func run() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let generated = SyntheticRegistry(count: records, seed: seed).records()
        var out = Data()
        out.reserveCapacity(generated.count * 600)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        struct Line: Encodable { let type: String; let fields: [String: String] }
        for record in generated {
            out.append(try encoder.encode(Line(type: record.type, fields: record.fields)))
            out.append(0x0A)
        }
        try out.write(to: URL(fileURLWithPath: folder).appendingPathComponent("records.jsonl"))

        // Queries: people whose record is written in another script than the query, or
        // with a typo; the query is typed in Tajik, Russian or Latin letters.
        var random = SeededRandom(seed: seed &+ 1)
        var planted: [Truth.Query] = []
        let variants = generated.indices.filter { generated[$0].duplicateOf == nil && (generated[$0].typo || generated[$0].spelling != .tajik) }
        while planted.count < queries && !variants.isEmpty {
            let index = variants.randomElement(using: &random)!
            let record = generated[index]
            let script = Spelling.allCases.filter { $0 != record.spelling || record.typo }.randomElement(using: &random)!
            let words = record.canonicalName.map { script.write($0, dropHardSign: random.next() % 2 == 0) }
            planted.append(.init(words: words, expected: Int64(index + 1),
                                 variant: "\(record.spelling.rawValue)\(record.typo ? "+typo" : "") found by \(script.rawValue)"))
        }
        let duplicates = generated.indices.compactMap { index in
            generated[index].duplicateOf.map { [Int64($0 + 1), Int64(index + 1)] }
        }
        let truth = Truth(records: generated.count, queries: planted, duplicates: duplicates)
        try JSONEncoder().encode(truth).write(to: URL(fileURLWithPath: folder).appendingPathComponent("truth.json"))
        print("wrote \(generated.count) records (\(duplicates.count) planted duplicates) and \(planted.count) queries to \(folder)")
    }
}

struct Measure: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Search and duplicate-scan figures for a loaded archive.")

    @Argument(help: "The archive the records were loaded into.")
    var archive: String

    @Argument(help: "truth.json from generate.")
    var truth: String

    @Flag(help: "Skip the duplicate scan.")
    var noDuplicates = false

    func run() throws {
        let truth = try JSONDecoder().decode(Truth.self, from: Data(contentsOf: URL(fileURLWithPath: truth)))
        let store = try ArchiveStore.open(at: archive)
        let keeping = try RecordKeeping(store: store, offices: nil)
        let search = RecordSearch(keeping: keeping)
        var latencies: [Double] = [], found = 0
        var missed: [String] = []
        let clock = ContinuousClock()
        for query in truth.queries {
            let start = clock.now
            let hits = try search.run(RecordSearch.Query(words: query.words, limit: 10))
            latencies.append((clock.now - start).milliseconds)
            if hits.contains(where: { $0.recordId == query.expected }) { found += 1 }
            else if missed.count < 10 { missed.append("\(query.words.joined(separator: " ")) -> \(query.expected) (\(query.variant))") }
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        var report: [String: Double] = [
            "queries": Double(truth.queries.count),
            "searchP50Ms": percentile(0.5), "searchP95Ms": percentile(0.95), "searchMaxMs": latencies.last ?? 0,
            "recallAt10": Double(found) / Double(max(truth.queries.count, 1)),
        ]
        if !noDuplicates {
            let start = clock.now
            let groups = try DuplicateScan(keeping: keeping).run()
            report["duplicateScanSeconds"] = (clock.now - start).milliseconds / 1000
            let proposed = Set(groups.flatMap(\.pairs).map { [$0.first, $0.second] })
            let planted = Set(truth.duplicates)
            let right = proposed.intersection(planted).count
            report["duplicatesProposed"] = Double(proposed.count)
            report["duplicatesPlanted"] = Double(planted.count)
            report["duplicatePrecision"] = proposed.isEmpty ? 0 : Double(right) / Double(proposed.count)
            report["duplicateRecall"] = planted.isEmpty ? 0 : Double(right) / Double(planted.count)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
        for line in missed { FileHandle.standardError.write(Data("missed: \(line)\n".utf8)) }
    }
}

extension Duration {
    var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}
