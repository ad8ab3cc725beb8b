import ArgumentParser
import Archive
import DaftarKit
import Foundation
import Registry

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Issue an archival extract (PDF) of a record, or check an extract's verification code.",
        subcommands: [ExtractIssue.self, ExtractCheck.self],
        defaultSubcommand: ExtractIssue.self
    )
}

extension Language: ExpressibleByArgument {}

struct ExtractIssue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Write a record's archival extract as an A4 PDF (`daftar extract RECORD -o FILE.pdf`).",
        discussion: """
            The extract shows the office, the act's fields with labels in the chosen language, \
            the act's page images, the date of issue, the operator and a verification code \
            (as text and as a QR code) that `daftar extract check` leads back to the record \
            version it was made from. Each issue is recorded in the archive's event log.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var officesOption: OfficesOption

    @Argument(help: "Record id (from `daftar records`).")
    var record: Int64

    @Option(name: .shortAndLong, help: ArgumentHelp("PDF file to write.", valueName: "file.pdf"))
    var output: String

    @Option(name: .long, help: ArgumentHelp("Language of the labels: tg, ru or en (default: DAFTAR_LANG or the locale).",
                                            valueName: "tg|ru|en"))
    var lang: Language?

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    @Flag(name: .long, help: "Issue it from a record nobody has verified yet; the paper says it is not verified.")
    var unverified = false

    @Flag(name: .long, help: "Print {\"code\", \"recordId\", \"version\", \"file\", …} as JSON.")
    var json = false

    func run() throws {
        if FileManager.default.fileExists(atPath: output) && !force {
            Terminal.printError("\(output): exists; use --force to replace it")
            throw ExitCode(ExitStatus.usage)
        }
        let offices = try RecordAdd.offices(officesOption, archive: global.archive)
        let store = try global.openArchive()
        let issued: IssuedExtract
        do {
            issued = try ArchivalExtract(store: store, offices: offices)
                .issue(recordId: record, language: lang ?? Language.current(), operator: global.operator, to: output,
                       unverified: unverified)
        } catch {
            switch error {
            case .noSuchRecord: try global.notFound("record", record)
            case .archive(let archiveError):
                Terminal.printError(archiveError.description)
                throw ExitCode(ExitStatus.code(for: archiveError))
            case .pdf, .unreadableImage, .notIssuable:
                Terminal.printError(error.description)
                throw ExitCode(ExitStatus.someRejected)
            }
        }
        if json {
            struct Issued: Encodable { let extract: IssuedExtract; let file: String }
            print(try JSONText.encode(Issued(extract: issued, file: output)))
        } else {
            print("wrote \(output): record \(issued.recordId) version \(issued.version), verification code \(issued.code)"
                  + (issued.unverified ? " (marked not verified)" : ""))
        }
    }
}

struct ExtractCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Say which record version an extract's code was issued for, and whether the record changed since.",
        discussion: """
            Exit 0: the code was issued here and the record is as the extract shows it. Exit 4: \
            no extract with this code was issued from this archive, or the record has been \
            edited since (the extract is out of date).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The verification code printed on the extract (dashes and case do not matter).")
    var code: String

    @Flag(name: .long, help: "Print the finding as JSON.")
    var json = false

    struct Finding: Encodable {
        let code: String
        let issued: Bool
        let recordId: Int64?
        let type: String?
        let version: Int?
        let currentVersion: Int?
        let changed: Bool?
        let changes: [Change]
        let issues: [IssuedExtract]
    }

    struct Change: Encodable {
        let version: Int
        let `operator`: String
        let time: String
        let reason: String?
    }

    func run() throws {
        guard let canonical = ExtractCode.canonical(code) else {
            Terminal.printError("\(code): not a verification code (12 letters and digits, as XXXX-XXXX-XXXX)")
            throw ExitCode(ExitStatus.usage)
        }
        let store = try global.openArchive()
        let finding: Finding = try ExitStatus.orExit { () throws(ArchiveError) in
            let issues = try store.extracts(code: canonical)
            guard let first = issues.first else {
                return Finding(code: canonical, issued: false, recordId: nil, type: nil, version: nil, currentVersion: nil,
                               changed: nil, changes: [], issues: [])
            }
            let versions = try store.recordVersions(id: first.recordId)
            let certified = versions.first { $0.version == first.version }
            let later = versions.filter { $0.version > first.version }
            // Changed: edited since, or (never through daftar) the certified version no longer matches.
            let changed = !later.isEmpty || certified?.fieldsSha256 != first.fieldsSha256
            return Finding(code: canonical, issued: true, recordId: first.recordId, type: try store.record(id: first.recordId)?.type,
                           version: first.version, currentVersion: versions.last?.version, changed: changed,
                           changes: later.map { Change(version: $0.version, operator: $0.operator, time: $0.time, reason: $0.reason) },
                           issues: issues)
        }
        if json {
            print(try JSONText.encode(finding))
        } else if let recordId = finding.recordId, let version = finding.version {
            let issuesText = finding.issues.map {
                "\($0.issuedAt) by \($0.operator) (\($0.language)\($0.unverified ? ", marked not verified" : ""))"
            }.joined(separator: "; ")
            print("\(canonical): record \(recordId) (\(finding.type ?? "?")) version \(version), issued \(issuesText)")
            if finding.changed == true {
                if finding.changes.isEmpty {
                    print("the record's version \(version) no longer matches what the extract certified: run `daftar verify`")
                }
                for change in finding.changes {
                    print("changed since: version \(change.version) on \(change.time) by \(change.operator)"
                          + (change.reason.map { ": \($0)" } ?? ""))
                }
            } else {
                print("the record is unchanged since the extract was issued")
            }
        } else {
            print("\(canonical): no extract with this code was issued from \(global.archive)")
        }
        if finding.issued == false || finding.changed == true { throw ExitCode(ExitStatus.checkFailed) }
    }
}
