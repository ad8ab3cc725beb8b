import ArgumentParser
import Archive
import DaftarKit
import Foundation

struct BagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bag",
        abstract: "Write a BagIt 1.0 bag (RFC 8493) of a ledger, of act types, or of the whole archive.",
        discussion: """
            The bag holds the originals byte for byte (data/originals/<ledger>/<file>), each page's \
            access, thumbnail and bilevel images (data/derived/), and JSON Lines files: sources.jsonl \
            (provenance), pages.jsonl (normalization steps, scan measurements), records.jsonl (every \
            record with all its versions), duplicate-decisions.jsonl and schema-extensions.jsonl; SHA-256 and SHA-512 manifests, \
            bag-info.txt and tag manifests. It is built beside DIR and renamed into place when \
            complete. `daftar import-bag DIR` reads it back.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Folder to create (must not exist, or be empty).")
    var dir: String

    @Option(name: .long, help: ArgumentHelp("Only this ledger's scanned files and the records keyed from them.", valueName: "code"))
    var ledger: String?

    @Option(name: .long, help: "Only records of this act type, with the scanned files they were keyed from (repeatable).")
    var type: [String] = []

    @Option(name: .long, help: ArgumentHelp("Source-Organization in bag-info.txt (default: the archive's file name).",
                                            valueName: "name"))
    var organization: String?

    @Flag(name: .long, help: "Print the bag's summary as JSON.")
    var json = false

    func validate() throws {
        if ledger != nil && !type.isEmpty { throw ValidationError("give --ledger or --type, not both") }
        try ActTypeOption.check(type)
    }

    func run() throws {
        let store = try global.openArchive(ledger: ledger)
        let selection: BagWriter.Selection = ledger.map { .ledger($0) } ?? (type.isEmpty ? .everything : .types(type))
        let summary: BagWriter.Summary
        do {
            summary = try BagWriter(store: store, organization: organization ?? "daftar archive \((global.archive as NSString).lastPathComponent)")
                .write(selection, to: dir)
        } catch {
            Terminal.printError(error.description)
            switch error {
            case .targetNotEmpty: throw ExitCode(ExitStatus.usage)
            case .archive(let archiveError): throw ExitCode(ExitStatus.code(for: archiveError))
            default: throw ExitCode(ExitStatus.someRejected)
            }
        }
        if json {
            struct Report: Encodable {
                let path, externalIdentifier: String
                let sources, pages, records, payloadFiles, payloadBytes: Int
            }
            print(try JSONText.encode(Report(path: summary.path, externalIdentifier: summary.externalIdentifier,
                                             sources: summary.sources, pages: summary.pages, records: summary.records,
                                             payloadFiles: summary.payloadFiles, payloadBytes: summary.payloadBytes)))
        } else {
            print("wrote bag \(summary.path) (\(summary.externalIdentifier)): \(summary.sources) scanned file(s), "
                  + "\(summary.pages) page(s), \(summary.records) record(s); \(summary.payloadFiles) payload files, "
                  + "\(summary.payloadBytes) bytes")
        }
    }
}
