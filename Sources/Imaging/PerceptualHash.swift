/// A perceptual hash of a page: the mean darkness of its ink box cut into
/// 16x16 cells (256 bytes), computed on a reduced copy in which every pixel is
/// the darkest of its block, so thin strokes and ruled lines survive the reduction.
/// Two hashes are compared by normalized correlation (`similarity`).
///
/// - The ink box (where strokes are, trimmed of 1% of them at each side) frames
///   the hash, so two crops of the same sheet hash the same content.
/// - Only thin dark structures count as ink (paper within a few pixels): the
///   solid dark wedges a deskewed scan brings into its corners do not move the box.
/// - Correlation ignores overall brightness and contrast, so exposure and levels do
///   not count; blur and JPEG loss keep each cell's mean darkness.
/// Ledger pages share their ruling, which keeps even different sheets of one ledger
/// correlated (up to 0.79 on the benchmark's pages); the same sheet scanned again
/// correlated at 0.83 or more (re-cropped) and above 0.9 when only the exposure
/// or compression changed.
public struct PerceptualHash: Sendable, Hashable, CustomStringConvertible {
    /// Mean darkness per cell, row-major, scaled so the darkest cell is 255.
    public let cells: [UInt8]

    static let side = 16

    public init?(cells: [UInt8]) {
        guard cells.count == Self.side * Self.side else { return nil }
        self.cells = cells
    }

    /// Parses the 512 hexadecimal digits of `description`.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 2 * Self.side * Self.side else { return nil }
        var cells: [UInt8] = []
        cells.reserveCapacity(digits.count / 2)
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.nibble(digits[i]), let low = Self.nibble(digits[i + 1]) else { return nil }
            cells.append(high << 4 | low)
        }
        self.cells = cells
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    /// 512 hexadecimal digits.
    public var description: String {
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(cells.count * 2)
        for cell in cells { out.append(hex[Int(cell >> 4)]); out.append(hex[Int(cell & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Normalized correlation of the two hashes' cells: 1 for the same picture, about 0 for unrelated ones.
    public func similarity(to other: PerceptualHash) -> Double {
        let n = Double(cells.count)
        var (sa, sb, saa, sbb, sab) = (0.0, 0.0, 0.0, 0.0, 0.0)
        for i in cells.indices {
            let a = Double(cells[i]), b = Double(other.cells[i])
            sa += a; sb += b; saa += a * a; sbb += b * b; sab += a * b
        }
        let va = saa - sa * sa / n, vb = sbb - sb * sb / n
        guard va > 0, vb > 0 else { return va == vb ? 1 : 0 }
        return (sab - sa * sb / n) / (va * vb).squareRoot()
    }

    /// The hash of a page (gray or colour; colour is hashed by its luma).
    public init(of raster: Raster) {
        let gray = GrayConversion.gray(of: raster)
        let factor = max(1, min(gray.width, gray.height) / 400)
        let reduced = SkewEstimator.minPool(gray, region: .init(x: 0, y: 0, width: gray.width, height: gray.height),
                                            factor: factor)
        let n = Self.side
        let box = Self.inkBox(reduced) ?? (0, 0, reduced.width, reduced.height)
        // Mean darkness per cell.
        var sums = [Double](repeating: 0, count: n * n), counts = [Double](repeating: 0, count: n * n)
        reduced.pixels.withUnsafeBufferPointer { p in
            for y in 0..<box.height {
                let row = min(n - 1, y * n / box.height)
                let line = p.baseAddress! + (box.y + y) * reduced.width + box.x
                for x in 0..<box.width {
                    let cell = row * n + min(n - 1, x * n / box.width)
                    sums[cell] += Double(255 - Int(line[x]))
                    counts[cell] += 1
                }
            }
        }
        let means = zip(sums, counts).map { $1 > 0 ? $0 / $1 : 0 }
        let darkest = max(means.max() ?? 0, 1)
        cells = means.map { UInt8(min(255, ($0 / darkest * 255).rounded())) }
    }

    /// The box of the page's thin ink, trimmed of 1% of it on each side; nil when there is too little ink.
    static func inkBox(_ reduced: Raster) -> (x: Int, y: Int, width: Int, height: Int)? {
        let (w, h) = (reduced.width, reduced.height)
        let reach = 3
        guard w > 2 * reach, h > 2 * reach else { return nil }
        let paper = Histogram.percentile(Histogram(of: reduced.pixels).counts, total: reduced.pixels.count, 0.9)
        let threshold = UInt8(Double(paper) * 0.65)
        var rows = [Int](repeating: 0, count: h), columns = [Int](repeating: 0, count: w)
        var total = 0
        reduced.pixels.withUnsafeBufferPointer { p in
            for y in reach..<(h - reach) {
                for x in reach..<(w - reach) where p[y * w + x] < threshold {
                    let i = y * w + x
                    // Thin: paper a few pixels away on some side.
                    guard p[i - reach * w] >= threshold || p[i + reach * w] >= threshold
                            || p[i - reach] >= threshold || p[i + reach] >= threshold else { continue }
                    rows[y] += 1
                    columns[x] += 1
                    total += 1
                }
            }
        }
        guard total >= 100 else { return nil }
        func span(_ profile: [Int]) -> (Int, Int) {
            let cut = total / 100
            var first = 0, running = 0
            while first < profile.count - 1, running + profile[first] <= cut { running += profile[first]; first += 1 }
            var last = profile.count - 1
            running = 0
            while last > first, running + profile[last] <= cut { running += profile[last]; last -= 1 }
            return (first, last)
        }
        let (top, bottom) = span(rows), (left, right) = span(columns)
        let (width, height) = (right - left + 1, bottom - top + 1)
        guard width >= 2 * side, height >= 2 * side else { return nil }
        return (left, top, width, height)
    }
}
