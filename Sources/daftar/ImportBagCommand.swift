import ArgumentParser
import Archive
import DaftarKit
import Foundation

struct ImportBagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-bag",
        abstract: "Bring a bag written by `daftar bag` into the archive (made if missing).",
        discussion: """
            The bag is checked whole first (every manifest checksum, no unlisted payload file); a \
            damaged bag is refused with the files named and nothing taken from it. Then every \
            original comes back byte for byte with its pages and images, and every record with all \
            its versions, each keeping its operator and time; the event log says who restored them \
            and from which bag. What the archive holds already is recognised, so running it again \
            adds nothing twice. Exit 1 when something could not be restored (each named).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The bag's folder.")
    var dir: String

    @Flag(name: .long, help: "Print the summary as JSON.")
    var json = false

    func run() throws {
        let summary: BagImport.Summary
        do {
            // The bag is checked before the archive is opened (or made).
            let bag = try BagReader(root: dir)
            let store = try ExitStatus.orExit { () throws(ArchiveError) in try ArchiveStore.create(at: global.archive).0 }
            summary = try BagImport(store: store).run(bag: bag, operator: global.operator)
        } catch let error as BagError {
            Terminal.printError(error.description)
            if case .archive(let archiveError) = error { throw ExitCode(ExitStatus.code(for: archiveError)) }
            throw ExitCode(ExitStatus.someRejected)
        }
        for failure in summary.failures { Terminal.printError(failure) }
        if json {
            struct Report: Encodable {
                let sourcesRestored, sourcesAlreadyThere, recordsRestored, recordsExtended, recordsAlreadyThere: Int
                let decisionsRestored, extractsRestored, extensionsRestored: Int
                let failures: [String]
            }
            print(try JSONText.encode(Report(
                sourcesRestored: summary.sourcesRestored, sourcesAlreadyThere: summary.sourcesAlreadyThere,
                recordsRestored: summary.recordsRestored, recordsExtended: summary.recordsExtended,
                recordsAlreadyThere: summary.recordsAlreadyThere, decisionsRestored: summary.decisionsRestored,
                extractsRestored: summary.extractsRestored,
                extensionsRestored: summary.extensionsRestored, failures: summary.failures)))
        } else {
            print("\(dir): \(summary.sourcesRestored) scanned file(s) restored, \(summary.sourcesAlreadyThere) already here; "
                  + "\(summary.recordsRestored) record(s) restored, \(summary.recordsExtended) given newer versions, "
                  + "\(summary.recordsAlreadyThere) already here"
                  + (summary.decisionsRestored > 0 ? "; \(summary.decisionsRestored) duplicate decision(s)" : "")
                  + (summary.extractsRestored > 0 ? "; \(summary.extractsRestored) issued extract(s)" : "")
                  + (summary.extensionsRestored > 0 ? "; \(summary.extensionsRestored) schema extension version(s)" : "")
                  + (summary.failures.isEmpty ? "" : "; \(summary.failures.count) failed"))
        }
        if !summary.failures.isEmpty { throw ExitCode(ExitStatus.someRejected) }
    }
}
