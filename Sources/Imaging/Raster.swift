/// An 8-bit image in memory: rows top to bottom, samples interleaved.
public struct Raster: Sendable, Equatable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// 1 for gray, 3 for RGB.
    public let channels: Int
    /// `width * height * channels` samples.
    public var pixels: [UInt8]

    /// Wraps samples that are already laid out; the count must match the size.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(channels == 1 || channels == 3, "gray or RGB only")
        precondition(pixels.count == width * height * channels, "sample count does not match the size")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// A raster filled with one value in every sample.
    public init(width: Int, height: Int, channels: Int, filling value: UInt8) {
        self.init(width: width, height: height, channels: channels,
                  pixels: [UInt8](repeating: value, count: width * height * channels))
    }

    /// Number of pixels.
    public var pixelCount: Int { width * height }

    /// Moves the samples out (leaving this raster's sample array empty), so the
    /// caller holds the only reference and can change them without a copy.
    /// The raster must be reassigned before it is used again.
    mutating func takePixels() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &pixels)
        return taken
    }
}
