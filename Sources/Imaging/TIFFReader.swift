import CImaging

/// A TIFF held in memory, read page by page through libtiff.
///
/// Owns a copy of the file's bytes and the `TIFF*` handle that points into
/// them; both are released together in `deinit`.
public final class TIFFReader {
    private let storage: UnsafeMutableBufferPointer<UInt8>
    private let handle: OpaquePointer
    /// Directories in the main IFD chain, the unreadable one of a file cut short included.
    public let pageCount: Int
    /// Whether the chain goes on to a directory that cannot be read (a transfer cut short):
    /// the last page then fails, and the file may have had more.
    public let isCutShort: Bool
    private let cutReason: String

    public init(_ bytes: UnsafeBufferPointer<UInt8>) throws(ImagingError) {
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = copy.initialize(from: bytes)
        storage = copy
        var message = CMessageBuffer()
        let opened = message.storage.withUnsafeMutableBufferPointer { text in
            dt_tiff_open(copy.baseAddress, bytes.count, text.baseAddress, text.count)
        }
        guard let opened else {
            copy.deallocate()
            throw ImagingError.corrupt(message.text)
        }
        handle = opened
        var cut: Int32 = 0
        var reason = CMessageBuffer()
        let readable = Int(reason.storage.withUnsafeMutableBufferPointer { text in
            dt_tiff_page_count(opened, &cut, text.baseAddress, text.count)
        })
        isCutShort = cut != 0
        cutReason = reason.text
        // The unreadable directory counts as a page, so that reading it fails by name.
        pageCount = readable + (isCutShort ? 1 : 0)
        if readable == 0 {
            dt_tiff_close(opened)
            copy.deallocate()
            throw ImagingError.corrupt("TIFF has no readable directory")
        }
    }

    deinit {
        dt_tiff_close(handle)
        storage.deallocate()
    }

    /// Decodes page `index` (0-based) to 8-bit gray or RGB in stored order.
    public func page(_ index: Int, maxPixels: Int) throws(ImagingError) -> DecodedPage {
        if isCutShort && index == pageCount - 1 {
            throw ImagingError.corrupt("TIFF directory \(index + 1): its directory is past the end of the file or damaged "
                                      + "(a transfer cut short?): \(cutReason)")
        }
        var image = dt_image()
        var message = CMessageBuffer()
        let status = message.storage.withUnsafeMutableBufferPointer { text in
            dt_tiff_read_page(handle, Int32(index), UInt64(maxPixels), &image, text.baseAddress, text.count)
        }
        guard status == DT_OK else { throw ImagingError.from(status: status, message: message.text) }
        let orientation = Orientation(tag: Int(image.orientation))
        let dpi = image.resolution
        return DecodedPage(stored: image.takeRaster(), orientation: orientation, dpi: dpi)
    }
}
