import ArgumentParser
import Archive
import DaftarKit
import Foundation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the archive: stored bytes against their SHA-256, SQLite's integrity check, the event log and record history.",
        discussion: """
            Recomputes the SHA-256 of the stored originals and images (all of them, those not checked \
            for --since DAYS, or a random --sample N) and names each page whose bytes changed; runs \
            SQLite's integrity check; checks the hash-chained event log and that every record version \
            matches its event. The check is recorded as a `fixity` event. \
            Exit 0 when everything holds, 4 when anything is damaged (each finding on one line).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Check only blobs not checked for this many days.", valueName: "days"))
    var since: Int?

    @Option(help: ArgumentHelp("Check this many blobs drawn at random.", valueName: "n"))
    var sample: Int?

    @Flag(name: .long, help: "Kept for scripts written before the audit was always run.")
    var audit = false

    @Flag(help: "Print a JSON report on stdout.")
    var json = false

    func validate() throws {
        guard since == nil || sample == nil else { throw ValidationError("give --since or --sample, not both") }
        if let since, since < 0 { throw ValidationError("--since must not be negative") }
        if let sample, sample <= 0 { throw ValidationError("--sample must be positive") }
    }

    struct Report: Encodable {
        let integrity: String
        let blobs: FixityReport
        let seconds: Double
        let megabytesPerSecond: Double
        let events: Int
        let recordVersions: Int
        let auditFindings: [String]
        let ok: Bool
    }

    func run() throws {
        let store = try global.openArchive()
        let scope: ArchiveStore.FixityScope = since.map { .notCheckedFor(days: $0) } ?? sample.map { .sample($0) } ?? .all
        let report = try ExitStatus.orExit { () throws(ArchiveError) -> Report in
            let integrity = try store.integrityCheck()
            // The audit reads the log as it was before this check's own event.
            let audit = try Audit(store: store).run()
            let start = Date()
            let fixity = try FixityCheck(store: store).run(scope, operator: global.operator) { done, total in
                Terminal.progress(done: done, total: total, detail: "blobs")
            }
            Terminal.clearProgress()
            let seconds = Date().timeIntervalSince(start)
            return Report(integrity: integrity, blobs: fixity, seconds: seconds,
                          megabytesPerSecond: seconds > 0 ? Double(fixity.bytes) / 1_048_576 / seconds : 0,
                          events: audit.events, recordVersions: audit.recordVersions, auditFindings: audit.findings,
                          ok: integrity == "ok" && fixity.damaged.isEmpty && audit.findings.isEmpty)
        }
        if report.integrity != "ok" { Terminal.printError("integrity: \(report.integrity)") }
        for blob in report.blobs.damaged {
            let pages = blob.pages.map { "page \($0.page) (\($0.source), \($0.role))" }
            Terminal.printError("blob \(blob.sha256): bytes no longer match their SHA-256: "
                                + (pages.isEmpty ? "no page uses it" : pages.joined(separator: ", ")))
        }
        for finding in report.auditFindings { Terminal.printError(finding) }
        if json {
            print(try JSONText.encode(report))
        } else {
            print("integrity: \(report.integrity == "ok" ? "ok" : "damaged")")
            print(String(format: "fixity: %d blob(s), %.1f MB in %.1f s (%.0f MB/s): ", report.blobs.checked,
                         Double(report.blobs.bytes) / 1_048_576, report.seconds, report.megabytesPerSecond)
                  + (report.blobs.damaged.isEmpty ? "ok" : "\(report.blobs.damaged.count) damaged"))
            print("audit: \(report.events) events, \(report.recordVersions) record versions: "
                  + (report.auditFindings.isEmpty ? "ok" : "\(report.auditFindings.count) finding(s)"))
        }
        if !report.ok { throw ExitCode(ExitStatus.checkFailed) }
    }
}
