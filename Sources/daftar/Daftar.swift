import ArgumentParser
import DaftarKit
import Foundation
import Imaging

/// The root command: configuration only.
@main
struct Daftar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daftar",
        abstract: "Digitize civil-registry ledgers into a verifiable SQLite archive.",
        version: "0.1.0",
        subcommands: [InitCommand.self, ImportCommand.self, PagesCommand.self, ShowCommand.self, ExportCommand.self,
                      RenormalizeCommand.self, RecordCommand.self, RecordsCommand.self, ReconcileCommand.self, EnterCommand.self, SearchCommand.self, DuplicatesCommand.self, SchemaCommand.self, VerifyCommand.self, BackupCommand.self, StatsCommand.self, LogCommand.self, ExtractCommand.self, BagCommand.self, ImportBagCommand.self, ExerciseCommand.self]
    )

    /// Runs the command line, mapping usage errors to exit code 2 (DESIGN.md's exit codes).
    static func main() async {
        PixelMemory.returnLargeBuffersToSystem()
        do {
            // From argv's bytes: CommandLine.arguments turns a file name that is not
            // UTF-8 (CP1251, say) into U+FFFD, and the file could not be found again.
            var command = try parseAsRoot(PathBytes.arguments())
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if error is ExitCode {
                Foundation.exit(code.rawValue)
            }
            Terminal.printError(fullMessage(for: error))
            Foundation.exit(code == .validationFailure ? ExitStatus.usage : code.rawValue)
        }
    }
}
