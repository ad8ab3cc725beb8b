import ArgumentParser
import Foundation
import Imaging
import Synthesis

/// Writes synthetic scanned ledger pages (ruled grids, pen-like strokes) in the formats
/// scanners produce, with their geometry in `truth.tsv`: for tests and the benchmark.
struct PagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pages",
        abstract: "Generate synthetic scanned ledger pages with known skew and border (tests, benchmark)."
    )

    /// The file kinds, cycled in this order.
    enum Kind: String, CaseIterable, ExpressibleByArgument {
        case tiffLZW = "tiff-lzw", tiffG4 = "tiff-g4", tiff16 = "tiff-16", jpeg, png, multipage
    }

    @Argument(help: "Folder to write into (created if missing).")
    var folder: String

    @Option(help: "Number of files.")
    var count: Int = 5

    @Option(help: "Resolution of the pages, dpi (A4 sheet size).")
    var dpi: Int = 300

    @Option(help: "Seed: the same seed gives the same files.")
    var seed: UInt64 = 1

    @Option(help: "Kinds to cycle through, comma-separated: tiff-lzw, tiff-g4, tiff-16, jpeg, png, multipage.")
    var kinds: String = "tiff-lzw,tiff-g4,tiff-16,jpeg,png"

    @Option(help: "Largest skew of a sheet on the scanner bed, degrees (either way).")
    var maxSkew: Double = 5

    @Option(help: "Spread of the paper grain in gray levels (smaller files with less).")
    var noise: Int = 18

    @Option(help: "File name prefix.")
    var prefix: String = "page"

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive") }
        guard (0...10).contains(maxSkew) else { throw ValidationError("--max-skew must be between 0 and 10") }
        guard (50...1200).contains(dpi) else { throw ValidationError("--dpi must be between 50 and 1200") }
        for name in kinds.split(separator: ",") where Kind(rawValue: String(name)) == nil {
            throw ValidationError("unknown kind \(name)")
        }
    }

    func run() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let cycle = kinds.split(separator: ",").compactMap { Kind(rawValue: String($0)) }
        // A4 sheet plus a scanner margin of about 4 mm on each side.
        let width = Int(8.27 * Double(dpi)) + dpi / 6
        let height = Int(11.69 * Double(dpi)) + dpi / 6
        // Ground truth for tests and the benchmark: one line per page (sidecar, skipped by import).
        var truth = "file\tpage\tskewDegrees\tborder\tdpi\n"
        for index in 0..<count {
            let kind = cycle[index % cycle.count]
            let fileSeed = seed &* 1000 &+ UInt64(index)
            var random = SeededRandom(seed: fileSeed)
            let skew = (Double(random.next() % 2001) / 1000 - 1) * maxSkew  // ±maxSkew, 0.001° steps
            let page = LedgerPage(width: width, height: height, skewDegrees: skew, border: dpi / 12, seed: fileSeed,
                                 noise: noise)
            let name = String(format: "%@-%03d", prefix, index + 1)
            let pages = try write(kind: kind, page: page, to: "\(folder)/\(name)")
            for (number, (file, written)) in pages.enumerated() {
                truth += "\(file)\t\(number)\t\(written.skewDegrees)\t\(written.border)\t\(dpi)\n"
            }
        }
        try Data(truth.utf8).write(to: URL(fileURLWithPath: "\(folder)/truth.tsv"))
    }

    /// Writes one file; returns its pages (file name and geometry) in order.
    private func write(kind: Kind, page: LedgerPage, to stem: String) throws -> [(String, LedgerPage)] {
        let raster = page.render()
        let name = (stem as NSString).lastPathComponent
        let resolution = Double(dpi)
        switch kind {
        case .tiffLZW, .tiffG4, .tiff16, .multipage:
            let writer = try TIFFWriter(path: stem + ".tif", bigEndian: kind == .tiff16)
            switch kind {
            case .tiffG4: try writer.addPage(raster, bits: 1, compression: .ccittG4, dpi: resolution)
            case .tiff16: try writer.addPage(raster, bits: 16, compression: .deflate, dpi: resolution)
            case .multipage:
                try writer.addPage(raster, compression: .lzw, dpi: resolution)
                var second = page
                second.seed &+= 7919
                second.skewDegrees = -page.skewDegrees / 2
                try writer.addPage(second.render(), compression: .lzw, dpi: resolution)
                try writer.close()
                return [(name + ".tif", page), (name + ".tif", second)]
            default: try writer.addPage(raster, compression: .lzw, dpi: resolution)
            }
            try writer.close()
            return [(name + ".tif", page)]
        case .jpeg:
            let bytes = try JPEGEncoder.encode(raster, quality: 80, dpi: dpi)
            try Data(bytes).write(to: URL(fileURLWithPath: stem + ".jpg"))
            return [(name + ".jpg", page)]
        case .png:
            let bytes = try PNGEncoder.encode(raster, dpi: resolution)
            try Data(bytes).write(to: URL(fileURLWithPath: stem + ".png"))
            return [(name + ".png", page)]
        }
    }
}
