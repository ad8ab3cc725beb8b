/// Converts RGB to 8-bit gray with Rec. 601 luma weights; gray input is returned untouched.
public struct GrayConversion: PageOperation {
    public init() {}

    /// Converts in place: luma sample i is written over RGB sample i, which has been read by then.
    public func apply(_ raster: inout Raster) -> OperationRecord {
        guard raster.channels == 3 else { return OperationRecord(operation: "gray", applied: false) }
        let count = raster.pixelCount
        var pixels = raster.takePixels()
        pixels.withUnsafeMutableBufferPointer { p in
            for i in 0..<count { p[i] = Self.luma(p[3 * i], p[3 * i + 1], p[3 * i + 2]) }
        }
        pixels.removeLast(2 * count)
        raster = Raster(width: raster.width, height: raster.height, channels: 1, pixels: pixels)
        return OperationRecord(operation: "gray", applied: true)
    }

    /// 0.299 R + 0.587 G + 0.114 B in 16.16 fixed point.
    @inline(__always)
    static func luma(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let red: UInt32 = 19595 &* UInt32(r), green: UInt32 = 38470 &* UInt32(g), blue: UInt32 = 7471 &* UInt32(b)
        return UInt8(truncatingIfNeeded: (red &+ green &+ blue &+ 32768) >> 16)
    }

    /// A gray raster of any raster (a gray one is returned as it is, uncopied).
    public static func gray(of raster: Raster) -> Raster {
        raster.channels == 1 ? raster
            : Raster(width: raster.width, height: raster.height, channels: 1, pixels: luma(of: raster))
    }

    /// Luma samples of any raster (gray rasters give their own samples, uncopied).
    public static func luma(of raster: Raster) -> [UInt8] {
        if raster.channels == 1 { return raster.pixels }
        let count = raster.pixelCount
        return [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            raster.pixels.withUnsafeBufferPointer { rgb in
                for i in 0..<count { out[i] = luma(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]) }
            }
            initialized = count
        }
    }
}
