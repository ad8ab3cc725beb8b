/// Converts RGB to 8-bit gray with Rec. 601 luma weights; gray input is returned untouched.
public struct GrayConversion: PageOperation {
    public init() {}

    public func apply(to raster: Raster) -> (Raster, OperationRecord) {
        guard raster.channels == 3 else {
            return (raster, OperationRecord(operation: "gray", applied: false))
        }
        return (Raster(width: raster.width, height: raster.height, channels: 1, pixels: Self.luma(of: raster)),
                OperationRecord(operation: "gray", applied: true))
    }

    /// Luma samples of any raster (gray rasters give their own samples).
    public static func luma(of raster: Raster) -> [UInt8] {
        if raster.channels == 1 { return raster.pixels }
        let count = raster.pixelCount
        return [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            raster.pixels.withUnsafeBufferPointer { rgb in
                for i in 0..<count {
                    // 0.299 R + 0.587 G + 0.114 B in 16.16 fixed point.
                    let sum = 19595 * UInt32(rgb[3 * i]) + 38470 * UInt32(rgb[3 * i + 1]) + 7471 * UInt32(rgb[3 * i + 2])
                    out[i] = UInt8((sum + 32768) >> 16)
                }
            }
            initialized = count
        }
    }
}
