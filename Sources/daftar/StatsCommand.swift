import ArgumentParser
import Archive
import Foundation

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "What the archive holds: files, pages, records by type, office and year, size, last import and check."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON on stdout.")
    var json = false

    func run() throws {
        let store = try global.openArchive()
        let stats = try ExitStatus.orExit { () throws(ArchiveError) in try store.stats() }
        if json {
            print(try JSONText.encode(stats))
            return
        }
        print("files: \(stats.sources), pages: \(stats.pages), stored blobs: \(stats.blobs)")
        print(String(format: "archive size: %.1f MB", Double(stats.archiveBytes) / 1_048_576))
        let statuses = stats.recordsByStatus.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        print("records: \(stats.records)" + (statuses.isEmpty ? "" : " (\(statuses.joined(separator: ", ")))"))
        if !stats.recordGroups.isEmpty {
            print(TextTable.render(header: ["TYPE", "OFFICE", "YEAR", "RECORDS"],
                                   rows: stats.recordGroups.map { [$0.type, $0.office ?? "-", $0.year ?? "-", String($0.count)] }))
        }
        print("last import: \(stats.lastImport ?? "never")")
        print("last verification: \(stats.lastVerification ?? "never")")
    }
}
