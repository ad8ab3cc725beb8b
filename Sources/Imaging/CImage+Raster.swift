import CImaging

extension dt_image {
    /// Moves the C pixel buffer into a Swift raster and frees it.
    mutating func takeRaster() -> Raster {
        let count = Int(width) * Int(height) * Int(channels)
        let samples = [UInt8](UnsafeBufferPointer(start: pixels, count: count))
        dt_free(pixels)
        pixels = nil
        return Raster(width: Int(width), height: Int(height), channels: Int(channels), pixels: samples)
    }

    /// The horizontal resolution, when the file gave a plausible one.
    var resolution: Double? { xdpi > 0 && xdpi < 100_000 ? xdpi : nil }
}
