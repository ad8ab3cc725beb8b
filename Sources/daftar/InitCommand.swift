import ArgumentParser
import Archive

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an archive (an existing archive is left as it is)."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        do {
            let (_, created) = try ArchiveStore.create(at: global.archive, adoptingEmpty: true)
            print(created ? "created archive \(global.archive)" : "archive \(global.archive) already exists; left as it is")
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(ExitStatus.code(for: error))
        }
    }
}
