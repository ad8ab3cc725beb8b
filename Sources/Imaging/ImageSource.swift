/// A scanned file opened for decoding: its format, its page count, and its
/// pages one at a time, so only one page's pixels are in memory.
public final class ImageSource {
    /// The format named by the file's magic bytes.
    public let format: ImageFormat
    /// Pages in the file (TIFF directories; 1 for PNG and JPEG).
    public let pageCount: Int
    /// Whether the file ends before its last page's directory (a TIFF cut short): it may
    /// have had more pages than `pageCount`, and its last page cannot be read.
    public let isCutShort: Bool
    private let maxPixels: Int
    private let bytes: [UInt8]
    private let tiff: TIFFReader?
    private let gray: Bool

    /// Opens a file's bytes; fails when the format is unknown or the container is unreadable.
    /// With `gray`, decoders that can produce gray directly from colour do so (JPEG).
    public init(bytes: [UInt8], maxPixels: Int, gray: Bool = false) throws(ImagingError) {
        guard let format = ImageFormat.sniff(bytes) else { throw .unknownFormat }
        self.format = format
        self.maxPixels = maxPixels
        self.gray = gray
        switch format {
        case .tiff:
            let reader = try bytes.withUnsafeBufferPointer { buffer throws(ImagingError) in
                try TIFFReader(buffer)
            }
            tiff = reader
            pageCount = reader.pageCount
            isCutShort = reader.isCutShort
            self.bytes = []
        case .png, .jpeg:
            tiff = nil
            pageCount = 1
            isCutShort = false
            self.bytes = bytes
        }
    }

    /// Decodes page `index` (0-based).
    public func page(_ index: Int) throws(ImagingError) -> DecodedPage {
        precondition(index >= 0 && index < pageCount, "page index out of range")
        let (limit, gray) = (maxPixels, self.gray)
        switch format {
        case .tiff:
            return try tiff!.page(index, maxPixels: limit)
        case .png:
            return try bytes.withUnsafeBufferPointer { buffer throws(ImagingError) in
                try PNGDecoder.decode(buffer, maxPixels: limit)
            }
        case .jpeg:
            return try bytes.withUnsafeBufferPointer { buffer throws(ImagingError) in
                try JPEGDecoder.decode(buffer, maxPixels: limit, gray: gray)
            }
        }
    }
}
