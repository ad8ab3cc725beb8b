import Foundation

/// Runs the built `daftar` and `daftar-samplegen` binaries, as a user or a script would.
struct CommandResult {
    let status: Int32
    let stdout: String
    let stderr: String

    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
}

enum Binaries {
    /// The folder holding the built products: the test bundle's own folder.
    static let folder: URL = {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var candidate = runner.deletingLastPathComponent()
        // Swift Testing may run from inside an .xctest bundle folder.
        while !FileManager.default.fileExists(atPath: candidate.appendingPathComponent("daftar").path),
              candidate.path != "/" {
            candidate = candidate.deletingLastPathComponent()
        }
        return candidate
    }()

    static var daftar: URL { folder.appendingPathComponent("daftar") }
    static var sampleGenerator: URL { folder.appendingPathComponent("daftar-samplegen") }
}

/// A temporary working folder with an archive path, removed at the end.
final class Workspace: Sendable {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("daftar-e2e-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    var archive: String { path("archive.sqlite") }

    func path(_ relative: String) -> String { folder.appendingPathComponent(relative).path }

    func makeFolder(_ relative: String) throws -> String {
        try FileManager.default.createDirectory(atPath: path(relative), withIntermediateDirectories: true)
        return path(relative)
    }

    /// Runs `daftar ARGS --archive <workspace archive>` in the workspace folder.
    @discardableResult
    func daftar(_ arguments: [String], archive: Bool = true) throws -> CommandResult {
        try run(Binaries.daftar, arguments + (archive ? ["--archive", self.archive] : []))
    }

    /// Starts daftar without waiting (for kill tests).
    func startDaftar(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = Binaries.daftar
        process.arguments = arguments + ["--archive", archive]
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Generates synthetic ledger pages into `relative`.
    func generatePages(into relative: String, count: Int, dpi: Int = 60, kinds: String, seed: Int = 1) throws -> [String] {
        let target = path(relative)
        let result = try run(Binaries.sampleGenerator, [target, "--count", "\(count)", "--dpi", "\(dpi)",
                                                        "--kinds", kinds, "--seed", "\(seed)", "--noise", "4"])
        guard result.status == 0 else { throw GenerationFailed(message: result.stderr) }
        return try FileManager.default.contentsOfDirectory(atPath: target).sorted()
            .filter { $0 != "truth.tsv" }.map { target + "/" + $0 }
    }

    /// The generator's ground truth for a folder: skew of each (file name, page index).
    func truth(of relative: String) throws -> [String: Double] {
        let text = try String(contentsOfFile: path(relative) + "/truth.tsv", encoding: .utf8)
        var skews: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t").map(String.init)
            skews["\(fields[0])#\(fields[1])"] = Double(fields[2])
        }
        return skews
    }

    struct GenerationFailed: Error { let message: String }

    func run(_ executable: URL, _ arguments: [String]) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["DAFTAR_OPERATOR"] = "e2e-tester"
        environment.removeValue(forKey: "DAFTAR_ARCHIVE")
        process.environment = environment
        // Output goes to files, not pipes: a chatty process can never block on a full pipe.
        let outPath = path(".out-\(UUID())"), errPath = path(".err-\(UUID())")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let outData = try Data(contentsOf: URL(fileURLWithPath: outPath))
        let errData = try Data(contentsOf: URL(fileURLWithPath: errPath))
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// The corpus beside the repository (`../shared/corpus`).
enum Corpus {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus")

    static func copy(_ relative: String, to destination: String) throws {
        try FileManager.default.copyItem(atPath: root.appendingPathComponent(relative).path, toPath: destination)
    }
}
