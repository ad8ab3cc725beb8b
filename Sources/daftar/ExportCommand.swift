import ArgumentParser
import Archive
import DaftarKit
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write records, pages and images out of the archive.",
        subcommands: [ExportRecords.self, ExportPages.self, ExportPage.self]
    )
}

struct ExportPage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "page",
        abstract: "Write one page's original file, access JPEG, thumbnail or bilevel TIFF.",
        discussion: "--original gives back the scanned file's exact bytes (for a multi-page TIFF, the whole file)."
    )

    enum Kind: String, EnumerableFlag {
        case original, access, thumbnail, bitonal

        static func help(for value: Kind) -> ArgumentHelp? {
            switch value {
            case .original: return "The original file, byte for byte."
            case .access: return "The normalized access JPEG."
            case .thumbnail: return "The thumbnail JPEG."
            case .bitonal: return "The bilevel G4 TIFF (pages imported with --bitonal)."
            }
        }
    }

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Page id (from `daftar pages`).")
    var id: Int64

    @Flag(exclusivity: .exclusive)
    var kind: Kind

    @Option(name: .shortAndLong, help: ArgumentHelp("File to write.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Folder to write into, the file named after the scanned file (made safe: never outside the folder).",
                               valueName: "folder"))
    var into: String?

    func validate() throws {
        guard (output == nil) != (into == nil) else { throw ValidationError("give either -o FILE or --into FOLDER") }
    }

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    func run() throws {
        let store = try global.openArchive()
        let bytes: [UInt8]?
        var output = self.output ?? ""
        do {
            guard let detail = try store.page(id: id) else { try global.notFound("page", id) }
            if let into {
                output = try Self.target(in: into, source: detail.source.name, page: id, kind: kind)
            }
            let hash: String
            switch kind {
            case .original: hash = detail.source.sha256
            case .access: hash = detail.page.accessSha256
            case .thumbnail: hash = detail.page.thumbnailSha256
            case .bitonal:
                guard let bitonal = detail.page.bitonalSha256 else {
                    Terminal.printError("page \(id): has no bilevel copy (import or renormalize with --bitonal)")
                    throw ExitCode(ExitStatus.usage)
                }
                hash = bitonal
            }
            bytes = try store.blob(sha256: hash)
        } catch let error as ArchiveError {
            Terminal.printError(error.description)
            throw ExitCode(ExitStatus.code(for: error))
        }
        guard let bytes else {
            Terminal.printError("page \(id): stored image is missing from the archive")
            throw ExitCode(ExitStatus.checkFailed)
        }
        if PathBytes.exists(output).exists && !force {
            Terminal.printError("\(output): exists; use --force to replace it")
            throw ExitCode(ExitStatus.usage)
        }
        // -o names a file in a folder that exists (--into makes its folder).
        let folder = DurableMove.parent(of: output)
        if into == nil && !folder.isEmpty && !PathBytes.exists(folder).isFolder {
            Terminal.printError("\(output): cannot be written: no folder \(folder)")
            throw ExitCode(ExitStatus.someRejected)
        }
        do {
            // Through the name's bytes: a scanned file's name need not be UTF-8.
            try DurableMove.writeDurably(bytes, to: output)
        } catch {
            Terminal.printError("\(output): cannot be written: \(error.reason)")
            throw ExitCode(ExitStatus.someRejected)
        }
        print("wrote \(output) (\(bytes.count) bytes)")
    }

    /// `folder/NAME`: the scanned file's name made safe (an original), or its stem with the
    /// page id and the kind of image; checked to lie inside `folder`.
    static func target(in folder: String, source: String, page: Int64, kind: Kind) throws -> String {
        let name = SafeFileName.make(source)
        let stem = (name as NSString).deletingPathExtension
        let file: String
        switch kind {
        case .original: file = name
        case .access: file = SafeFileName.make("\(stem)-page\(page)-access.jpg")
        case .thumbnail: file = SafeFileName.make("\(stem)-page\(page)-thumbnail.jpg")
        case .bitonal: file = SafeFileName.make("\(stem)-page\(page)-bitonal.tif")
        }
        let base = URL(fileURLWithPath: folder).standardizedFileURL.path
        let target = URL(fileURLWithPath: base).appendingPathComponent(file).standardizedFileURL.path
        guard target.hasPrefix(base.hasSuffix("/") ? base : base + "/") else {
            Terminal.printError("\(source): cannot be named safely inside \(folder)")
            throw ExitCode(ExitStatus.usage)
        }
        _ = PathBytes.makeFolder(base)
        return target
    }
}
