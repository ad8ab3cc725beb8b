import ArgumentParser
import Archive
import Foundation

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "The archive's event log: imports, re-normalizations, record entries and edits, oldest first."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Only the events of this record.", valueName: "id"))
    var record: Int64?

    @Flag(name: .long, help: "Print the events as JSON (their columns, details as a JSON string).")
    var json = false

    func run() throws {
        let store = try global.openArchive()
        var events: [EventRecord] = try ExitStatus.orExit { () throws(ArchiveError) in
            try store.events()
        }
        if let record { events = events.filter { Self.concerns($0, record: record) } }
        if json {
            print(try JSONText.encode(events))
            return
        }
        let rows = events.map { event in
            [String(event.id ?? 0), event.time, event.kind, event.operator, event.subject ?? "-"]
        }
        print(TextTable.render(header: ["ID", "TIME", "KIND", "OPERATOR", "SUBJECT"], rows: rows))
    }

    /// Whether an event is about a record: its own events, or a manifest batch that added it.
    static func concerns(_ event: EventRecord, record: Int64) -> Bool {
        if event.subject == "record:\(record)" { return true }
        return RecordBatchDetails(event: event)?.records.contains { $0.id == record } ?? false
    }
}
