import CImaging
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

    public func apply(_ raster: inout Raster) -> OperationRecord {
        let longest = max(raster.width, raster.height)
        guard longest > longestSide else {
            return OperationRecord(operation: "resample", applied: false)
        }
        let scale = Double(longestSide) / Double(longest)
        let outW = max(1, Int((Double(raster.width) * scale).rounded()))
        let outH = max(1, Int((Double(raster.height) * scale).rounded()))
        raster = Self.resize(raster, width: outW, height: outH)
        return OperationRecord(operation: "resample", applied: true,
                               parameters: ["width": Double(outW), "height": Double(outH)])
    }

    /// The source samples covering each output sample along one axis, with
    /// their shares of its area (flat arrays: the inner loops stay tight).
    private struct Axis {
        var first: [Int] = []
        var taps: [Int] = []
        var offset: [Int] = []
        var weights: [Float] = []

        init(source: Int, target: Int) {
            let ratio = Double(source) / Double(target)
            for i in 0..<target {
                let start = Double(i) * ratio, end = Double(i + 1) * ratio
                let lo = Int(start), hi = min(source, Int(end.rounded(.up)))
                first.append(lo)
                taps.append(hi - lo)
                offset.append(weights.count)
                for s in lo..<hi {
                    let covered = min(end, Double(s + 1)) - max(start, Double(s))
                    weights.append(Float(covered / ratio))
                }
            }
        }
    }

    /// Resizes to exactly `width` x `height` (both no larger than the source).
    /// Large reductions first average k x k blocks in integers (k = half the ratio,
    /// so the exact area pass that follows still spans two or more blocks per sample).
    public static func resize(_ raster: Raster, width: Int, height: Int) -> Raster {
        let k = min(raster.width / width, raster.height / height, 2 * 257) / 2  // dt_box_reduce's limit
        if k >= 2 {
            return areaResize(boxReduce(raster, factor: k), width: width, height: height)
        }
        return areaResize(raster, width: width, height: height)
    }

    /// Averages each `factor` x `factor` block (blocks cut by the right and bottom edges average what they hold).
    static func boxReduce(_ raster: Raster, factor k: Int) -> Raster {
        let c = raster.channels
        let (w, h) = (raster.width, raster.height)
        let outW = (w + k - 1) / k, outH = (h + k - 1) / k
        let out = [UInt8](unsafeUninitializedCapacity: outW * outH * c) { buffer, initialized in
            raster.pixels.withUnsafeBufferPointer { src in
                dt_box_reduce(src.baseAddress, Int32(w), Int32(h), Int32(c), Int32(k), buffer.baseAddress)
            }
            initialized = outW * outH * c
        }
        return Raster(width: outW, height: outH, channels: c, pixels: out)
    }

    /// Exact area averaging to `width` x `height`.
    static func areaResize(_ raster: Raster, width: Int, height: Int) -> Raster {
        let c = raster.channels
        let sourceWidth = raster.width
        let xs = Axis(source: sourceWidth, target: width)
        let ys = Axis(source: raster.height, target: height)
        let rowLength = width * c
        // Horizontal pass into floats, then vertical pass into bytes.
        var horizontal = [Float](repeating: 0, count: rowLength * raster.height)
        raster.pixels.withUnsafeBufferPointer { src in
            horizontal.withUnsafeMutableBufferPointer { dst in
                xs.weights.withUnsafeBufferPointer { weights in
                    for y in 0..<raster.height {
                        let row = src.baseAddress! + y * sourceWidth * c
                        let out = dst.baseAddress! + y * rowLength
                        for x in 0..<width {
                            let first = xs.first[x], taps = xs.taps[x], offset = xs.offset[x]
                            for k in 0..<c {
                                var sum: Float = 0
                                for j in 0..<taps {
                                    sum += weights[offset + j] * Float(row[(first + j) * c + k])
                                }
                                out[x * c + k] = sum
                            }
                        }
                    }
                }
            }
        }
        var out = [UInt8](repeating: 0, count: rowLength * height)
        var accumulator = [Float](repeating: 0, count: rowLength)
        horizontal.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                accumulator.withUnsafeMutableBufferPointer { sum in
                    ys.weights.withUnsafeBufferPointer { weights in
                        for y in 0..<height {
                            for i in 0..<rowLength { sum[i] = 0 }
                            for j in 0..<ys.taps[y] {
                                let weight = weights[ys.offset[y] + j]
                                let row = src.baseAddress! + (ys.first[y] + j) * rowLength
                                for i in 0..<rowLength { sum[i] += weight * row[i] }
                            }
                            let target = dst.baseAddress! + y * rowLength
                            for i in 0..<rowLength { target[i] = UInt8(min(max(sum[i].rounded(), 0), 255)) }
                        }
                    }
                }
            }
        }
        return Raster(width: width, height: height, channels: c, pixels: out)
    }
}
