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
    public static func rotate(_ raster: Raster, degrees: Double) -> Raster {
        let (w, h, c) = (raster.width, raster.height, raster.channels)
        let radians = degrees * .pi / 180
        let (cosine, sine) = (cos(radians), sin(radians))
        let (cx, cy) = (Double(w - 1) / 2, Double(h - 1) / 2)
        var out = [UInt8](repeating: 0, count: raster.pixels.count)
        raster.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for oy in 0..<h {
                    let dy = Double(oy) - cy
                    // Source of output (ox, oy): the point that a counter-clockwise rotation brings here.
                    var sx = cosine * -cx - sine * dy + cx
                    var sy = sine * -cx + cosine * dy + cy
                    let target = dst.baseAddress! + oy * w * c
                    for ox in 0..<w {
                        let fx = min(max(sx, 0), Double(w - 1)), fy = min(max(sy, 0), Double(h - 1))
                        let x0 = min(Int(fx), w - 2), y0 = min(Int(fy), h - 2)
                        let ax = fx - Double(x0), ay = fy - Double(y0)
                        let top = src.baseAddress! + (y0 * w + x0) * c
                        let bottom = top + w * c
                        for k in 0..<c {
                            let upper = Double(top[k]) + (Double(top[c + k]) - Double(top[k])) * ax
                            let lower = Double(bottom[k]) + (Double(bottom[c + k]) - Double(bottom[k])) * ax
                            target[ox * c + k] = UInt8(upper + (lower - upper) * ay + 0.5)
                        }
                        sx += cosine
                        sy += sine
                    }
                }
            }
        }
        return Raster(width: w, height: h, channels: c, pixels: out)
    }
}
