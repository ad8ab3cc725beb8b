import CImaging

/// Decodes PNG through libpng: every bit depth and colour type, interlaced or
/// not, alpha composited on white, pHYs read as dpi.
public enum PNGDecoder {
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, maxPixels: Int) throws(ImagingError) -> DecodedPage {
        var image = dt_image()
        var message = CMessageBuffer()
        let status = message.storage.withUnsafeMutableBufferPointer { text in
            dt_png_decode(bytes.baseAddress, bytes.count, UInt64(maxPixels), &image, text.baseAddress, text.count)
        }
        guard status == DT_OK else { throw ImagingError.from(status: status, message: message.text) }
        let dpi = image.resolution
        return DecodedPage(stored: image.takeRaster(), orientation: .topLeft, dpi: dpi)
    }
}
