import Foundation
import Imaging

/// The scanner's dark bed with a sheet of paper lying on it, turned by a small angle:
/// what a flatbed or book scanner delivers.
public enum ScannerBed {
    /// Places `paper` (8-bit gray) at the centre of a `width` x `height` bed, rotated by
    /// `skewDegrees` counter-clockwise (bilinear sampling); the bed around it is near black.
    /// `offset` moves the sheet off centre (a sheet pushed past the scanner's edge).
    public static func place(_ paper: Raster, width: Int, height: Int, skewDegrees: Double,
                             offset: (x: Int, y: Int) = (0, 0), random: inout SeededRandom) -> Raster {
        let pw = paper.width, ph = paper.height
        var out = [UInt8](repeating: 0, count: width * height)
        let angle = skewDegrees * .pi / 180
        let (c, s) = (cos(angle), sin(angle))
        let (cx, cy) = (Double(width) / 2 + Double(offset.x), Double(height) / 2 + Double(offset.y))
        let (pcx, pcy) = (Double(pw) / 2, Double(ph) / 2)
        paper.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for oy in 0..<height {
                    for ox in 0..<width {
                        // Inverse rotation: which paper point lands here (y grows downwards).
                        let dx = Double(ox) - cx, dy = Double(oy) - cy
                        let sx = c * dx - s * dy + pcx
                        let sy = s * dx + c * dy + pcy
                        let i = oy * width + ox
                        guard sx >= 0, sy >= 0, sx < Double(pw - 1), sy < Double(ph - 1) else {
                            dst[i] = UInt8(18 + Int(random.next() % 14))
                            continue
                        }
                        let x0 = Int(sx), y0 = Int(sy)
                        let fx = sx - Double(x0), fy = sy - Double(y0)
                        let a = Double(src[y0 * pw + x0]), b = Double(src[y0 * pw + x0 + 1])
                        let d = Double(src[(y0 + 1) * pw + x0]), e = Double(src[(y0 + 1) * pw + x0 + 1])
                        let top = a + (b - a) * fx, bottom = d + (e - d) * fx
                        dst[i] = UInt8(top + (bottom - top) * fy)
                    }
                }
            }
        }
        return Raster(width: width, height: height, channels: 1, pixels: out)
    }
}
