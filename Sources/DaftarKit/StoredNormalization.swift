import Foundation
import Imaging

/// The normalization options a source's pages were built with, as the archive keeps them
/// (`source.normalization_options`, JSON): a later `renormalize` starts from them.
public struct StoredNormalization: Codable, Sendable, Equatable {
    public var color: Bool
    public var quality: Int
    public var split: String
    public var bitonal: Bool
    public var dpi: Double?
    public var upscale: Bool

    public init(_ options: NormalizationOptions) {
        color = options.color
        quality = options.accessQuality
        split = options.split.rawValue
        bitonal = options.bitonal
        dpi = options.dpi
        upscale = options.upscale
    }

    /// The options again, over `base` (which gives what is not stored: thumbnail size, pixel limit).
    public func options(over base: NormalizationOptions = NormalizationOptions()) -> NormalizationOptions {
        var options = base
        options.color = color
        options.accessQuality = quality
        options.split = SplitMode(rawValue: split) ?? base.split
        options.bitonal = bitonal
        options.dpi = dpi
        options.upscale = upscale
        return options
    }

    /// The JSON the archive keeps (keys sorted, so equal options are equal text).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The options kept as `json`, or nil when none were kept (sources imported before they were).
    public init?(json: String?) {
        guard let json, let stored = try? JSONDecoder().decode(Self.self, from: Data(json.utf8)) else { return nil }
        self = stored
    }

    /// As the event log and the summary show them: `split=auto quality=85 color`.
    public var described: String {
        var parts = ["split=\(split)", "quality=\(quality)"]
        if color { parts.append("color") }
        if bitonal { parts.append("bitonal") }
        if let dpi { parts.append("dpi=\(Int(dpi))") }
        if upscale { parts.append("upscale") }
        return parts.joined(separator: " ")
    }
}
