import CImaging

/// Encodes black-and-white pages as one-page bilevel TIFFs, CCITT Group 4
/// (the archival format for bitonal scans), through libtiff.
public enum G4Encoder {
    /// Samples below 128 become black.
    public static func encode(_ raster: Raster, dpi: Double? = nil) throws(ImagingError) -> [UInt8] {
        precondition(raster.channels == 1, "bilevel pages are gray")
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = CMessageBuffer()
        let status = raster.pixels.withUnsafeBufferPointer { pixels in
            message.storage.withUnsafeMutableBufferPointer { text in
                dt_tiff_encode_g4(pixels.baseAddress, Int32(raster.width), Int32(raster.height), dpi ?? 0,
                                  &output, &size, text.baseAddress, text.count)
            }
        }
        guard status == DT_OK, let output else { throw ImagingError.failed("G4 TIFF encoding failed: \(message.text)") }
        defer { dt_free(output) }
        return [UInt8](UnsafeBufferPointer(start: output, count: size))
    }
}
