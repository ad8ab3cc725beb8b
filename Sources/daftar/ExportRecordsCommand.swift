import ArgumentParser
import Archive
import DaftarKit
import Foundation

extension RecordExport.Format: ExpressibleByArgument {}

struct ExportRecords: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "Write records as they stand, one row each, as CSV or JSON Lines (UTF-8).",
        discussion: """
            CSV columns: id, type, status, version, pass, duplicate_of, ledgers, pages, created_at, \
            created_by, updated_at, updated_by, reason, then every field of the chosen types in the \
            schema's order, then other_fields. A cell holds the value; [illegible] or [blank-in-source] \
            for a flag in its place; "value [uncertain]". JSON Lines: {"id", "type", …, "fields": \
            {key: value}, "flags": {key: flag}}. --from and --to compare act dates by value: \
            --from 1957 --to 1957 is every act dated within 1957, a year-only date included.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var officesOption: OfficesOption

    @Option(name: .long, help: "Only this act type (repeatable).")
    var type: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only acts of this registry office (act.office).", valueName: "code"))
    var office: String?

    @Option(name: .long, help: ArgumentHelp("Only acts dated on or after this date (1957, 1957-03, 1957-03-12).", valueName: "date"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("Only acts dated on or before this date.", valueName: "date"))
    var to: String?

    @Option(name: .long, help: "csv or jsonl.")
    var format: RecordExport.Format

    @Option(name: .shortAndLong, help: ArgumentHelp("File to write (default: standard output).", valueName: "file"))
    var output: String?

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    func validate() throws {
        try ActTypeOption.check(type)
        try FilterOptions.checkRange(from: try DateOption.parse(from, option: "--from"), to: try DateOption.parse(to, option: "--to"))
    }

    func run() throws {
        try FilterOptions.checkOffice(office, in: try RecordAdd.offices(officesOption, archive: global.archive))
        let store = try global.openArchive()
        let filter = RecordExport.Filter(types: type, office: office, from: try DateOption.parse(from, option: "--from"),
                                         to: try DateOption.parse(to, option: "--to"))
        do {
            let writer = try FileWriter(path: output, replacing: force)
            let count = try RecordExport(store: store).write(format, filter: filter, to: writer)
            if let output { print("wrote \(output): \(count) record(s)") }
        } catch let error as ArchiveError {
            Terminal.printError(error.description)
            throw ExitCode(ExitStatus.code(for: error))
        } catch let error as FileWriter.Failure {
            Terminal.printError(error.description)
            throw ExitCode(FileManager.default.fileExists(atPath: output ?? "") && !force ? ExitStatus.usage : ExitStatus.someRejected)
        }
    }
}
