import ArgumentParser
import Archive
import DaftarKit
import Foundation
import Imaging

struct RenormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renormalize",
        abstract: "Rebuild access images from the stored originals with new options.",
        discussion: """
            Each named page's whole source file (or every file of --ledger) is decoded again from \
            its archived original and normalized with the options given (the defaults where none \
            are given). Pages keep their ids; the previous images stay in the archive and the \
            previous normalization of every page is kept in the event log. Exit status: 0 done, \
            1 some files failed, 2 usage, 3 archive busy.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Every page of this ledger.", valueName: "code"))
    var ledger: String?

    @Argument(help: ArgumentHelp("Page ids (from `daftar pages`).", valueName: "page"))
    var pageIds: [Int64] = []

    @OptionGroup var normalization: NormalizationFlags

    @Flag(help: "Print a JSON summary on stdout.")
    var json = false

    func validate() throws {
        if ledger == nil && pageIds.isEmpty { throw ValidationError("name page ids or --ledger CODE") }
        if ledger != nil && !pageIds.isEmpty { throw ValidationError("give page ids or --ledger, not both") }
    }

    struct Summary: Encodable {
        var sources = 0
        var pages: [Int64] = []
        var failed: [ImportSummary.Rejection] = []
        var warnings: [ImportSummary.QualityWarning] = []
    }

    func run() throws {
        global.startLogging()
        let store = try global.openArchive()
        let policy = try normalization.loadPolicy()
        let options = ImportOptions(operator: global.operator, normalization: normalization.options, policy: policy)
        let processor = SourceProcessor(options: options)
        var summary = Summary()
        do {
            // A core's worth of files at a time is decoded and normalized in parallel, then
            // written one by one in order; only those files' originals are in memory at once.
            let all = try sources(in: store)
            for start in stride(from: 0, to: all.count, by: options.workers) {
                let batch = Array(all[start..<min(all.count, start + options.workers)])
                var originals: [[UInt8]?] = []
                for source in batch { originals.append(try store.blob(sha256: source.sha256)) }
                let inputs = originals
                let results = ParallelMap.map(Array(inputs.indices)) { index in
                    inputs[index].map { processor.normalizePages(of: $0) }
                }
                for (source, result) in zip(batch, results) {
                    try record(source, result, into: &summary, store: store)
                }
            }
        } catch let error as ArchiveError {
            Terminal.printError(error.description)
            throw ExitCode(ExitStatus.code(for: error))
        }
        if json {
            print(try JSONText.encode(summary))
        } else {
            print("renormalized \(summary.sources) file(s), \(summary.pages.count) page(s); \(summary.failed.count) failed; "
                  + "\(summary.warnings.count) page(s) to rescan")
        }
        if !summary.failed.isEmpty { throw ExitCode(ExitStatus.someRejected) }
    }

    /// Writes one file's new pages (or reports why it could not be rebuilt).
    private func record(_ source: SourceRecord, _ result: Result<(format: String, pages: [NewPage]), SourceProcessor.ReadFailure>?,
                        into summary: inout Summary, store: ArchiveStore) throws(ArchiveError) {
        guard let id = source.id, let result else {
            summary.failed.append(.init(path: source.path, error: "original is missing from the archive"))
            Terminal.printError("\(source.path): original is missing from the archive")
            return
        }
        switch result {
        case .failure(let failure):
            summary.failed.append(.init(path: source.path, error: failure.message))
            Terminal.printError("\(source.path): \(failure.message)")
        case .success(let (_, pages)):
            let ids = try store.replacePages(sourceId: id, with: pages, operator: global.operator,
                                             options: describe(normalization.options))
            summary.sources += 1
            summary.pages += ids
            for warning in ImportSummary.QualityWarning.warnings(path: source.path, name: source.name, pages: pages) {
                summary.warnings.append(warning)
                Terminal.printWarning(warning.line)
            }
        }
    }

    /// The sources to rebuild: the ledger's, or those of the named pages (each once, in order).
    private func sources(in store: ArchiveStore) throws -> [SourceRecord] {
        if let ledger {
            let found = try store.sources(ledger: ledger)
            if found.isEmpty {
                Terminal.printError("ledger \(ledger): no files in \(global.archive)")
                throw ExitCode(ExitStatus.usage)
            }
            return found
        }
        var seen = Set<Int64>()
        var found: [SourceRecord] = []
        for id in pageIds {
            guard let detail = try store.page(id: id) else { try global.notFound("page", id) }
            if seen.insert(detail.source.id!).inserted { found.append(detail.source) }
        }
        return found
    }

    private func describe(_ options: NormalizationOptions) -> String {
        var parts = ["split=\(options.split.rawValue)", "quality=\(options.accessQuality)"]
        if options.color { parts.append("color") }
        if options.bitonal { parts.append("bitonal") }
        if let dpi = options.dpi { parts.append("dpi=\(Int(dpi))") }
        if options.upscale { parts.append("upscale") }
        return parts.joined(separator: " ")
    }
}
