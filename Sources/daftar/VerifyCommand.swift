import ArgumentParser
import Archive
import DaftarKit

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the archive: SQLite's integrity check, and with --audit the event log and record history.",
        discussion: "Exit 0 when everything holds, 4 when a check fails (each finding on one line)."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Check the hash-chained event log and that every record version matches its event.")
    var audit = false

    func run() throws {
        let store = try global.openArchive()
        var failed = false
        do {
            let integrity = try store.integrityCheck()
            if integrity == "ok" {
                print("integrity: ok")
            } else {
                Terminal.printError("integrity: \(integrity)")
                failed = true
            }
            if audit {
                let report = try Audit(store: store).run()
                for finding in report.findings { Terminal.printError(finding) }
                failed = failed || !report.findings.isEmpty
                print("audit: \(report.events) events, \(report.recordVersions) record versions: "
                      + (report.findings.isEmpty ? "ok" : "\(report.findings.count) finding(s)"))
            }
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(ExitStatus.code(for: error))
        }
        if failed { throw ExitCode(ExitStatus.checkFailed) }
    }
}
