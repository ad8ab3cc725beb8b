import Foundation
import Imaging

/// Draws a synthetic civil-registry ledger page as a scanner would deliver it:
/// ruled grid, pen-like handwriting strokes, paper noise, a known skew and a
/// dark scanner border around the sheet.
public struct LedgerPage: Sendable {
    /// Output size in pixels (the scanner bed, border included).
    public var width: Int
    public var height: Int
    /// Rotation of the sheet on the bed, degrees counter-clockwise.
    public var skewDegrees: Double
    /// Width of the dark scanner border, pixels.
    public var border: Int
    public var seed: UInt64
    /// Spread of the paper's grain, in gray levels.
    public var noise: Int

    public init(width: Int, height: Int, skewDegrees: Double, border: Int, seed: UInt64, noise: Int = 18) {
        self.width = width
        self.height = height
        self.skewDegrees = skewDegrees
        self.border = border
        self.seed = seed
        self.noise = noise
    }

    /// Draws the page (8-bit gray).
    public func render() -> Raster {
        var random = SeededRandom(seed: seed)
        let paperW = width - 2 * border, paperH = height - 2 * border
        var paper = [UInt8](repeating: 0, count: paperW * paperH)
        let grain = UInt64(max(1, noise))
        for i in paper.indices { paper[i] = UInt8(244 - Int(grain) + Int(random.next() % grain)) }
        let scale = Double(paperW) / 2480.0  // geometry designed for A4 at 300 dpi

        // Ruled grid: a header band, then rows of act entries and column rules.
        let top = Int(260 * scale), rowHeight = max(8, Int(78 * scale))
        let lineWidth = max(1, Int((3 * scale).rounded()))
        var y = top
        while y < paperH - Int(120 * scale) {
            fill(&paper, paperW, paperH, x0: Int(90 * scale), y0: y, x1: paperW - Int(90 * scale), y1: y + lineWidth, value: 70)
            y += rowHeight
        }
        let columns = [0.04, 0.12, 0.40, 0.62, 0.80, 0.96].map { Int(Double(paperW) * $0) }
        for x in columns {
            fill(&paper, paperW, paperH, x0: x, y0: top, x1: x + lineWidth, y1: y - rowHeight + lineWidth, value: 70)
        }
        // Title strokes in the header band.
        pen(&paper, paperW, paperH, x: Int(700 * scale), baseline: Int(170 * scale), length: Int(1100 * scale),
            size: 40 * scale, random: &random)
        // Handwritten entries in most cells.
        var rowTop = top
        while rowTop + rowHeight < y {
            for c in 0..<(columns.count - 1) where random.next() % 5 != 0 {
                let cellW = columns[c + 1] - columns[c]
                let length = Int(Double(cellW) * (0.4 + Double(random.next() % 50) / 100))
                pen(&paper, paperW, paperH, x: columns[c] + Int(14 * scale), baseline: rowTop + rowHeight * 2 / 3,
                    length: length, size: Double(rowHeight) * 0.28, random: &random)
            }
            rowTop += rowHeight
        }
        return place(paper, paperW, paperH, random: &random)
    }

    private func fill(_ p: inout [UInt8], _ w: Int, _ h: Int, x0: Int, y0: Int, x1: Int, y1: Int, value: UInt8) {
        for yy in max(0, y0)..<min(h, y1) {
            for xx in max(0, x0)..<min(w, x1) { p[yy * w + xx] = min(p[yy * w + xx], value) }
        }
    }

    /// A cursive-looking stroke: loops along a baseline, drawn with a round nib.
    private func pen(_ p: inout [UInt8], _ w: Int, _ h: Int, x: Int, baseline: Int, length: Int, size: Double,
                     random: inout SeededRandom) {
        let nib = max(1, Int((size / 9).rounded()))
        let ink = UInt8(25 + random.next() % 40)
        let frequency = 1.0 / max(2, size * 0.55)
        let phase = Double(random.next() % 628) / 100
        var t = 0.0
        while t < Double(length) {
            let wobble = sin(t * frequency * 0.37 + phase) * 0.35
            let px = Double(x) + t + sin(t * frequency * 2 + phase) * size * 0.25
            let py = Double(baseline) - (1 + sin(t * frequency + phase)) * size * (0.5 + wobble)
            stamp(&p, w, h, cx: Int(px), cy: Int(py), radius: nib, ink: ink)
            t += max(0.5, Double(nib) * 0.6)
            if random.next() % 90 == 0 { t += size * 0.8 }  // word gaps
        }
    }

    private func stamp(_ p: inout [UInt8], _ w: Int, _ h: Int, cx: Int, cy: Int, radius: Int, ink: UInt8) {
        for dy in -radius...radius {
            let yy = cy + dy
            guard yy >= 0 && yy < h else { continue }
            for dx in -radius...radius where dx * dx + dy * dy <= radius * radius {
                let xx = cx + dx
                if xx >= 0 && xx < w { p[yy * w + xx] = min(p[yy * w + xx], ink) }
            }
        }
    }

    /// Puts the sheet on the dark scanner bed, rotated by `skewDegrees`.
    private func place(_ paper: [UInt8], _ pw: Int, _ ph: Int, random: inout SeededRandom) -> Raster {
        ScannerBed.place(Raster(width: pw, height: ph, channels: 1, pixels: paper), width: width, height: height,
                         skewDegrees: skewDegrees, random: &random)
    }
}
