/// The EXIF / TIFF Orientation values: how stored rows and columns map to the
/// page as a person sees it.
public enum Orientation: Int, Sendable, Codable, CaseIterable {
    case topLeft = 1, topRight, bottomRight, bottomLeft, leftTop, rightTop, rightBottom, leftBottom

    /// Out-of-range tag values (0, 9 …) mean "undefined", which is read as upright.
    public init(tag: Int) { self = Orientation(rawValue: tag) ?? .topLeft }

    /// True when displaying the image exchanges its width and height.
    public var swapsAxes: Bool { rawValue >= 5 }

    /// The displayed size of a stored image.
    public func displayedSize(width: Int, height: Int) -> (width: Int, height: Int) {
        swapsAxes ? (height, width) : (width, height)
    }

    /// Returns the raster as a person sees it; `.topLeft` returns it untouched.
    public func apply(to raster: Raster) -> Raster {
        if self == .topLeft { return raster }
        let (w, h, c) = (raster.width, raster.height, raster.channels)
        let (outW, outH) = displayedSize(width: w, height: h)
        var out = [UInt8](repeating: 0, count: raster.pixels.count)
        raster.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for dy in 0..<outH {
                    for dx in 0..<outW {
                        let (sx, sy) = source(dx: dx, dy: dy, width: w, height: h)
                        let s = (sy * w + sx) * c
                        let d = (dy * outW + dx) * c
                        for k in 0..<c { dst[d + k] = src[s + k] }
                    }
                }
            }
        }
        return Raster(width: outW, height: outH, channels: c, pixels: out)
    }

    /// The stored pixel shown at display position (dx, dy).
    @inline(__always)
    private func source(dx: Int, dy: Int, width w: Int, height h: Int) -> (Int, Int) {
        switch self {
        case .topLeft: return (dx, dy)
        case .topRight: return (w - 1 - dx, dy)
        case .bottomRight: return (w - 1 - dx, h - 1 - dy)
        case .bottomLeft: return (dx, h - 1 - dy)
        case .leftTop: return (dy, dx)
        case .rightTop: return (dy, h - 1 - dx)
        case .rightBottom: return (w - 1 - dy, h - 1 - dx)
        case .leftBottom: return (w - 1 - dy, dx)
        }
    }
}
