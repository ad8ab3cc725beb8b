import CImaging
import Foundation

/// How far, and how surely, a page's content is rotated.
public struct SkewEstimate: Sendable, Equatable {
    /// Counter-clockwise rotation of the content in the scan, degrees.
    public let degrees: Double
    /// 0 (no structure) … 1 (one sharp peak): how much the best angle stands out.
    public let confidence: Double
    /// Where the scan showed scanner background around the paper, as the border crop
    /// records it (`BorderCrop.backgroundSides`). After a rotation that background is a
    /// wedge, not a band: the crop no longer sees it, but the paper's edge is still
    /// inside the scan there.
    public var backgroundSides: [String: Double] = [:]
}

/// Estimates skew from projection profiles of thin dark structures (ruled
/// lines, text lines): the angle at which their horizontal projection is
/// sharpest. A coarse search over ±`maxDegrees` on a reduced image, then a
/// fine search at full resolution around the best angle, refined by a
/// parabola through the three best scores.
///
/// Large dark areas (scanner border, photographs) are ignored: a dark pixel
/// counts only when the paper shows a few pixels above or below it.
public struct SkewEstimator: Sendable {
    public var maxDegrees: Double
    /// Fewer ink pixels than this (on the reduced image) means a blank page: no estimate.
    public var minimumInk: Int

    public init(maxDegrees: Double = 10, minimumInk: Int = 300) {
        self.maxDegrees = maxDegrees
        self.minimumInk = minimumInk
    }

    /// Estimates the skew of a gray raster, or nil when there is nothing to measure.
    public func estimate(_ gray: Raster) -> SkewEstimate? {
        precondition(gray.channels == 1, "skew is measured on gray pages")
        guard gray.width >= 64, gray.height >= 64 else { return nil }
        // The paper's interior: away from the scanner border and its skewed wedges.
        let found = BorderCrop().paperBox(in: gray)
        let box = found ?? (0, 0, gray.width, gray.height)
        let sides = BorderCrop.backgroundSides(of: found, width: gray.width, height: gray.height)
        let insetX = box.width / 25, insetY = box.height / 25
        let region = Region(x: box.x + insetX, y: box.y + insetY,
                            width: box.width - 2 * insetX, height: box.height - 2 * insetY)

        let factor = max(1, min(region.width, region.height) / 600)
        let reduced = Self.minPool(gray, region: region, factor: factor)
        let paper = Histogram.percentile(Histogram(of: reduced.pixels).counts, total: reduced.pixels.count, 0.9)
        guard paper >= 80 else { return nil }
        let threshold = UInt8(Double(paper) * 0.65)

        let coarsePoints = Self.inkPoints(reduced.pixels, width: reduced.width,
                                          region: Region(x: 0, y: 0, width: reduced.width, height: reduced.height),
                                          threshold: threshold, reach: 3, stride: 1)
        guard coarsePoints.count / 2 >= minimumInk else { return nil }
        // Coarse search in two rounds: every 0.25° over the whole range, then every 0.05°
        // around the best; the confidence compares the peak with the typical score.
        let extentReduced = reduced.width + reduced.height
        let wideAngles = stride(from: -maxDegrees, through: maxDegrees + 1e-9, by: 0.25).map { $0 }
        // The wide sweep (81 angles) needs only the peak's place: every 3rd point will do.
        let sparsePoints = Self.thin(coarsePoints, keepingEvery: 3)
        let wideScores = wideAngles.map { Self.score(sparsePoints, degrees: $0, extent: extentReduced) }
        guard let wideBest = wideScores.indices.max(by: { wideScores[$0] < wideScores[$1] }) else { return nil }
        let median = wideScores.sorted()[wideScores.count / 2]
        let coarseAngles = (-3...3).map { wideAngles[wideBest] + Double($0) * 0.05 }
        let coarseScores = coarseAngles.map { Self.score(coarsePoints, degrees: $0, extent: extentReduced) }
        let bestIndex = coarseScores.indices.max(by: { coarseScores[$0] < coarseScores[$1] })!
        let best = coarseScores[bestIndex]
        let confidence = best > 0 ? 1 - median / best : 0

        // Ruled lines, where the page has them, give the angle to a small fraction of a pixel;
        // the coarse peak is close enough to group their edges.
        let coarse = Self.peak(of: coarseScores, at: bestIndex, angles: coarseAngles)
        if let lines = Self.fitLines(gray.pixels, width: gray.width, region: region, threshold: threshold, near: coarse) {
            return SkewEstimate(degrees: lines, confidence: confidence, backgroundSides: sides)
        }
        // Fine search at full resolution around the coarse peak, on the upper and lower
        // edges of the ink: one pixel thin, they make a far sharper peak than whole strokes.
        let finePoints = Self.inkPoints(gray.pixels, width: gray.width, region: region,
                                        threshold: threshold, reach: 1, stride: 2)
        let fineStep = 0.02
        let center = coarseAngles[bestIndex]
        let fineAngles = (-4...4).map { center + Double($0) * fineStep }
        let extent = gray.width + gray.height
        let fineScores = fineAngles.map { Self.score(finePoints, degrees: $0, extent: extent) }
        let fineBest = fineScores.indices.max(by: { fineScores[$0] < fineScores[$1] })!
        let projected = Self.peak(of: fineScores, at: fineBest, angles: fineAngles)
        // A peak the coarse search placed too far off may still group the lines.
        let lines = abs(projected - coarse) > 0.02
            ? Self.fitLines(gray.pixels, width: gray.width, region: region, threshold: threshold, near: projected) : nil
        return SkewEstimate(degrees: lines ?? projected, confidence: confidence, backgroundSides: sides)
    }

