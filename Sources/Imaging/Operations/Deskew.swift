import Foundation

/// Rotates a page so its lines run level, when the skew is measured with
/// confidence; otherwise leaves it untouched (a wrong correction is worse
/// than none). Records the angle and the confidence either way.
public struct Deskew: PageOperation {
    public var estimator: SkewEstimator
    /// Below this confidence the page is not rotated.
    public var minimumConfidence: Double
    /// Angles smaller than this are left alone (the resampling would only blur).
    public var minimumDegrees: Double

    public init(estimator: SkewEstimator = SkewEstimator(), minimumConfidence: Double = 0.3, minimumDegrees: Double = 0.02) {
        self.estimator = estimator
        self.minimumConfidence = minimumConfidence
        self.minimumDegrees = minimumDegrees
    }

    public func apply(to raster: Raster) -> (Raster, OperationRecord) {
        let gray = raster.channels == 1 ? raster : GrayConversion().apply(to: raster).0
        guard let estimate = estimator.estimate(gray) else {
            return (raster, OperationRecord(operation: "deskew", applied: false, parameters: ["confidence": 0]))
        }
        var parameters = ["degrees": estimate.degrees, "confidence": estimate.confidence]
        guard estimate.confidence >= minimumConfidence, abs(estimate.degrees) <= estimator.maxDegrees - 0.05 else {
            parameters["degrees"] = 0
            parameters["measuredDegrees"] = estimate.degrees
            return (raster, OperationRecord(operation: "deskew", applied: false, parameters: parameters))
        }
        guard abs(estimate.degrees) >= minimumDegrees else {
            return (raster, OperationRecord(operation: "deskew", applied: false, parameters: parameters))
        }
        return (Self.rotate(raster, degrees: -estimate.degrees),
                OperationRecord(operation: "deskew", applied: true, parameters: parameters))
    }

    /// Rotates counter-clockwise by `degrees` about the centre, same size, bilinear;
    /// pixels from outside the source repeat its nearest edge.
    ///
    /// Source positions advance in 16.16 fixed point along each row (exact at the
    /// row start, within 0.02 pixel at its end) and weights are 8-bit, so the inner
    /// loop is integer-only.
    public static func rotate(_ raster: Raster, degrees: Double) -> Raster {
        let (w, h, c) = (raster.width, raster.height, raster.channels)
        guard w >= 2, h >= 2 else { return raster }
        let radians = degrees * .pi / 180
        let (cosine, sine) = (cos(radians), sin(radians))
        let (cx, cy) = (Double(w - 1) / 2, Double(h - 1) / 2)
        let one = 65536.0
        let stepX = Int((cosine * one).rounded()), stepY = Int((sine * one).rounded())
        let maxX = (w - 1) << 16, maxY = (h - 1) << 16
        var out = [UInt8](repeating: 0, count: raster.pixels.count)
        raster.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let source = src.baseAddress!
                for oy in 0..<h {
                    let dy = Double(oy) - cy
                    // Source of output (0, oy): the point that a counter-clockwise rotation brings there.
                    var sx = Int(((cosine * -cx - sine * dy + cx) * one).rounded())
                    var sy = Int(((sine * -cx + cosine * dy + cy) * one).rounded())
                    var target = dst.baseAddress! + oy * w * c
                    var ox = 0
                    while ox < w {
                        // Gray pixels whose 2x2 source neighbourhood lies inside the image take the
                        // tight path: no clamping, no channel loop.
                        if c == 1 && sx >= 0 && sy >= 0 && sx < maxX - 65536 && sy < maxY - 65536 {
                            let x0 = sx >> 16, y0 = sy >> 16
                            let fx = (sx >> 8) & 0xFF, fy = (sy >> 8) & 0xFF
                            let top = source + (y0 &* w &+ x0)
                            let a = Int(top[0]), b = Int(top[1]), d = Int(top[w]), e = Int(top[w &+ 1])
                            let upper = (a &<< 8) &+ (b &- a) &* fx
                            let lower = (d &<< 8) &+ (e &- d) &* fx
                            target[0] = UInt8(truncatingIfNeeded: ((upper &<< 8) &+ (lower &- upper) &* fy &+ 32768) &>> 16)
                            target += 1
                            sx &+= stepX
                            sy &+= stepY
                            ox &+= 1
                            continue
                        }
                        // Clamp to the image: outside pixels repeat the nearest edge.
                        let px = min(max(sx, 0), maxX), py = min(max(sy, 0), maxY)
                        var x0 = px >> 16, y0 = py >> 16
                        var fx = (px >> 8) & 0xFF, fy = (py >> 8) & 0xFF
                        if x0 == w - 1 { x0 -= 1; fx = 256 }
                        if y0 == h - 1 { y0 -= 1; fy = 256 }
                        let top = source + (y0 * w + x0) * c
                        let bottom = top + w * c
                        for k in 0..<c {
                            let a = Int(top[k]), b = Int(top[c + k]), d = Int(bottom[k]), e = Int(bottom[c + k])
                            let upper = (a << 8) + (b - a) * fx
                            let lower = (d << 8) + (e - d) * fx
                            target[k] = UInt8(truncatingIfNeeded: ((upper << 8) + (lower - upper) * fy + 32768) >> 16)
                        }
                        target += c
                        sx += stepX
                        sy += stepY
                        ox += 1
                    }
                }
            }
        }
        return Raster(width: w, height: h, channels: c, pixels: out)
    }
}
