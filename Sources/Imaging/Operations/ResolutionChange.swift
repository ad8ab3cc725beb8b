/// Resamples a page to a target resolution: down by exact area averaging (no
/// aliasing of thin ruled lines), and up only when asked, bilinearly — an
/// enlarged scan holds no more detail than the original, so it is never the default.
public struct ResolutionChange: PageOperation {
    /// The page's resolution as scanned, when the file says.
    public var sourceDpi: Double?
    /// The resolution wanted.
    public var targetDpi: Double
    /// Allow enlarging a page scanned coarser than `targetDpi`.
    public var upscale: Bool
    /// An enlargement past this many pixels is not made (a 72-dpi photo "upscaled" to
    /// 10000 dpi would otherwise ask for gigabytes).
    public var maxPixels: Int

    public init(sourceDpi: Double?, targetDpi: Double, upscale: Bool = false, maxPixels: Int = 200_000_000) {
        self.sourceDpi = sourceDpi
        self.targetDpi = targetDpi
        self.upscale = upscale
        self.maxPixels = maxPixels
    }

    /// The resolution after this step on a page of this size.
    public func resultDpi(width: Int, height: Int) -> Double? {
        guard let sourceDpi, sourceDpi > 0 else { return sourceDpi }
        if sourceDpi > targetDpi { return targetDpi }
        if upscale && sourceDpi < targetDpi && fits(width: width, height: height) { return targetDpi }
        return sourceDpi
    }

    private func fits(width: Int, height: Int) -> Bool {
        guard let sourceDpi, sourceDpi > 0 else { return false }
        let scale = targetDpi / sourceDpi
        return (Double(width) * scale).rounded() * (Double(height) * scale).rounded() <= Double(maxPixels)
    }

    public func apply(_ raster: inout Raster) -> OperationRecord {
        guard let sourceDpi, sourceDpi > 0 else {
            return OperationRecord(operation: "resolution", applied: false, parameters: ["targetDpi": targetDpi])
        }
        var parameters = ["sourceDpi": sourceDpi, "targetDpi": targetDpi]
        let scale = targetDpi / sourceDpi
        guard abs(scale - 1) > 0.005, scale < 1 || upscale else {
            return OperationRecord(operation: "resolution", applied: false, parameters: parameters)
        }
        guard scale < 1 || fits(width: raster.width, height: raster.height) else {
            parameters["overPixelLimit"] = 1
            return OperationRecord(operation: "resolution", applied: false, parameters: parameters)
        }
        let width = max(1, Int((Double(raster.width) * scale).rounded()))
        let height = max(1, Int((Double(raster.height) * scale).rounded()))
        raster = scale < 1 ? AreaResampler.resize(raster, width: width, height: height)
                           : Self.enlarge(raster, width: width, height: height)
        parameters["width"] = Double(width)
        parameters["height"] = Double(height)
        return OperationRecord(operation: "resolution", applied: true, parameters: parameters)
    }

    /// Bilinear enlargement, pixel centres aligned.
    static func enlarge(_ raster: Raster, width: Int, height: Int) -> Raster {
        let c = raster.channels
        let (sw, sh) = (raster.width, raster.height)
        // Per output column: left source column and the right one's weight (0...256).
        var left = [Int](repeating: 0, count: width), weight = [Int](repeating: 0, count: width)
        for x in 0..<width {
            let position = min(max((Double(x) + 0.5) * Double(sw) / Double(width) - 0.5, 0), Double(sw - 1))
            left[x] = min(Int(position), max(sw - 2, 0))
            weight[x] = sw == 1 ? 0 : Int(((position - Double(left[x])) * 256).rounded())
        }
        var out = [UInt8](repeating: 0, count: width * height * c)
        raster.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let position = min(max((Double(y) + 0.5) * Double(sh) / Double(height) - 0.5, 0), Double(sh - 1))
                    let top = min(Int(position), max(sh - 2, 0)), bottom = min(top + 1, sh - 1)
                    let fy = Int(((position - Double(top)) * 256).rounded())
                    let upper = src.baseAddress! + top * sw * c, lower = src.baseAddress! + bottom * sw * c
                    let target = dst.baseAddress! + y * width * c
                    for x in 0..<width {
                        let l = left[x] * c, r = min(left[x] + 1, sw - 1) * c, fx = weight[x]
                        for k in 0..<c {
                            let a = (Int(upper[l + k]) * (256 - fx) + Int(upper[r + k]) * fx)
                            let b = (Int(lower[l + k]) * (256 - fx) + Int(lower[r + k]) * fx)
                            target[x * c + k] = UInt8((a * (256 - fy) + b * fy + 32768) >> 16)
                        }
                    }
                }
            }
        }
        return Raster(width: width, height: height, channels: c, pixels: out)
    }
}
