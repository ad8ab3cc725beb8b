import ArgumentParser
import Archive
import Foundation
import Logging

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Archive file (env DAFTAR_ARCHIVE).", valueName: "path"))
    var archive: String = ProcessInfo.processInfo.environment["DAFTAR_ARCHIVE"] ?? "archive.sqlite"

    @Option(name: .long, help: ArgumentHelp("Who is working, recorded in the archive (env DAFTAR_OPERATOR; default: login name).", valueName: "name"))
    var `operator`: String = GlobalOptions.defaultOperator

    @Flag(name: .long, help: "Print per-file diagnostics on stderr.")
    var verbose = false

    /// Sends log messages to stderr: warnings always, per-file details with --verbose.
    func startLogging() {
        let level: Logger.Level = verbose ? .debug : .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    static var defaultOperator: String {
        let environment = ProcessInfo.processInfo.environment
        if let name = environment["DAFTAR_OPERATOR"], !name.isEmpty { return name }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return environment["USER"] ?? "unknown"
    }

    /// Says that the archive holds no such item (`record 12: no such record in archive.sqlite`)
    /// and ends the command with the usage exit code.
    func notFound(_ kind: String, _ id: Int64) throws -> Never {
        Terminal.printError("\(kind) \(id): no such \(kind) in \(archive)")
        throw ExitCode(ExitStatus.usage)
    }

    /// Opens the archive and checks that `ledger`, when given, is one of its ledgers: a
    /// filter naming no ledger would find nothing, so it is a usage error naming the ledgers.
    func openArchive(ledger: String?) throws -> ArchiveStore {
        let store = try openArchive()
        guard let ledger else { return store }
        let known = try ExitStatus.orExit { () throws(ArchiveError) in try store.ledgers() }
        if !known.contains(ledger) {
            Terminal.printError("ledger \(ledger): no files of this ledger in \(archive); "
                                + (known.isEmpty ? "it holds no ledgers" : "its ledgers are \(known.joined(separator: ", "))"))
            throw ExitCode(ExitStatus.usage)
        }
        return store
    }

    /// Opens the archive or exits with the right code and one line of error.
    func openArchive() throws -> ArchiveStore {
        do {
            return try ArchiveStore.open(at: archive)
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(ExitStatus.code(for: error))
        }
    }
}
