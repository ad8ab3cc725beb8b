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
            Each named page's whole source file (or every file of --ledger) is decoded again from \\
            its archived original and normalized with the options it was last built with, changed \\
            by the options given. A file that those options would not change is left as it is \\
            (--force rebuilds it anyway), so a run cut short is finished by running it again. \\
            Pages keep their ids; when the layout changes (a spread split or joined), the records \\
            of a page that is no longer there move to the new page(s) of the same scan, each move \\
            logged. Each file is all or nothing; a failed file is named and the others go on. \\
            Exit status: 0 done, 1 some files failed, 2 usage, 3 archive busy.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Every page of this ledger.", valueName: "code"))
    var ledger: String?

    @Argument(help: ArgumentHelp("Page ids (from `daftar pages`).", valueName: "page"))
    var pageIds: [Int64] = []

    @OptionGroup var normalization: NormalizationFlags

    @Flag(help: "Rebuild files even when their options would not change.")
    var force = false

    @Flag(help: "Print a JSON summary on stdout.")
    var json = false

    func validate() throws {
        if ledger == nil && pageIds.isEmpty { throw ValidationError("name page ids or --ledger CODE") }
        if ledger != nil && !pageIds.isEmpty { throw ValidationError("give page ids or --ledger, not both") }
    }

    func run() throws {
        global.startLogging()
        let store = try global.openArchive()
        let policy = try normalization.loadPolicy()
        let sources: [SourceRecord]
        do {
            sources = try self.sources(in: store)
        } catch let error as ArchiveError {
            Terminal.printError(error.description)
            throw ExitCode(ExitStatus.code(for: error))
        }
        let renormalization = Renormalization(store: store, options: ImportOptions(operator: global.operator, policy: policy))
        let summary = renormalization.run(sources, force: force) { normalization.options(over: $0) }
        for failure in summary.failed { Terminal.printError("\(failure.path): \(failure.error)") }
        for warning in summary.warnings { Terminal.printWarning(warning.line) }
        for move in summary.movedRecords {
            Terminal.printWarning("record \(move.recordId): moved from page \(move.from.map(String.init).joined(separator: ", ")) "
                                  + "to page \(move.to.map(String.init).joined(separator: ", ")) (the page layout changed)")
        }
        if let stopped = summary.stopped { Terminal.printError(stopped + "; run the same command again to finish") }
        if json {
            print(try JSONText.encode(summary))
        } else {
            print("renormalized \(summary.sources) file(s), \(summary.pages.count) page(s); \(summary.unchanged) already built "
                  + "with these options; \(summary.failed.count) failed; \(summary.warnings.count) page(s) to rescan"
                  + (summary.movedRecords.isEmpty ? "" : "; \(summary.movedRecords.count) record(s) moved to new pages"))
        }
        if summary.stopped != nil { throw ExitCode(ExitStatus.busy) }
        if !summary.failed.isEmpty { throw ExitCode(ExitStatus.someRejected) }
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
}
