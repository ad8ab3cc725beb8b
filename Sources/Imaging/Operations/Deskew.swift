import CImaging
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

    public func apply(_ raster: inout Raster) -> OperationRecord {
        let gray = GrayConversion.gray(of: raster)
        guard let estimate = estimator.estimate(gray) else {
            return OperationRecord(operation: "deskew", applied: false, parameters: ["confidence": 0])
        }
        var parameters = ["degrees": estimate.degrees, "confidence": estimate.confidence]
        // A peak at the end of the searched range is most likely the flank of one beyond it.
        guard estimate.confidence >= minimumConfidence, abs(estimate.degrees) <= estimator.maxDegrees - 0.25 else {
            parameters["degrees"] = 0
            parameters["measuredDegrees"] = estimate.degrees
            return OperationRecord(operation: "deskew", applied: false, parameters: parameters)
        }
        guard abs(estimate.degrees) >= minimumDegrees else {
            return OperationRecord(operation: "deskew", applied: false, parameters: parameters)
        }
        raster = Self.rotate(raster, degrees: -estimate.degrees)
        // Which sides showed scanner background before the turn (see SkewEstimate.backgroundSides).
        parameters.merge(estimate.backgroundSides) { $1 }
        return OperationRecord(operation: "deskew", applied: true, parameters: parameters)
    }

    /// Rotates counter-clockwise by `degrees` about the centre, same size, bilinear;
    /// pixels from outside the source repeat its nearest edge.
    ///
    /// Source positions advance in 16.16 fixed point along each row (exact at the
    /// row start, within 0.02 pixel at its end) and weights are 7-bit; each row's
    /// interior is computed sixteen pixels at a time where the processor has AVX2
    /// (C, `dt_rotate`).
    public static func rotate(_ raster: Raster, degrees: Double) -> Raster {
        let (w, h, c) = (raster.width, raster.height, raster.channels)
        guard w >= 2, h >= 2 else { return raster }
        let pixels = [UInt8](unsafeUninitializedCapacity: raster.pixels.count) { out, initialized in
            raster.pixels.withUnsafeBufferPointer { src in
                dt_rotate(src.baseAddress, out.baseAddress, Int32(w), Int32(h), Int32(c), degrees)
            }
            initialized = raster.pixels.count
        }
        return Raster(width: w, height: h, channels: c, pixels: pixels)
    }
}
