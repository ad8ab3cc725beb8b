import ArgumentParser
import Archive

/// daftar's exit codes (DESIGN.md, "Command-line conventions").
enum ExitStatus {
    static let ok: Int32 = 0
    static let someRejected: Int32 = 1
    static let usage: Int32 = 2
    static let busy: Int32 = 3
    static let checkFailed: Int32 = 4

    /// The exit code for an archive failure.
    static func code(for error: ArchiveError) -> Int32 {
        switch error {
        case .busy: return busy
        case .missing, .notAnArchive, .emptyFile, .newerSchema, .notWritable: return usage
        case .database: return someRejected
        }
    }
}

extension ExitStatus {
    /// Runs an archive operation; a failure is printed as one line and ends the
    /// command with its exit code.
    static func orExit<T>(_ body: () throws(ArchiveError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(code(for: error))
        }
    }
}
