import ArgumentParser
import Archive
import DaftarKit
import Foundation

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the archive while others go on using it.",
        discussion: """
            The copy is one snapshot of the archive (SQLite's VACUUM INTO), written under a temporary \
            name and renamed into place once it is on disk, mode 0640. With --verify the copy is then \
            checked: SQLite's integrity check, every stored blob against its SHA-256, and the audit. \
            Exit 0 when done (and verified), 2 when DEST exists (without --force), 4 when the copy fails its check.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The backup file to write.", valueName: "dest"))
    var destination: String

    @Flag(help: "Check the copy after writing it.")
    var verify = false

    @Flag(help: "Replace DEST if it exists.")
    var force = false

    @Flag(help: "Print a JSON summary on stdout.")
    var json = false

    struct Summary: Encodable {
        let destination: String
        let bytes: Int64
        let seconds: Double
        let verified: Bool?
        let blobsChecked: Int?
        let findings: [String]
    }

    func run() throws {
        let store = try global.openArchive()
        let target = URL(fileURLWithPath: destination).standardizedFileURL.path
        if target == URL(fileURLWithPath: store.path).standardizedFileURL.path {
            Terminal.printError("\(destination): that is the archive itself")
            throw ExitCode(ExitStatus.usage)
        }
        if FileManager.default.fileExists(atPath: target) && !force {
            Terminal.printError("\(destination): already exists (use --force to replace it)")
            throw ExitCode(ExitStatus.usage)
        }
        let start = Date()
        let bytes = try ExitStatus.orExit { () throws(ArchiveError) in try store.backup(to: target) }
        var findings: [String] = [], checked: Int?
        if verify {
            let copy = try ExitStatus.orExit { () throws(ArchiveError) in try ArchiveStore.open(at: target) }
            try ExitStatus.orExit { () throws(ArchiveError) in
                let integrity = try copy.integrityCheck()
                if integrity != "ok" { findings.append("integrity: \(integrity)") }
                let fixity = try FixityCheck(store: copy).run(.all, operator: global.operator, record: false)
                checked = fixity.checked
                for blob in fixity.damaged { findings.append("blob \(blob.sha256): bytes no longer match their SHA-256") }
                findings += try Audit(store: copy).run().findings
            }
        }
        for finding in findings { Terminal.printError("\(destination): \(finding)") }
        let seconds = Date().timeIntervalSince(start)
        if json {
            print(try JSONText.encode(Summary(destination: target, bytes: bytes, seconds: seconds,
                                              verified: verify ? findings.isEmpty : nil, blobsChecked: checked,
                                              findings: findings)))
        } else {
            print(String(format: "backed up to %@: %.1f MB in %.1f s", destination, Double(bytes) / 1_048_576, seconds)
                  + (verify ? (findings.isEmpty ? "; verified (\(checked ?? 0) blobs)" : "; FAILED its check") : ""))
        }
        if !findings.isEmpty { throw ExitCode(ExitStatus.checkFailed) }
    }
}
