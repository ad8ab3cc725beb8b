import ArgumentParser
import Archive
import DaftarKit
import Foundation

struct ExportPages: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pages",
        abstract: "Write a ledger's pages, or the pages named, into a folder: originals or access JPEGs.",
        discussion: """
            Files are named <ledger>/<source-name> (originals; a multi-page file once) or \
            <ledger>/<source-name>-p<page>.jpg (access images; -left/-right for the halves of a \
            spread). An existing file is never replaced: with \
            the same bytes it counts as done, with other bytes it is reported (exit 1) and the rest go on.
            """
    )

    enum Kind: String, EnumerableFlag {
        case original, access

        static func help(for value: Kind) -> ArgumentHelp? {
            switch value {
            case .original: return "The scanned files, byte for byte (the default)."
            case .access: return "Each page's normalized access JPEG."
            }
        }
    }

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Every page of this ledger.", valueName: "code"))
    var ledger: String?

    @Argument(help: "Page ids (from `daftar pages`).")
    var pages: [Int64] = []

    @Option(name: .long, help: ArgumentHelp("Folder to write into (made if missing).", valueName: "dir"))
    var to: String

    @Flag(exclusivity: .exclusive)
    var kind: Kind = .original

    @Flag(name: .long, help: "Print {\"written\", \"alreadyThere\", \"failures\"} as JSON.")
    var json = false

    func validate() throws {
        guard (ledger == nil) != pages.isEmpty else { throw ValidationError("give either --ledger CODE or page ids") }
    }

    func run() throws {
        let store = try global.openArchive(ledger: ledger)
        let summary = try ExitStatus.orExit { () throws(ArchiveError) in
            try PageExport(store: store).run(pages: pages, ledger: ledger, kind: kind == .original ? .original : .access,
                                             into: to)
        }
        for failure in summary.failures { Terminal.printError(failure) }
        if json {
            struct Report: Encodable { let written: [String]; let alreadyThere: [String]; let failures: [String] }
            print(try JSONText.encode(Report(written: summary.written, alreadyThere: summary.alreadyThere,
                                             failures: summary.failures)))
        } else {
            print("\(summary.written.count) file(s) written to \(to), \(summary.alreadyThere.count) already there"
                  + (summary.failures.isEmpty ? "" : ", \(summary.failures.count) failed"))
        }
        if !summary.failures.isEmpty { throw ExitCode(ExitStatus.someRejected) }
    }
}
