import ArgumentParser
import Archive
import DaftarKit
import Foundation
import Imaging
import Registry

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import scanned files and folders (TIFF, PNG, JPEG) into the archive.",
        discussion: """
            Folders are walked recursively. Every page of every valid file is stored with its \
            original bytes, an access JPEG and a thumbnail; a broken file is named with the reason \
            and skipped. Files already archived (same SHA-256) are not stored again. A page that \
            fails the scan-quality policy is imported with a one-line warning naming what to rescan. \
            With --manifest, each row's record is attached to the pages of the file it names (a \
            `page` column picks one page of a multi-page file); rows are all or nothing, and a row \
            already recorded by an earlier run is not added twice. \
            With --inbox (for cron), the hot folder's files that have not changed for --settle seconds \
            are imported; each moves to --done once the archive holds it, or to --failed with \
            NAME.error.txt giving the reason; newer files stay for the next run. One such import runs \
            on an archive at a time (a lock beside it). \
            Exit status: 0 all imported or already archived, 1 some files or rows rejected, 2 usage, \
            3 archive busy or another inbox import running.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Files or folders to import.", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("A scanner's hot folder to import (with --done and --failed).", valueName: "folder"))
    var inbox: String?

    @Option(help: ArgumentHelp("Where --inbox files go once archived.", valueName: "folder"))
    var done: String?

    @Option(help: ArgumentHelp("Where rejected --inbox files go, each with NAME.error.txt.", valueName: "folder"))
    var failed: String?

    @Option(help: ArgumentHelp("Leave --inbox files changed less than this many seconds ago for the next run.",
                               valueName: "seconds"))
    var settle: Double = 10

    @Option(help: ArgumentHelp("Wait this long for another --inbox import of the archive to end (default: exit 3 at once).",
                               valueName: "seconds"))
    var wait: Double = 0

    @Option(help: ArgumentHelp("Append a line per file and a summary to this file.", valueName: "file"))
    var log: String?

    @Option(help: ArgumentHelp("Ledger (act book) code to record on the imported files.", valueName: "code"))
    var ledger: String?

    @Option(help: "Largest page accepted, in pixels (checked from the header before decoding).")
    var maxPixels: Int = ImportOptions.defaultMaxPixels

    @OptionGroup var normalization: NormalizationFlags

    @Option(help: ArgumentHelp(
        "Records to attach while importing: CSV with a header file,type[,page],<keys…> or JSON Lines {\"file\", \"type\", \"fields\"}.",
        valueName: "file"))
    var manifest: String?

    @OptionGroup var officesOption: OfficesOption

    @Flag(help: "Attach manifest records despite plausibility warnings.")
    var confirm = false

    @Flag(help: "Print a JSON summary on stdout.")
    var json = false

    func validate() throws {
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be positive") }
        if let ledger, ledger.isEmpty { throw ValidationError("--ledger must not be empty") }
        guard settle >= 0, wait >= 0 else { throw ValidationError("--settle and --wait must not be negative") }
        if inbox != nil {
            guard done != nil, failed != nil else { throw ValidationError("--inbox needs --done and --failed") }
            guard paths.isEmpty else { throw ValidationError("give either paths or --inbox, not both") }
            guard manifest == nil else { throw ValidationError("--manifest does not go with --inbox") }
        } else {
            guard !paths.isEmpty else { throw ValidationError("give files or folders to import, or --inbox") }
            guard done == nil, failed == nil else { throw ValidationError("--done and --failed go with --inbox") }
        }
    }

    func run() async throws {
        global.startLogging()
        if let inbox, let done, let failed {
            try await runInbox(Inbox(folder: inbox, done: done, failed: failed))
            return
        }
        let records = try readManifest()
        let offices = records == nil ? nil : try RecordAdd.offices(officesOption, archive: global.archive)
        let store = try global.openArchive()
        let policy = try normalization.loadPolicy()
        let options = ImportOptions(ledger: ledger, operator: global.operator, maxPixels: maxPixels,
                                    normalization: normalization.options, policy: policy)
        let tally = ProgressTally()
        let imported: ImportSummary
        do {
            imported = try await ImportRunner(store: store, options: options).run(paths: paths) { event in
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
        var summary = imported
        if let records {
            summary.records = try attach(records, to: store, offices: offices)
        }
        if json {
            print(try JSONText.encode(summary))
        } else {
            print("imported \(summary.imported) file(s), \(summary.pages) page(s); "
                  + "\(summary.duplicates) already archived; \(summary.rejected.count) rejected; "
                  + "\(summary.warnings.count) page(s) to rescan")
            if let outcome = summary.records {
                print("records: \(outcome.imported.count) attached, \(outcome.alreadyRecorded.count) already recorded, "
                      + "\(outcome.rejected.count) row(s) rejected")
            }
        }
        if !summary.rejected.isEmpty || !(summary.records?.rejected.isEmpty ?? true) { throw ExitCode(ExitStatus.someRejected) }
    }

    /// Imports a hot folder under the archive's import lock.
    private func runInbox(_ inbox: Inbox) async throws {
        guard PathBytes.exists(inbox.folder).isFolder else {
            Terminal.printError("\(inbox.folder): no such inbox folder")
            throw ExitCode(ExitStatus.usage)
        }
        let log = try log.map { path in
            do { return try ImportLog(path: path) } catch {
                Terminal.printError("\(path): cannot open the log: \(error)")
                throw ExitCode(ExitStatus.usage)
            }
        }
        let store = try global.openArchive()
        let lock: ImportLock
        do {
            lock = try ImportLock(archive: store.path, wait: wait)
        } catch let held as ImportLock.Held {
            Terminal.printError(held.description)
            log?.write("busy: \(held.description)")
            throw ExitCode(ExitStatus.busy)
        } catch {
            // The lock file cannot be made beside the archive (a read-only folder, say).
            Terminal.printError("\(error)")
            log?.write("stopped: \(error)")
            throw ExitCode(ExitStatus.usage)
        }
        defer { withExtendedLifetime(lock) {} }
        let policy = try normalization.loadPolicy()
        let options = ImportOptions(ledger: ledger, operator: global.operator, maxPixels: maxPixels,
                                    normalization: normalization.options, policy: policy)
        let runner = InboxImport(runner: ImportRunner(store: store, options: options), inbox: inbox)
        let (imported, moves): (ImportSummary, InboxImport.Summary)
        do {
            (imported, moves) = try await runner.run(settle: settle, report: { event in
                switch event {
                case .rejected(let path, let reason):
                    Terminal.printError("\(path): \(reason)")
                    log?.write("rejected \(path): \(reason)")
                case .imported(let path, let pages, let warnings):
                    for warning in warnings { Terminal.printWarning(warning.line) }
                    log?.write("imported \(path): \(pages) page(s)")
                case .duplicate(let path): log?.write("already archived \(path)")
                case .started: break
                }
            }, moved: { event in
                switch event {
                case .moved(let path, let target): log?.write("moved \(path) to \(target)")
                case .left(let path, let reason): log?.write("left \(path): \(reason)")
                case .moveFailed(let path, let error):
                    Terminal.printError(error)
                    log?.write("not moved \(path): \(error)")
                }
            })
        } catch {
            Terminal.printError(error.description)
            log?.write("stopped: \(error.description)")
            throw ExitCode(ExitStatus.code(for: error))
        }
        var summary = imported
        summary.inbox = moves
        let line = "imported \(summary.imported) file(s), \(summary.pages) page(s); \(summary.duplicates) already archived; "
            + "\(summary.rejected.count) rejected; \(summary.warnings.count) page(s) to rescan; "
            + "\(moves.done) moved to done, \(moves.failed) to failed, \(moves.left.count) left in the inbox"
        log?.write(line)
        print(json ? try JSONText.encode(summary) : line)
        if !summary.rejected.isEmpty || !moves.moveErrors.isEmpty { throw ExitCode(ExitStatus.someRejected) }
    }

    /// The manifest, read before anything is imported: a manifest that cannot be used stops the command (exit 2).
    private func readManifest() throws -> RecordManifest? {
        guard let manifest else { return nil }
        let text = try Terminal.readText(manifest)
        let parsed = RecordManifest(text: text)
        if let row = parsed.rows.first(where: { $0.file == nil }) {
            Terminal.printError("\(manifest) line \(row.line): no scanned file named (the manifest needs a file column)")
            throw ExitCode(ExitStatus.usage)
        }
        if parsed.rows.isEmpty, let first = parsed.unreadable.first {
            Terminal.printError("\(manifest) line \(first.line): \(first.reason)")
            throw ExitCode(ExitStatus.usage)
        }
        return parsed
    }

    /// Attaches the manifest's records to the pages of the files they name.
    private func attach(_ records: RecordManifest, to store: ArchiveStore, offices: OfficeList?) throws -> ManifestImport.Outcome {
        guard let manifest else { return ManifestImport.Outcome() }
        let language = Language.current()
        let folder = URL(fileURLWithPath: manifest).deletingLastPathComponent()
        let files = FileCollector.collect(paths, excluding: [store.path]).files
        let outcome = try ExitStatus.orExit { () throws(ArchiveError) in
            try ManifestImport(keeping: try RecordKeeping(store: store, offices: offices)).run(
                records, confirmed: confirm, language: language, operator: global.operator) { row throws(ArchiveError) in
                try ManifestImport.pagesOfFile(row, manifestFolder: folder, importedFiles: files, store: store)
            }
        }
        for row in outcome.rejected {
            for error in row.errors { Terminal.printError("\(manifest) line \(row.line): \(error)") }
        }
        return outcome
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
