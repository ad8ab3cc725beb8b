/// Downsamples by exact area averaging (each output pixel is the mean of the
/// source area it covers): no aliasing of thin ruled lines, no ringing.
/// Never enlarges; an image already within the size is returned untouched.
public struct AreaResampler: PageOperation {
    /// Longest side of the result, in pixels.
    public var longestSide: Int

    public init(longestSide: Int) {
        precondition(longestSide > 0, "longest side must be positive")
        self.longestSide = longestSide
    }

    public func apply(to raster: Raster) -> (Raster, OperationRecord) {
        let longest = max(raster.width, raster.height)
        guard longest > longestSide else {
            return (raster, OperationRecord(operation: "resample", applied: false))
        }
        let scale = Double(longestSide) / Double(longest)
        let outW = max(1, Int((Double(raster.width) * scale).rounded()))
        let outH = max(1, Int((Double(raster.height) * scale).rounded()))
        let resized = Self.resize(raster, width: outW, height: outH)
        return (resized, OperationRecord(operation: "resample", applied: true,
                                         parameters: ["width": Double(outW), "height": Double(outH)]))
    }

    /// Weights of the source samples that cover each output sample along one axis.
    private struct Axis {
        var first: [Int] = []
        var weights: [[Float]] = []

        init(source: Int, target: Int) {
            let ratio = Double(source) / Double(target)
            for i in 0..<target {
                let start = Double(i) * ratio, end = Double(i + 1) * ratio
                let lo = Int(start), hi = min(source, Int(end.rounded(.up)))
                var row: [Float] = []
                for s in lo..<hi {
                    let covered = min(end, Double(s + 1)) - max(start, Double(s))
                    row.append(Float(covered / ratio))
                }
                first.append(lo)
                weights.append(row)
            }
        }
    }

    /// Resizes to exactly `width` x `height` (both no larger than the source).
    public static func resize(_ raster: Raster, width: Int, height: Int) -> Raster {
        let c = raster.channels
        let xs = Axis(source: raster.width, target: width)
        let ys = Axis(source: raster.height, target: height)
        // Horizontal pass into floats, then vertical pass into bytes.
        var horizontal = [Float](repeating: 0, count: width * raster.height * c)
        raster.pixels.withUnsafeBufferPointer { src in
            horizontal.withUnsafeMutableBufferPointer { dst in
                for y in 0..<raster.height {
                    let rowStart = y * raster.width * c
                    for x in 0..<width {
                        let first = xs.first[x]
                        for k in 0..<c {
                            var sum: Float = 0
                            for (j, weight) in xs.weights[x].enumerated() {
                                sum += weight * Float(src[rowStart + (first + j) * c + k])
                            }
                            dst[(y * width + x) * c + k] = sum
                        }
                    }
                }
            }
        }
        var out = [UInt8](repeating: 0, count: width * height * c)
        horizontal.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let first = ys.first[y]
                    let weights = ys.weights[y]
                    for i in 0..<(width * c) {
                        var sum: Float = 0
                        for (j, weight) in weights.enumerated() { sum += weight * src[(first + j) * width * c + i] }
                        dst[y * width * c + i] = UInt8(min(max(sum.rounded(), 0), 255))
                    }
                }
            }
        }
        return Raster(width: width, height: height, channels: c, pixels: out)
    }
}
