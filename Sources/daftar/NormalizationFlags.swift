import ArgumentParser
import Foundation
import Imaging

extension SplitMode: ExpressibleByArgument {}

/// The normalization choices shared by `import` and `renormalize`.
struct NormalizationFlags: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "Keep colour in the access copy instead of converting to gray (default: gray).")
    var color: Bool?

    @Option(help: "JPEG quality of the access copy (1-100; default 85).")
    var quality: Int?

    @Option(help: ArgumentHelp("Find open-book spreads and store their left and right pages (auto, the default) or never (off).",
                               valueName: "auto|off"))
    var split: SplitMode?

    @Flag(inversion: .prefixedNo, help: "Also keep a bilevel CCITT G4 TIFF of each page (adaptive Sauvola binarization).")
    var bitonal: Bool?

    @Option(help: ArgumentHelp("Resample pages scanned finer than this resolution down to it.", valueName: "N"))
    var dpi: Int?

    @Flag(inversion: .prefixedNo, help: "With --dpi, also enlarge pages scanned coarser than N.")
    var upscale: Bool?

    @Option(help: ArgumentHelp("JSON file of scan-quality thresholds (minimumDpi, maximumSkewDegrees, minimumPaperLevel, "
                               + "maximumInkLevel, minimumSharpness, allowCutContent); others keep their defaults.",
                               valueName: "file"))
    var policy: String?

    func validate() throws {
        if let quality, !(1...100).contains(quality) { throw ValidationError("--quality must be between 1 and 100") }
        if let dpi, !(10...10_000).contains(dpi) { throw ValidationError("--dpi must be between 10 and 10000") }
        if upscale == true && dpi == nil { throw ValidationError("--upscale needs --dpi") }
    }

    /// The options given, over the defaults.
    var options: NormalizationOptions { options(over: nil) }

    /// The options given, over `earlier` (a source's options when it was last built), else the defaults.
    func options(over earlier: NormalizationOptions?) -> NormalizationOptions {
        var options = earlier ?? NormalizationOptions()
        if let color { options.color = color }
        if let quality { options.accessQuality = quality }
        if let split { options.split = split }
        if let bitonal { options.bitonal = bitonal }
        if let dpi { options.dpi = Double(dpi) }
        if let upscale { options.upscale = upscale }
        return options
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
