import CImaging

/// Encodes gray or RGB rasters as PNG through libpng (8 or 16 bits per sample).
public enum PNGEncoder {
    public static func encode(_ raster: Raster, bitDepth: Int = 8, dpi: Double? = nil) throws(ImagingError) -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = CMessageBuffer()
        let status = raster.pixels.withUnsafeBufferPointer { pixels in
            message.storage.withUnsafeMutableBufferPointer { text in
                dt_png_encode(pixels.baseAddress, Int32(raster.width), Int32(raster.height), Int32(raster.channels),
                              Int32(bitDepth), dpi ?? 0, &output, &size, text.baseAddress, text.count)
            }
        }
        guard status == DT_OK, let output else { throw ImagingError.failed("PNG encoding failed: \(message.text)") }
        defer { dt_free(output) }
        return [UInt8](UnsafeBufferPointer(start: output, count: size))
    }
}
