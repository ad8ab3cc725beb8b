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
        let statuses = stats.actsByStatus.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        print("acts: \(stats.acts)" + (statuses.isEmpty ? "" : " (\(statuses.joined(separator: ", ")))"))
        let others = [(stats.awaitingReconciliation, "second keying(s) waiting for reconciliation"),
                      (stats.mergedKeyings, "merged second keying(s)"), (stats.duplicates, "duplicate(s)"), (stats.drafts, "draft(s)")]
            .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        print("records: \(stats.records)" + (others.isEmpty ? "" : " — besides the acts: \(others.joined(separator: ", "))"))
        if !stats.recordGroups.isEmpty {
            print(TextTable.render(header: ["TYPE", "OFFICE", "YEAR", "ACTS"],
                                   rows: stats.recordGroups.map { [$0.type, $0.office ?? "-", $0.year ?? "-", String($0.count)] }))
        }
        print("last import: \(stats.lastImport ?? "never")")
        print("last verification: \(stats.lastVerification ?? "never")")
    }
}