    /// Below this share of paper-like pixels an image is more photograph than page
    /// (documents measured 0.35 to 0.99 on the corpus scans and the generator's pages).
    static let minimumPaperShare = 1.0 / 3

    /// Share of pixels at least 80% as bright as the paper.
    static func paperShare(_ histogram: [Int], paper: Int, total: Int) -> Double {
        let floor = Int(Double(paper) * 0.8)
        return Double(histogram[floor...].reduce(0, +)) / Double(max(total, 1))
    }

    struct Region {
        var x: Int, y: Int, width: Int, height: Int
    }

    /// Every `n`-th (x, y) pair of interleaved points.
    static func thin(_ points: [Float], keepingEvery n: Int) -> [Float] {
        var kept: [Float] = []
        kept.reserveCapacity(points.count / n + 2)
        for i in stride(from: 0, to: points.count - 1, by: 2 * n) {
            kept.append(points[i])
            kept.append(points[i + 1])
        }
        return kept
    }

    /// Each output pixel is the darkest of its factor x factor block: thin lines survive reduction.
    static func minPool(_ gray: Raster, region: Region, factor: Int) -> Raster {
        let width = region.width / factor, height = region.height / factor
        let out = [UInt8](unsafeUninitializedCapacity: width * height) { buffer, initialized in
            gray.pixels.withUnsafeBufferPointer { src in
                dt_min_pool(src.baseAddress, Int32(gray.width), Int32(region.x), Int32(region.y),
                            Int32(region.width), Int32(region.height), Int32(factor), buffer.baseAddress)
            }
            initialized = width * height
        }
        return Raster(width: width, height: height, channels: 1, pixels: out)
    }

    /// Coordinates (x, y interleaved) of dark pixels with paper `reach` rows above or below
    /// (reach 1: the upper and lower edges of strokes).
    static func inkPoints(_ pixels: [UInt8], width: Int, region: Region,
                          threshold: UInt8, reach: Int, stride: Int) -> [Float] {
        var points: [Float] = []
        var columns = [Int32](repeating: 0, count: region.width / stride + 1)
        pixels.withUnsafeBufferPointer { p in
            columns.withUnsafeMutableBufferPointer { found in
                for y in (region.y + reach)..<max(region.y + reach, region.y + region.height - reach) {
                    let row = p.baseAddress! + y * width
                    let count = dt_ink_edges(row, row - reach * width, row + reach * width, Int32(region.x),
                                             Int32(region.x + region.width), Int32(stride), threshold, found.baseAddress)
                    for i in 0..<Int(count) {
                        points.append(Float(found[i]))
                        points.append(Float(y))
                    }
                }
            }
        }
        return points
    }

