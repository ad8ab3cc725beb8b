import ArgumentParser
import Archive
import DaftarKit
import Foundation
import Imaging

struct PagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pages",
        abstract: "List archived pages, pages that repeat a sheet, or pages to rescan.",
        discussion: """
            --duplicates lists pairs of pages holding the same sheet: "exact" (identical \
            normalized pixels) or "near" (scanned again with another exposure, crop or \
            compression). --quality lists pages that fail the scan-quality policy (the \
            defaults, or --policy FILE applied to the stored measurements).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only pages of this ledger.", valueName: "code"))
    var ledger: String?

    @Flag(help: "List pairs of pages that are the same sheet.")
    var duplicates = false

    @Option(help: ArgumentHelp("With --duplicates: least perceptual-hash correlation for a near duplicate (0-1).",
                               valueName: "r"))
    var minSimilarity: Double = DuplicateFinder.defaultMinimumSimilarity

    @Flag(help: "List pages that fail the scan-quality policy.")
    var quality = false

    @Option(help: ArgumentHelp("With --quality: judge by this policy file instead of the one used at import.",
                               valueName: "file"))
    var policy: String?

    @Flag(help: "Print JSON on stdout.")
    var json = false

    func validate() throws {
        if duplicates && quality { throw ValidationError("--duplicates and --quality cannot be combined") }
        if policy != nil && !quality { throw ValidationError("--policy needs --quality") }
        guard (0...1).contains(minSimilarity) else { throw ValidationError("--min-similarity must be between 0 and 1") }
    }

    /// The JSON shape scripts depend on.
    struct Item: Encodable {
        let id: Int64
        let source: String
        let pageIndex: Int
        let part: Int
        let width: Int
        let height: Int
        let dpi: Double?
        let sha256: String
        let skewDegrees: Double
    }

    struct QualityItem: Encodable {
        let id: Int64
        let source: String
        let pageIndex: Int
        let part: Int
        let problems: [String]
        let metrics: ScanMetrics?
    }

    func run() throws {
        let store = try global.openArchive(ledger: ledger)
        let pages: [PageListing]
        do {
            pages = try store.pages(ledger: ledger)
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(ExitStatus.code(for: error))
        }
        if duplicates { return try listDuplicates(pages) }
        if quality { return try listQuality(pages) }
        if json {
            print(try JSONText.encode(pages.map {
                Item(id: $0.id, source: $0.source, pageIndex: $0.pageIndex, part: $0.part, width: $0.width,
                     height: $0.height, dpi: $0.dpi, sha256: $0.sha256, skewDegrees: $0.skewDegrees)
            }))
            return
        }
        let rows = pages.map { page in
            [String(page.id), page.source, Self.pageLabel(page), "\(page.width)x\(page.height)",
             page.dpi.map { String(Int($0.rounded())) } ?? "-", String(format: "%.2f°", abs(page.skewDegrees) < 0.005 ? 0 : page.skewDegrees),
             page.ledger ?? "-", String(page.sha256.prefix(12))]
        }
        print(TextTable.render(header: ["ID", "SOURCE", "PAGE", "SIZE", "DPI", "SKEW", "LEDGER", "SHA256"], rows: rows))
        print("\(pages.count) page(s)")
    }

    static func pageLabel(_ page: PageListing) -> String {
        String(page.pageIndex + 1) + (PageName.half(page.part).map { " \($0)" } ?? "")
    }

    private func listDuplicates(_ pages: [PageListing]) throws {
        let pairs = DuplicateFinder.pairs(pages, minimumSimilarity: minSimilarity)
        if json {
            print(try JSONText.encode(pairs))
            return
        }
        let byId = Dictionary(uniqueKeysWithValues: pages.map { ($0.id, $0) })
        func label(_ id: Int64) -> String {
            guard let page = byId[id] else { return "-" }
            return page.sourceName + " p" + Self.pageLabel(page)
        }
        let rows: [[String]] = pairs.map { pair -> [String] in
            [pair.kind, String(pair.first), label(pair.first), String(pair.second), label(pair.second),
             String(format: "%.3f", pair.similarity)]
        }
        print(TextTable.render(header: ["KIND", "ID", "PAGE", "ID", "PAGE", "SIMILARITY"], rows: rows))
        print("\(pairs.count) pair(s) among \(pages.count) page(s)")
    }

    private func listQuality(_ pages: [PageListing]) throws {
        let chosen = try policy.map(PolicyFile.load)
        let items: [QualityItem] = pages.compactMap { page in
            let metrics = page.quality.flatMap { try? JSONDecoder().decode(ScanMetrics.self, from: Data($0.utf8)) }
            let problems: [String]
            if let chosen, let metrics {
                problems = chosen.problems(with: metrics)
            } else {
                problems = (try? JSONDecoder().decode([String].self, from: Data(page.qualityProblems.utf8))) ?? []
            }
            guard !problems.isEmpty else { return nil }
            return QualityItem(id: page.id, source: page.source, pageIndex: page.pageIndex, part: page.part,
                               problems: problems, metrics: metrics)
        }
        if json {
            print(try JSONText.encode(items))
            return
        }
        let byId = Dictionary(uniqueKeysWithValues: pages.map { ($0.id, $0) })
        let rows = items.map { item in
            [String(item.id), item.source, byId[item.id].map(Self.pageLabel) ?? "-", item.problems.joined(separator: "; ")]
        }
        print(TextTable.render(header: ["ID", "SOURCE", "PAGE", "PROBLEMS"], rows: rows))
        print("\(items.count) of \(pages.count) page(s) to rescan")
    }
}
