import CImaging

/// Decodes JPEG through libjpeg-turbo: baseline, progressive, gray, RGB,
/// CMYK/YCCK (Adobe inverted); EXIF orientation and density are read.
public enum JPEGDecoder {
    /// Decodes the primary image. Data the library had to work around
    /// ("Corrupt JPEG data …") rejects the file: an archive keeps no silently damaged scans.
    /// With `gray`, a colour JPEG is decoded to its luma channel only (less work than RGB then gray).
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, maxPixels: Int, gray: Bool = false) throws(ImagingError) -> DecodedPage {
        var image = dt_image()
        var message = CMessageBuffer()
        let status = message.storage.withUnsafeMutableBufferPointer { text in
            dt_jpeg_decode(bytes.baseAddress, bytes.count, UInt64(maxPixels), gray ? 1 : 0, &image, text.baseAddress, text.count)
        }
        guard status == DT_OK else { throw ImagingError.from(status: status, message: message.text) }
        if image.corrupt_warnings > 0 {
            dt_free(image.pixels)
            throw ImagingError.corrupt(message.text)
        }
        let exif = ExifMetadata.read(jpeg: bytes)
        let dpi = image.resolution ?? exif?.dpi
        let grayFromColor = gray && image.channels == 1 && image.source_channels > 1
        return DecodedPage(stored: image.takeRaster(),
                           orientation: Orientation(tag: exif?.orientation ?? 1),
                           dpi: dpi, grayInDecoder: grayFromColor)
    }
}