    /// The median angle of the long straight edges (ruled lines) near `degrees`, from
    /// least-squares fits to sub-pixel upper-edge positions; nil with fewer than three lines.
    static func fitLines(_ pixels: [UInt8], width: Int, region: Region, threshold: UInt8, near degrees: Double) -> Double? {
        // Upper edges of strokes, y interpolated where the gray crosses the threshold.
        var xs: [Float] = [], ys: [Float] = []
        let t = Float(threshold)
        var columns = [Int32](repeating: 0, count: region.width / 2 + 1)
        pixels.withUnsafeBufferPointer { p in
            columns.withUnsafeMutableBufferPointer { found in
                for y in (region.y + 1)..<max(region.y + 1, region.y + region.height) {
                    let row = p.baseAddress! + y * width
                    let count = dt_ink_edges(row, row - width, nil, Int32(region.x), Int32(region.x + region.width),
                                             2, threshold, found.baseAddress)
                    for i in 0..<Int(count) {
                        let x = Int(found[i])
                        let below = Float(row[x]), above = Float(row[x - width])
                        xs.append(Float(x))
                        ys.append(Float(y - 1) + (above - t) / (above - below))
                    }
                }
            }
        }
        guard !xs.isEmpty else { return nil }
        // Project at the approximate angle and take the well-filled bins as lines.
        let radians = degrees * .pi / 180
        let sine = Float(sin(radians)), cosine = Float(cos(radians))
        let extent = width + region.y + region.height
        var bins = [Int32](repeating: 0, count: 2 * extent + 2)
        var positions = [Float](repeating: 0, count: xs.count)
        for i in xs.indices {
            positions[i] = ys[i] * cosine + xs[i] * sine + Float(extent)
            bins[Int(positions[i] + 0.5)] &+= 1
        }
        // Points grouped by bin (a counting sort), so each line reads only its own neighbourhood.
        var firstInBin = [Int](repeating: 0, count: bins.count + 1)
        for bin in bins.indices { firstInBin[bin + 1] = firstInBin[bin] + Int(bins[bin]) }
        var byBin = [Int](repeating: 0, count: xs.count)
        var fill = firstInBin
        for i in positions.indices {
            let bin = Int(positions[i] + 0.5)
            byBin[fill[bin]] = i
            fill[bin] += 1
        }
        let minimum = Int32(Double(region.width / 2) * 0.3)
        var angles: [Double] = []
        var bin = 1
        while bin < bins.count - 1 {
            defer { bin += 1 }
            guard bins[bin] >= minimum, bins[bin] >= bins[bin - 1], bins[bin] >= bins[bin + 1] else { continue }
            let center = Float(bin)
            var lineX: [Double] = [], lineY: [Double] = []
            // |position - centre| <= 1.5 lies within bins centre-2 ... centre+2.
            for slot in firstInBin[max(0, bin - 2)]..<firstInBin[min(bins.count, bin + 3)] {
                let i = byBin[slot]
                guard abs(positions[i] - center) <= 1.5 else { continue }
                lineX.append(Double(xs[i]))
                lineY.append(Double(ys[i]))
            }
            if let slope = robustSlope(lineX, lineY, minimumPoints: Int(minimum)) {
                angles.append(-atan(slope) * 180 / .pi)
            }
            bin += 2  // the next line is at least a few pixels away
        }
        guard angles.count >= 3 else { return nil }
        let sorted = angles.sorted()
        return sorted[sorted.count / 2]
    }

    /// Least-squares slope of y on x, refitted twice without points more than a pixel off.
    static func robustSlope(_ x: [Double], _ y: [Double], minimumPoints: Int) -> Double? {
        var keep = Array(x.indices)
        var slope = 0.0, intercept = 0.0
        for pass in 0..<3 {
            guard keep.count >= max(minimumPoints, 10) else { return nil }
            var (n, sx, sy, sxx, sxy) = (0.0, 0.0, 0.0, 0.0, 0.0)
            for i in keep {
                n += 1; sx += x[i]; sy += y[i]; sxx += x[i] * x[i]; sxy += x[i] * y[i]
            }
            let denominator = n * sxx - sx * sx
            guard denominator > 0 else { return nil }
            slope = (n * sxy - sx * sy) / denominator
            intercept = (sy - slope * sx) / n
            if pass < 2 { keep = keep.filter { abs(y[$0] - (intercept + slope * x[$0])) <= 1.0 } }
        }
        return slope
    }

    /// The vertex of a least-squares parabola through the scores within ±3 steps of
    /// the best one (a wider fit than three points evens out binning noise).
    static func peak(of scores: [Double], at best: Int, angles: [Double]) -> Double {
        let low = max(0, best - 3), high = min(scores.count - 1, best + 3)
        guard high - low >= 2 else { return angles[best] }
        // Fit s = a t² + b t + c with t in steps from the best angle.
        var (s0, s1, s2, s3, s4) = (0.0, 0.0, 0.0, 0.0, 0.0)
        var (y0, y1, y2) = (0.0, 0.0, 0.0)
        for index in low...high {
            let t = Double(index - best), y = scores[index]
            s0 += 1; s1 += t; s2 += t * t; s3 += t * t * t; s4 += t * t * t * t
            y0 += y; y1 += t * y; y2 += t * t * y
        }
        // Normal equations, solved by Cramer's rule.
        func det(_ m: [[Double]]) -> Double {
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        }
        let matrix = [[s4, s3, s2], [s3, s2, s1], [s2, s1, s0]]
        let d = det(matrix)
        guard abs(d) > 0 else { return angles[best] }
        let a = det([[y2, s3, s2], [y1, s2, s1], [y0, s1, s0]]) / d
        let b = det([[s4, y2, s2], [s3, y1, s1], [s2, y0, s0]]) / d
        guard a < 0 else { return angles[best] }
        let vertex = min(max(-b / (2 * a), -3), 3)
        let step = angles[1] - angles[0]
        return angles[best] + vertex * step
    }

    /// Sum of squared bin counts of the projection at this angle: high when lines align with it.
    /// (Nearest-bin counting: sharing points between bins would favour angles where
    /// rows land on whole bins, 0° first of all.)
    static func score(_ points: [Float], degrees: Double, extent: Int) -> Double {
        let radians = degrees * .pi / 180
        // Position across the lines: constant along a line rotated by `degrees` counter-clockwise (C).
        return points.withUnsafeBufferPointer { p in
            dt_projection_score(p.baseAddress, p.count / 2, Float(sin(radians)), Float(cos(radians)), Int32(extent))
        }
    }
}
