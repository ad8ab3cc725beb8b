import Foundation

/// What was measured on a page that tells whether the scan is good enough to keep.
public struct ScanMetrics: Codable, Sendable, Equatable {
    /// Resolution of the scan as the file gives it (before any resampling); nil when the file does not say.
    public var dpi: Double?
    /// Measured skew, degrees (0 when not measured with confidence).
    public var skewDegrees: Double
    /// Brightness of the paper (the white point before levels): low means a dark scan.
    public var paperLevel: Int
    /// Brightness of the darkest ink (the black point before levels): high means a washed-out scan.
    public var inkLevel: Int
    /// Variance of the Laplacian of the levelled page: low means blurred.
    public var sharpness: Double
    /// Sides where the sheet reaches the edge of the scan with ink on it ("left", "top", …).
    public var cutSides: [String]

    public init(dpi: Double?, skewDegrees: Double, paperLevel: Int, inkLevel: Int, sharpness: Double, cutSides: [String]) {
        self.dpi = dpi
        self.skewDegrees = skewDegrees
        self.paperLevel = paperLevel
        self.inkLevel = inkLevel
        self.sharpness = sharpness
        self.cutSides = cutSides
    }
}

/// An office's thresholds for an acceptable scan. Every field may be left out
/// of a policy file; what is left out keeps its default.
public struct QualityPolicy: Codable, Sendable, Equatable {
    public var minimumDpi: Double = 300
    public var maximumSkewDegrees: Double = 5
    /// Paper darker than this is a dark scan.
    public var minimumPaperLevel: Int = 110
    /// Ink lighter than this is a washed-out scan.
    public var maximumInkLevel: Int = 170
    /// Laplacian variance below this is a blurred scan.
    public var minimumSharpness: Double = 150
    /// Whether ink running off the edge of the scan is accepted.
    public var allowCutContent: Bool = false

    public init() {}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = QualityPolicy()
        minimumDpi = try container.decodeIfPresent(Double.self, forKey: .minimumDpi) ?? defaults.minimumDpi
        maximumSkewDegrees = try container.decodeIfPresent(Double.self, forKey: .maximumSkewDegrees) ?? defaults.maximumSkewDegrees
        minimumPaperLevel = try container.decodeIfPresent(Int.self, forKey: .minimumPaperLevel) ?? defaults.minimumPaperLevel
        maximumInkLevel = try container.decodeIfPresent(Int.self, forKey: .maximumInkLevel) ?? defaults.maximumInkLevel
        minimumSharpness = try container.decodeIfPresent(Double.self, forKey: .minimumSharpness) ?? defaults.minimumSharpness
        allowCutContent = try container.decodeIfPresent(Bool.self, forKey: .allowCutContent) ?? defaults.allowCutContent
    }

    /// The policy's complaints about a page, each a short phrase ("150 dpi, policy 300"); empty when it passes.
    public func problems(with metrics: ScanMetrics) -> [String] {
        var problems: [String] = []
        if let dpi = metrics.dpi {
            // Resolutions stored in pixels per metre come back a hair off (299.9994): judge them rounded.
            let rounded = dpi.rounded()
            if rounded < minimumDpi { problems.append("\(Self.number(rounded)) dpi, policy \(Self.number(minimumDpi))") }
        } else {
            problems.append("resolution unknown, policy \(Self.number(minimumDpi)) dpi")
        }
        if abs(metrics.skewDegrees) > maximumSkewDegrees {
            problems.append(String(format: "skew %.1f°, policy %@°", abs(metrics.skewDegrees), Self.number(maximumSkewDegrees)))
        }
        if metrics.paperLevel < minimumPaperLevel {
            problems.append("too dark (paper \(metrics.paperLevel), policy \(minimumPaperLevel))")
        }
        if metrics.inkLevel > maximumInkLevel {
            problems.append("too light (ink \(metrics.inkLevel), policy \(maximumInkLevel))")
        }
        if metrics.sharpness < minimumSharpness {
            problems.append("blurred (sharpness \(Int(metrics.sharpness)), policy \(Self.number(minimumSharpness)))")
        }
        if !allowCutContent && !metrics.cutSides.isEmpty {
            problems.append("content cut at the \(metrics.cutSides.joined(separator: ", ")) edge")
        }
        return problems
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

/// Measures the sharpness and the cut edges of a normalized page.
enum ScanMeasure {
    /// Variance of the 4-neighbour Laplacian over the middle half of the page, every other row and column.
    static func sharpness(_ gray: Raster) -> Double {
        let (w, h) = (gray.width, gray.height)
        guard w >= 8, h >= 8 else { return 0 }
        var sum = 0.0, squares = 0.0, count = 0.0
        gray.pixels.withUnsafeBufferPointer { p in
            for y in stride(from: max(1, h / 4), to: min(h - 1, 3 * h / 4), by: 2) {
                var rowSum = 0, rowSquares = 0, rowCount = 0
                let line = p.baseAddress! + y * w
                for x in stride(from: max(1, w / 4), to: min(w - 1, 3 * w / 4), by: 2) {
                    // Wrapping operators: the values are small (|laplacian| <= 1020, a row's
                    // sums far inside Int), so overflow checks would only cost.
                    let laplacian = 4 &* Int(line[x]) &- Int(line[x - 1]) &- Int(line[x + 1]) &- Int(line[x - w]) &- Int(line[x + w])
                    rowSum &+= laplacian
                    rowSquares &+= laplacian &* laplacian
                    rowCount &+= 1
                }
                sum += Double(rowSum); squares += Double(rowSquares); count += Double(rowCount)
            }
        }
        guard count > 0 else { return 0 }
        let mean = sum / count
        return squares / count - mean * mean
    }

    /// Sides without scanner background (`open`) where more than 0.5% of a thin band
    /// along the edge is ink: there the sheet, and maybe its writing, runs off the scan.
    static func cutSides(_ gray: Raster, open: (left: Bool, top: Bool, right: Bool, bottom: Bool)) -> [String] {
        let (w, h) = (gray.width, gray.height)
        guard w >= 16, h >= 16 else { return [] }
        let band = max(3, min(w, h) / 200)
        func inkShare(x0: Int, y0: Int, x1: Int, y1: Int) -> Double {
            var ink = 0
            gray.pixels.withUnsafeBufferPointer { p in
                for y in y0..<y1 {
                    for x in x0..<x1 where p[y * w + x] < 128 { ink += 1 }
                }
            }
            return Double(ink) / Double(max(1, (x1 - x0) * (y1 - y0)))
        }
        var sides: [String] = []
        if open.left && inkShare(x0: 0, y0: 0, x1: band, y1: h) > 0.005 { sides.append("left") }
        if open.top && inkShare(x0: 0, y0: 0, x1: w, y1: band) > 0.005 { sides.append("top") }
        if open.right && inkShare(x0: w - band, y0: 0, x1: w, y1: h) > 0.005 { sides.append("right") }
        if open.bottom && inkShare(x0: 0, y0: h - band, x1: w, y1: h) > 0.005 { sides.append("bottom") }
        return sides
    }
}
