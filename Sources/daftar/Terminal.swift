import ArgumentParser
import Foundation

/// Output helpers: errors and progress go to stderr; progress only on a terminal.
enum Terminal {
    static let stderrIsTerminal = isatty(STDERR_FILENO) == 1
    nonisolated(unsafe) private static var progressShown = false

    /// Prints `daftar: error: MESSAGE` on one line.
    static func printError(_ message: String) {
        let text = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
        clearProgress()
        FileHandle.standardError.write(Data("daftar: error: \(text)\n".utf8))
    }

    /// Prints `daftar: warning: MESSAGE`.
    static func printWarning(_ message: String) {
        clearProgress()
        FileHandle.standardError.write(Data("daftar: warning: \(message)\n".utf8))
    }

    /// A text file the command was given (a manifest, a schema extension), or exit 2 naming it.
    static func readText(_ path: String) throws -> String {
        try requireFile(path)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            printError("\(path): cannot be read as UTF-8 text")
            throw ExitCode(ExitStatus.usage)
        }
        return text
    }

    /// Exit 2 naming a file the command was given that is not there.
    static func requireFile(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            printError("\(path): no such file")
            throw ExitCode(ExitStatus.usage)
        }
    }

    /// Redraws a one-line progress bar; does nothing when stderr is not a terminal.
    static func progress(done: Int, total: Int, detail: String) {
        guard stderrIsTerminal, total > 0 else { return }
        let width = 30
        let filled = min(width, done * width / total)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) \(detail)\u{1B}[K".utf8))
        progressShown = true
    }

    static func clearProgress() {
        guard progressShown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        progressShown = false
    }
}
