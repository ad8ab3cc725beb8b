import ArgumentParser
import Archive
import DaftarKit
import Foundation
import Imaging

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import scanned files and folders (TIFF, PNG, JPEG) into the archive.",
        discussion: """
            Folders are walked recursively. Every page of every valid file is stored with its \
            original bytes, an access JPEG and a thumbnail; a broken file is named with the reason \
            and skipped. Files already archived (same SHA-256) are not stored again. A page that \
            fails the scan-quality policy is imported with a one-line warning naming what to rescan. \
            Exit status: 0 all imported or already archived, 1 some files rejected, 2 usage, 3 archive busy.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Files or folders to import.", valueName: "path"))
    var paths: [String]

    @Option(help: ArgumentHelp("Ledger (act book) code to record on the imported files.", valueName: "code"))
    var ledger: String?

    @Option(help: "Largest page accepted, in pixels (checked from the header before decoding).")
    var maxPixels: Int = ImportOptions.defaultMaxPixels

    @OptionGroup var normalization: NormalizationFlags

    @Flag(help: "Print a JSON summary on stdout.")
    var json = false

    func validate() throws {
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be positive") }
        if let ledger, ledger.isEmpty { throw ValidationError("--ledger must not be empty") }
    }

    func run() async throws {
        global.startLogging()
        let store = try global.openArchive()
        let policy = try normalization.loadPolicy()
        let options = ImportOptions(ledger: ledger, operator: global.operator, maxPixels: maxPixels,
                                    normalization: normalization.options, policy: policy)
        let tally = ProgressTally()
        let summary: ImportSummary
        do {
            summary = try await ImportRunner(store: store, options: options).run(paths: paths) { event in
                switch event {
                case .rejected(let path, let reason): Terminal.printError("\(path): \(reason)")
                case .imported(_, _, let warnings): for warning in warnings { Terminal.printWarning(warning.line) }
                default: break
                }
                let progress = tally.add(event)
                Terminal.progress(done: progress.files, total: progress.total, detail: "files, \(progress.pages) pages")
            }
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(ExitStatus.code(for: error))
        }
        Terminal.clearProgress()
        if json {
            print(try JSONText.encode(summary))
        } else {
            print("imported \(summary.imported) file(s), \(summary.pages) page(s); "
                  + "\(summary.duplicates) already archived; \(summary.rejected.count) rejected; "
                  + "\(summary.warnings.count) page(s) to rescan")
        }
        if !summary.rejected.isEmpty { throw ExitCode(ExitStatus.someRejected) }
    }
}

/// Counts finished files and pages for the progress bar (events arrive on the writer's task).
final class ProgressTally: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    private var files = 0
    private var pages = 0

    func add(_ event: ImportEvent) -> (files: Int, total: Int, pages: Int) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .started(let count): total = count
        case .imported(_, let count, _): files += 1; pages += count
        case .duplicate, .rejected: files += 1
        }
        return (files, total, pages)
    }
}
