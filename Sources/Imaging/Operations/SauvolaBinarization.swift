/// Adaptive binarization after Sauvola: a pixel is ink when it is darker than
/// `mean * (1 + k * (deviation / 128 - 1))` of its window. Uneven paper and
/// faded ink are judged locally, so one threshold does not fit the whole page.
///
/// Window sums come from running column sums, one row at a time: memory grows
/// with the width, not the page.
public struct SauvolaBinarization: PageOperation {
    /// Window side in pixels (odd).
    public var window: Int
    /// Sensitivity to local contrast.
    public var k: Double

    /// A window of about a twelfth of an inch (25 pixels at 300 dpi) spans a few strokes of handwriting.
    public init(dpi: Double? = nil, k: Double = 0.34) {
        let side = max(15, Int((dpi ?? 300) / 12))
        self.window = side | 1
        self.k = k
    }

    /// Replaces a gray raster by black (0) and white (255) samples.
    public func apply(_ raster: inout Raster) -> OperationRecord {
        precondition(raster.channels == 1, "binarization works on gray pages")
        let (w, h) = (raster.width, raster.height)
        let radius = window / 2
        var out = [UInt8](repeating: 255, count: w * h)
        var columnSum = [UInt32](repeating: 0, count: w)
        var columnSquares = [UInt64](repeating: 0, count: w)
        let kk = k
        raster.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                columnSum.withUnsafeMutableBufferPointer { sums in
                    columnSquares.withUnsafeMutableBufferPointer { squares in
                        // Rows 0 ... radius-1 start the window of row 0 (rows above the page are left out).
                        func add(row: Int, sign: Int) {
                            let line = src.baseAddress! + row * w
                            if sign > 0 {
                                for x in 0..<w { let v = UInt32(line[x]); sums[x] &+= v; squares[x] &+= UInt64(v * v) }
                            } else {
                                for x in 0..<w { let v = UInt32(line[x]); sums[x] &-= v; squares[x] &-= UInt64(v * v) }
                            }
                        }
                        for row in 0..<min(radius, h) { add(row: row, sign: 1) }
                        for y in 0..<h {
                            if y + radius < h { add(row: y + radius, sign: 1) }
                            if y - radius - 1 >= 0 { add(row: y - radius - 1, sign: -1) }
                            let rows = Double(min(h - 1, y + radius) - max(0, y - radius) + 1)
                            var sum: UInt64 = 0, square: UInt64 = 0
                            for x in 0..<min(radius, w) { sum += UInt64(sums[x]); square += squares[x] }
                            let line = src.baseAddress! + y * w
                            let target = dst.baseAddress! + y * w
                            for x in 0..<w {
                                if x + radius < w { sum += UInt64(sums[x + radius]); square += squares[x + radius] }
                                if x - radius - 1 >= 0 { sum -= UInt64(sums[x - radius - 1]); square -= squares[x - radius - 1] }
                                let count = rows * Double(min(w - 1, x + radius) - max(0, x - radius) + 1)
                                let mean = Double(sum) / count
                                let variance = max(0, Double(square) / count - mean * mean)
                                let threshold = mean * (1 + kk * (variance.squareRoot() / 128 - 1))
                                target[x] = Double(line[x]) < threshold ? 0 : 255
                            }
                        }
                    }
                }
            }
        }
        raster = Raster(width: w, height: h, channels: 1, pixels: out)
        return OperationRecord(operation: "bitonal", applied: true, parameters: ["window": Double(window), "k": k])
    }
}
