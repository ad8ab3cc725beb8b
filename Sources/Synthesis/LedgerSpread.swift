import Imaging

/// An open-book spread as a scanner delivers it: two ledger pages side by side,
/// each skewed its own way, with the fold's shadow between them.
public struct LedgerSpread: Sendable {
    public var dpi: Int
    /// Skew of the left and the right page, degrees counter-clockwise.
    public var skews: (left: Double, right: Double)
    public var seed: UInt64

    public init(dpi: Int, skews: (left: Double, right: Double), seed: UInt64) {
        self.dpi = dpi
        self.skews = skews
        self.seed = seed
    }

    /// Draws the spread (8-bit gray, landscape).
    public func render() -> Raster {
        let pageW = Int(8.27 * Double(dpi)), pageH = Int(11.69 * Double(dpi))
        let left = LedgerPage(width: pageW, height: pageH, skewDegrees: skews.left, border: dpi / 12, seed: seed).render()
        let right = LedgerPage(width: pageW, height: pageH, skewDegrees: skews.right, border: dpi / 12, seed: seed + 1).render()
        return Self.join(left: left, right: right, dpi: dpi)
    }

    /// Two scanned pages (same size, 8-bit gray) side by side as one spread, with the
    /// fold's shadow over a fifth of an inch each side of the gutter.
    public static func join(left: Raster, right: Raster, dpi: Int) -> Raster {
        let pageW = left.width, pageH = left.height
        let width = 2 * pageW
        var pixels = [UInt8](repeating: 0, count: width * pageH)
        for y in 0..<pageH {
            for x in 0..<pageW {
                pixels[y * width + x] = left.pixels[y * pageW + x]
                pixels[y * width + pageW + x] = right.pixels[y * pageW + x]
            }
        }
        let shadow = max(2, dpi / 5)
        for y in 0..<pageH {
            for dx in -shadow..<shadow {
                let x = pageW + dx
                let depth = 1 - Double(abs(dx)) / Double(shadow)
                pixels[y * width + x] = UInt8(Double(pixels[y * width + x]) * (1 - 0.55 * depth))
            }
        }
        return Raster(width: width, height: pageH, channels: 1, pixels: pixels)
    }
}
