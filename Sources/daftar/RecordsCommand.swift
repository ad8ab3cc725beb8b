import ArgumentParser
import Archive
import DaftarKit
import Registry
import Foundation

struct RecordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "List records, or import them from a manifest.",
        subcommands: [RecordsList.self, RecordsImport.self],
        defaultSubcommand: RecordsList.self
    )
}

struct RecordsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List records as they stand (latest version); `daftar records` alone does this."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Only this act type.")
    var type: String?

    @Option(name: .long, help: ArgumentHelp("Only records keyed from this ledger's pages.", valueName: "code"))
    var ledger: String?

    @Option(name: .long, help: "Only records with this status: draft, keyed, verified or merged.")
    var status: String?

    @Flag(name: .long, help: "Print [{\"id\", \"type\", \"status\", \"pass\", \"version\", \"actNumber\", \"actDate\", \"pages\", \"verifiedBefore\", \"duplicateOf\"}].")
    var json = false

    func validate() throws {
        if let type { try ActTypeOption.check([type]) }
        try FilterOptions.checkStatus(status)
    }

    func run() throws {
        let store = try global.openArchive(ledger: ledger)
        let records: [RecordListing] = try ExitStatus.orExit { () throws(ArchiveError) in
            try store.records(type: type, status: status, ledger: ledger)
        }
        if json {
            print(try JSONText.encode(records))
            return
        }
        let rows = records.map { record in
            [String(record.id), record.type, record.status, record.pass.map(String.init) ?? "-", String(record.version),
             record.actNumber ?? "-",
             record.actDate ?? "-", record.pages.map(String.init).joined(separator: ",")]
        }
        print(TextTable.render(header: ["ID", "TYPE", "STATUS", "PASS", "VERSION", "ACT", "DATE", "PAGES"], rows: rows))
        print("\(records.count) record(s)")
    }
}

struct RecordsImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import records from a manifest: CSV (type,page,<keys…>) or JSON Lines.",
        discussion: """
            CSV: a header `type,page,<keys…>`; pages separated by `;`; a cell `[illegible]` or \
            `[blank-in-source]` is that flag, `value [uncertain]` keeps the value and flags it. JSON \
            Lines: {"type", "pages": [ids], "fields": {key: value}, "flags": {key: flag}}. Each row \
            is all or nothing; rejected rows are named with their line and each field's problem, \
            the others are imported, and the exit code is 1 when any was rejected. A row already \
            in the archive (same type, pages and fields) is not added again.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var officesOption: OfficesOption

    @Argument(help: "The manifest file.")
    var file: String

    @Flag(name: .long, help: "Import rows despite plausibility warnings.")
    var confirm = false

    @Flag(name: .long, help: "Print {\"imported\": [ids], \"alreadyRecorded\": [ids], \"rejected\": [{\"line\", \"errors\"}]}.")
    var json = false

    func run() throws {
        let language = Language.current()
        try Terminal.requireFile(file)
        guard let manifest = ManifestFile(path: file) else {
            Terminal.printError("\(file): cannot be read as UTF-8 text")
            throw ExitCode(ExitStatus.usage)
        }
        let offices = try RecordAdd.offices(officesOption, archive: global.archive)
        let store = try global.openArchive()
        let keeping = try ExitStatus.orExit { () throws(ArchiveError) in try RecordKeeping(store: store, offices: offices) }
        // Rows naming scanned files belong to `daftar import --manifest`: refused one by one.
        let outcome = try ExitStatus.orExit { () throws(ArchiveError) in
            try ManifestImport(keeping: keeping).run(chunks: manifest, confirmed: confirm, language: language,
                                                     operator: global.operator) { row in
                guard let scan = row.file else { return .success(row.pages) }
                return .failure(.init("names the scanned file \(scan): import it with `daftar import FILES --manifest`"))
            }
        }
        try Self.report(outcome, file: file, json: json)
    }

    /// Names each rejected row on stderr, prints the summary, and exits 1 when a row was rejected.
    static func report(_ outcome: ManifestImport.Outcome, file: String, json: Bool) throws {
        for row in outcome.rejected {
            for error in row.errors { Terminal.printError("\(file) line \(row.line): \(error)") }
        }
        if json {
            print(try JSONText.encode(outcome))
        } else {
            print("imported \(outcome.imported.count) record(s), \(outcome.alreadyRecorded.count) already recorded, "
                  + "rejected \(outcome.rejected.count)")
        }
        if !outcome.rejected.isEmpty { throw ExitCode(ExitStatus.someRejected) }
    }
}
