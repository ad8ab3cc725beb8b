import ArgumentParser
import Foundation
import Imaging

extension SplitMode: ExpressibleByArgument {}

/// The normalization choices shared by `import` and `renormalize`.
struct NormalizationFlags: ParsableArguments {
    @Flag(help: "Keep colour in the access copy instead of converting to gray.")
    var color = false

    @Option(help: "JPEG quality of the access copy (1-100).")
    var quality: Int = 85

    @Option(help: ArgumentHelp("Find open-book spreads and store their left and right pages (auto) or never (off).",
                               valueName: "auto|off"))
    var split: SplitMode = .auto

    @Flag(help: "Also keep a bilevel CCITT G4 TIFF of each page (adaptive Sauvola binarization).")
    var bitonal = false

    @Option(help: ArgumentHelp("Resample pages scanned finer than this resolution down to it.", valueName: "N"))
    var dpi: Int?

    @Flag(help: "With --dpi, also enlarge pages scanned coarser than N.")
    var upscale = false

    @Option(help: ArgumentHelp("JSON file of scan-quality thresholds (minimumDpi, maximumSkewDegrees, minimumPaperLevel, "
                               + "maximumInkLevel, minimumSharpness, allowCutContent); others keep their defaults.",
                               valueName: "file"))
    var policy: String?

    func validate() throws {
        guard (1...100).contains(quality) else { throw ValidationError("--quality must be between 1 and 100") }
        if let dpi, !(10...10_000).contains(dpi) { throw ValidationError("--dpi must be between 10 and 10000") }
        if upscale && dpi == nil { throw ValidationError("--upscale needs --dpi") }
    }

    var options: NormalizationOptions {
        NormalizationOptions(color: color, accessQuality: quality, split: split, bitonal: bitonal,
                             dpi: dpi.map(Double.init), upscale: upscale)
    }

    /// The policy file's thresholds, or the defaults.
    func loadPolicy() throws -> QualityPolicy {
        guard let policy else { return QualityPolicy() }
        return try PolicyFile.load(policy)
    }
}

/// Reads a quality policy file. A file that cannot be read or is not a policy is a
/// usage error: one line naming the file on stderr, exit 2.
enum PolicyFile {
    static func load(_ path: String) throws -> QualityPolicy {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw failure("--policy \(path): cannot be read")
        }
        guard let policy = try? JSONDecoder().decode(QualityPolicy.self, from: data) else {
            throw failure("--policy \(path): not a valid policy (JSON object of thresholds)")
        }
        return policy
    }

    /// Prints the message and gives the exit to throw.
    private static func failure(_ message: String) -> ExitCode {
        Terminal.printError(message)
        return ExitCode(ExitStatus.usage)
    }
}
