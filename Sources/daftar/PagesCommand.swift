import ArgumentParser
import Archive
import Foundation

struct PagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pages",
        abstract: "List archived pages."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only pages of this ledger.", valueName: "code"))
    var ledger: String?

    @Flag(help: "Print a JSON array on stdout.")
    var json = false

    /// The JSON shape scripts depend on.
    struct Item: Encodable {
        let id: Int64
        let source: String
        let pageIndex: Int
        let width: Int
        let height: Int
        let dpi: Double?
        let sha256: String
        let skewDegrees: Double
    }

    func run() throws {
        let store = try global.openArchive()
        let pages: [PageListing]
        do {
            pages = try store.pages(ledger: ledger)
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(ExitStatus.code(for: error))
        }
        if json {
            print(try JSONText.encode(pages.map {
                Item(id: $0.id, source: $0.source, pageIndex: $0.pageIndex, width: $0.width, height: $0.height,
                     dpi: $0.dpi, sha256: $0.sha256, skewDegrees: $0.skewDegrees)
            }))
            return
        }
        let rows = pages.map { page in
            [String(page.id), page.source, String(page.pageIndex + 1), "\(page.width)x\(page.height)",
             page.dpi.map { String(Int($0.rounded())) } ?? "-", String(format: "%.2f°", abs(page.skewDegrees) < 0.005 ? 0 : page.skewDegrees),
             page.ledger ?? "-", String(page.sha256.prefix(12))]
        }
        print(TextTable.render(header: ["ID", "SOURCE", "PAGE", "SIZE", "DPI", "SKEW", "LEDGER", "SHA256"], rows: rows))
        print("\(pages.count) page(s)")
    }
}
