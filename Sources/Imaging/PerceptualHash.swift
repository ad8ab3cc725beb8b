import Foundation

/// A 256-bit perceptual hash of a page (DCT hash): the page shrunk to 64x64 by
/// area averaging, its 2-D cosine transform, and one bit per low-frequency
/// coefficient (16x16, the constant term left out) saying whether it is above
/// their median. Exposure, levels, JPEG quality and a small change of crop move
/// few bits; a different sheet moves many. Ledger pages share their ruling, so
/// the hash keeps more frequencies than the usual 8x8: the handwriting must count.
public struct PerceptualHash: Sendable, Hashable, CustomStringConvertible {
    /// The bits, four 64-bit words.
    public let words: [UInt64]

    static let side = 64, block = 16

    public init(words: [UInt64]) {
        precondition(words.count == 4, "256 bits")
        self.words = words
    }

    /// Parses the 64 hexadecimal digits of `description`.
    public init?(hex: String) {
        guard hex.count == 64 else { return nil }
        var words: [UInt64] = []
        var index = hex.startIndex
        for _ in 0..<4 {
            let next = hex.index(index, offsetBy: 16)
            guard let word = UInt64(hex[index..<next], radix: 16) else { return nil }
            words.append(word)
            index = next
        }
        self.words = words
    }

    /// 64 hexadecimal digits.
    public var description: String {
        words.map { word in
            let digits = String(word, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
    }

    /// Bits that differ (0 ... 256).
    public func distance(to other: PerceptualHash) -> Int {
        zip(words, other.words).reduce(0) { $0 + ($1.0 ^ $1.1).nonzeroBitCount }
    }

    /// The hash of a page (gray or colour; colour is hashed by its luma).
    public init(of raster: Raster) {
        let gray = raster.channels == 1 ? raster
            : Raster(width: raster.width, height: raster.height, channels: 1, pixels: GrayConversion.luma(of: raster))
        let n = Self.side, b = Self.block
        let small = AreaResampler.resize(gray, width: min(n, gray.width), height: min(n, gray.height))
        // Too small a page is stretched to n x n first (nearest sample): every hash has the same bits.
        var samples = [Double](repeating: 0, count: n * n)
        for y in 0..<n {
            for x in 0..<n {
                samples[y * n + x] = Double(small.pixels[(y * small.height / n) * small.width + x * small.width / n])
            }
        }
        // Cosine table: basis u at position x.
        var basis = [Double](repeating: 0, count: b * n)
        for u in 0..<b {
            for x in 0..<n { basis[u * n + x] = cos(Double((2 * x + 1) * u) * Double.pi / Double(2 * n)) }
        }
        // Rows first (n x b), then columns (b x b).
        var rows = [Double](repeating: 0, count: n * b)
        for y in 0..<n {
            for u in 0..<b {
                var sum = 0.0
                for x in 0..<n { sum += samples[y * n + x] * basis[u * n + x] }
                rows[y * b + u] = sum
            }
        }
        var coefficients = [Double](repeating: 0, count: b * b)
        for v in 0..<b {
            for u in 0..<b {
                var sum = 0.0
                for y in 0..<n { sum += rows[y * b + u] * basis[v * n + y] }
                coefficients[v * b + u] = sum
            }
        }
        let ac = Array(coefficients.dropFirst())
        let median = ac.sorted()[ac.count / 2]
        var words = [UInt64](repeating: 0, count: 4)
        for (i, value) in ac.enumerated() where value > median {
            let bit = i + 1  // bit 0 (the constant term) stays 0
            words[bit / 64] |= 1 << UInt64(bit % 64)
        }
        self.words = words
    }
}
