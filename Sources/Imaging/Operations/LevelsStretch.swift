import CImaging
/// Stretches levels so the darkest ink becomes black and the paper white.
///
/// The black and white points are percentiles of the luma histogram, so a few
/// specks or a glare spot do not decide them. A page whose range is already
/// full, or too narrow to be a page (a flat gray frame), is left untouched.
public struct LevelsStretch: PageOperation {
    /// Share of pixels allowed to clip to black.
    public var lowShare: Double
    /// Share of pixels allowed to clip to white.
    public var highShare: Double
    /// Minimum range (white - black) below which nothing is done.
    public var minimumRange: Int

    public init(lowShare: Double = 0.005, highShare: Double = 0.005, minimumRange: Int = 32) {
        self.lowShare = lowShare
        self.highShare = highShare
        self.minimumRange = minimumRange
    }

    public func apply(_ raster: inout Raster) -> OperationRecord {
        // Every 4th row is plenty for two percentiles.
        let histogram = Histogram(of: GrayConversion.luma(of: raster), width: raster.width, rowStep: 4).counts
        let total = histogram.reduce(0, +)
        let black = Histogram.percentile(histogram, total: total, lowShare)
        let white = Histogram.percentile(histogram, total: total, 1 - highShare)
        let parameters = ["black": Double(black), "white": Double(white)]
        if white - black < minimumRange || (black == 0 && white == 255) {
            return OperationRecord(operation: "levels", applied: false, parameters: parameters)
        }
        var table = [UInt8](repeating: 0, count: 256)
        let range = Double(white - black)
        for value in 0..<256 {
            let scaled = (Double(value - black) / range * 255).rounded()
            table[value] = UInt8(min(max(scaled, 0), 255))
        }
        table.withUnsafeBufferPointer { lut in
            raster.pixels.withUnsafeMutableBufferPointer { p in
                dt_apply_levels(p.baseAddress, p.count, lut.baseAddress, Int32(black), Int32(white))
            }
        }
        return OperationRecord(operation: "levels", applied: true, parameters: parameters)
    }
}
