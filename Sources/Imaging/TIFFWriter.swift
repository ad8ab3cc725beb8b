import CImaging

/// Writes single- or multi-page TIFF files through libtiff (used to make
/// samples and benchmark pages, never to store archive copies).
public final class TIFFWriter {
    /// Compression schemes the writer offers.
    public enum Compression: Int32, Sendable {
        case none = 1, ccittG4 = 4, lzw = 5, jpeg = 7, deflate = 8, packBits = 32773
    }

    private var handle: OpaquePointer?
    private let path: String

    public init(path: String, bigTIFF: Bool = false, bigEndian: Bool = false) throws(ImagingError) {
        self.path = path
        var message = CMessageBuffer()
        handle = message.storage.withUnsafeMutableBufferPointer { text in
            dt_tiff_writer_open(path, bigTIFF ? 1 : 0, bigEndian ? 1 : 0, text.baseAddress, text.count)
        }
        if handle == nil { throw ImagingError.failed(message.text) }
    }

    /// Appends a page. `bits` is 1 (bilevel, thresholded at 128), 8 or 16.
    public func addPage(_ raster: Raster, bits: Int = 8, compression: Compression, dpi: Double?, tiled: Bool = false) throws(ImagingError) {
        guard let handle else { throw ImagingError.failed("\(path): writer is closed") }
        var message = CMessageBuffer()
        let status = raster.pixels.withUnsafeBufferPointer { pixels in
            message.storage.withUnsafeMutableBufferPointer { text in
                dt_tiff_writer_add_page(handle, pixels.baseAddress, Int32(raster.width), Int32(raster.height),
                                        Int32(raster.channels), Int32(bits), compression.rawValue, dpi ?? 0,
                                        tiled ? 1 : 0, text.baseAddress, text.count)
            }
        }
        guard status == DT_OK else { throw ImagingError.failed("\(path): \(message.text)") }
    }

    /// Finishes the file.
    public func close() throws(ImagingError) {
        guard let handle else { return }
        self.handle = nil
        var message = CMessageBuffer()
        let status = message.storage.withUnsafeMutableBufferPointer { text in
            dt_tiff_writer_close(handle, text.baseAddress, text.count)
        }
        guard status == DT_OK else { throw ImagingError.failed("\(path): \(message.text)") }
    }

    deinit {
        if handle != nil { try? close() }
    }
}
