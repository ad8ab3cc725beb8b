import ArgumentParser
import Archive
import DaftarKit
import Foundation
import Imaging

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one archived item in detail.",
        subcommands: [ShowPage.self]
    )
}

struct ShowPage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "page",
        abstract: "Show a page: its source file, sizes, stored images and every normalization step."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Page id (from `daftar pages`).")
    var id: Int64

    func run() throws {
        let store = try global.openArchive()
        let found: PageDetail?
        do {
            found = try store.page(id: id)
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(ExitStatus.code(for: error))
        }
        guard let detail = found else { try global.notFound("page", id) }
        let page = detail.page, source = detail.source
        var lines = [
            "page \(page.id ?? 0)",
            "  source:      \(source.path) (page \(page.pageIndex + 1) of \(source.pageCount)"
                + "\(PageName.half(page.part).map { ", \($0) half of a spread" } ?? ""))",
            "  format:      \(source.format), \(source.size) bytes",
            "  sha256:      \(source.sha256)",
            "  ledger:      \(source.ledger ?? "-")",
            "  imported:    \(source.importedAt) by \(source.operator)",
            "  size:        \(page.width)x\(page.height) as displayed\(page.dpi.map { String(format: ", %.0f dpi", $0) } ?? "")",
            "  access:      \(page.accessWidth)x\(page.accessHeight) JPEG, sha256 \(page.accessSha256)",
            "  thumbnail:   sha256 \(page.thumbnailSha256)",
        ]
        if let bitonal = page.bitonalSha256 { lines.append("  bitonal:     G4 TIFF, sha256 \(bitonal)") }
        lines.append("  skew:        \(String(format: "%.3f", page.skewDegrees))° (content rotated counter-clockwise in the scan)")
        if let hash = page.perceptualHash { lines.append("  phash:       \(hash.prefix(32))… (\(hash.count / 2) bytes)") }
        if let quality = page.quality, let metrics = try? JSONDecoder().decode(ScanMetrics.self, from: Data(quality.utf8)) {
            let problems = (try? JSONDecoder().decode([String].self, from: Data(page.qualityProblems.utf8))) ?? []
            lines.append("  quality:     \(problems.isEmpty ? "passes the import policy" : problems.joined(separator: "; ") + ": rescan")")
            lines.append("               paper \(metrics.paperLevel), ink \(metrics.inkLevel), sharpness \(Int(metrics.sharpness))"
                         + (metrics.cutSides.isEmpty ? "" : ", ink at the \(metrics.cutSides.joined(separator: ", ")) edge"))
        }
        lines.append("  normalization:")
        let steps = (try? JSONDecoder().decode([OperationRecord].self, from: Data(page.normalization.utf8))) ?? []
        for step in steps {
            let parameters = step.parameters.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.rounded() == $0.value ? String(Int($0.value)) : String($0.value))" }
                .joined(separator: " ")
            lines.append("    \(step.operation): \(step.applied ? "applied" : "nothing to do")\(parameters.isEmpty ? "" : "  \(parameters)")")
        }
        print(lines.joined(separator: "\n"))
    }
}
