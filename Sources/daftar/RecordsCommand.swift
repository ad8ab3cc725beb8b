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

    @Flag(name: .long, help: "Print [{\"id\", \"type\", \"status\", \"pass\", \"version\", \"actNumber\", \"actDate\", \"pages\"}].")
    var json = false

    func run() throws {
        let store = try global.openArchive()
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
            the others are imported, and the exit code is 1 when any was rejected.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var officesOption: OfficesOption

    @Argument(help: "The manifest file.")
    var file: String

    @Flag(name: .long, help: "Import rows despite plausibility warnings.")
    var confirm = false

    @Flag(name: .long, help: "Print {\"imported\": [ids], \"rejected\": [{\"line\", \"errors\"}]}.")
    var json = false

    func run() throws {
        let language = Language.current()
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            Terminal.printError("\(file): cannot be read as UTF-8 text")
            throw ExitCode(ExitStatus.usage)
        }
        let offices = try RecordAdd.offices(officesOption, archive: global.archive)
        let store = try global.openArchive()
        let keeping = try ExitStatus.orExit { () throws(ArchiveError) in try RecordKeeping(store: store, offices: offices) }
        let manifest = RecordManifest(text: text)
        struct Rejected: Encodable { let line: Int; let errors: [String] }
        var imported: [Int64] = [], rejected: [Rejected] = []
        for row in manifest.unreadable { rejected.append(Rejected(line: row.line, errors: [row.reason])) }
        for row in manifest.rows {
            do {
                switch try keeping.add(type: row.type, pages: row.pages, values: row.values, flags: row.flags,
                                       confirmed: confirm, operator: global.operator) {
                case .added(let id, _): imported.append(id)
                case .refused(let refusal): rejected.append(Rejected(line: row.line, errors: refusal.messages(in: language)))
                }
            } catch {
                if case .database = error {
                    rejected.append(Rejected(line: row.line, errors: [error.description]))
                } else {
                    Terminal.printError(error.description)
                    throw ExitCode(ExitStatus.code(for: error))
                }
            }
        }
        rejected.sort { $0.line < $1.line }
        for row in rejected {
            for error in row.errors { Terminal.printError("\(file) line \(row.line): \(error)") }
        }
        if json {
            struct Summary: Encodable { let imported: [Int64]; let rejected: [Rejected] }
            print(try JSONText.encode(Summary(imported: imported, rejected: rejected)))
        } else {
            print("imported \(imported.count) record(s), rejected \(rejected.count)")
        }
        if !rejected.isEmpty { throw ExitCode(ExitStatus.someRejected) }
    }
}
