import CImaging

/// Encodes gray or RGB rasters as baseline JFIF through libjpeg-turbo.
public enum JPEGEncoder {
    /// - Parameters:
    ///   - quality: 1…100 (libjpeg's scale).
    ///   - dpi: written as JFIF density when given.
    public static func encode(_ raster: Raster, quality: Int, dpi: Int? = nil, progressive: Bool = false) throws(ImagingError) -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = CMessageBuffer()
        let status = raster.pixels.withUnsafeBufferPointer { pixels in
            message.storage.withUnsafeMutableBufferPointer { text in
                dt_jpeg_encode(pixels.baseAddress, Int32(raster.width), Int32(raster.height), Int32(raster.channels),
                               Int32(min(max(quality, 1), 100)), Int32(dpi ?? 0), progressive ? 1 : 0,
                               &output, &size, text.baseAddress, text.count)
            }
        }
        guard status == DT_OK, let output else { throw ImagingError.failed("JPEG encoding failed: \(message.text)") }
        defer { dt_free(output) }
        return [UInt8](UnsafeBufferPointer(start: output, count: size))
    }
}
