import ArgumentParser
import Archive
import Foundation

struct RecordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "List records as they stand (latest version)."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Only this act type.")
    var type: String?

    @Option(name: .long, help: ArgumentHelp("Only records keyed from this ledger's pages.", valueName: "code"))
    var ledger: String?

    @Option(name: .long, help: "Only records with this status: draft, keyed or verified.")
    var status: String?

    @Flag(name: .long, help: "Print [{\"id\", \"type\", \"status\", \"version\", \"actNumber\", \"actDate\", \"pages\"}].")
    var json = false

    func run() throws {
        let store = try global.openArchive()
        let records: [RecordListing]
        do {
            records = try store.records(type: type, status: status, ledger: ledger)
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(ExitStatus.code(for: error))
        }
        if json {
            print(try JSONText.encode(records))
            return
        }
        let rows = records.map { record in
            [String(record.id), record.type, record.status, String(record.version), record.actNumber ?? "-",
             record.actDate ?? "-", record.pages.map(String.init).joined(separator: ",")]
        }
        print(TextTable.render(header: ["ID", "TYPE", "STATUS", "VERSION", "ACT", "DATE", "PAGES"], rows: rows))
        print("\(records.count) record(s)")
    }
}
