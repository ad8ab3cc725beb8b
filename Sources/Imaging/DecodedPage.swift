/// One page as the decoder found it, before orientation is applied.
public struct DecodedPage: Sendable {
    /// Pixels in stored row and column order.
    public let stored: Raster
    /// How to turn the stored pixels upright.
    public let orientation: Orientation
    /// Horizontal resolution in dots per inch, when the file says.
    public let dpi: Double?
    /// True when the decoder already turned a colour file into gray (JPEG luma).
    public let grayInDecoder: Bool

    public init(stored: Raster, orientation: Orientation, dpi: Double?, grayInDecoder: Bool = false) {
        self.stored = stored
        self.orientation = orientation
        self.dpi = dpi
        self.grayInDecoder = grayInDecoder
    }

    /// Width and height as a person sees the page.
    public var displayedSize: (width: Int, height: Int) {
        orientation.displayedSize(width: stored.width, height: stored.height)
    }

    /// The page as a person sees it.
    public func upright() -> Raster { orientation.apply(to: stored) }

    /// The page as a person sees it, giving up this value so the pixels are not shared
    /// (the pipeline then works on them in place).
    public consuming func takeUpright() -> Raster { orientation.apply(to: stored) }
}
