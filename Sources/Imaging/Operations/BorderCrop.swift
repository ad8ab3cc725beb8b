import Foundation

/// Crops the dark scanner background around the sheet of paper.
///
/// Rows and columns are walked inward from each edge while most of their
/// pixels are much darker than the paper; the first mostly-light line is the
/// paper's edge. The crop stops at the paper, never inside it, so no content is
/// lost, and keeps a small margin of background around the sheet so its edges
/// show. A page that would lose more than half of either side is left whole:
/// then the "border" is more likely a dark photo or a blank-dark scan.
///
/// The record says, per side, whether background was seen there (`borderTop` …):
/// a side without it is where the sheet may run past the scanner's glass.
public struct BorderCrop: PageOperation {
    /// Share of a line's pixels that must be dark for it to count as border.
    public var darkShare: Double
    /// Dark means below this fraction of the paper's brightness.
    public var darkRatio: Double
    /// Background kept around the paper, as a share of the shorter side (0.004: 10 pixels on A4 at 300 dpi).
    public var marginShare: Double

    /// Scanner backgrounds are far darker than a shadowed sheet: 0.3 of the paper's
    /// brightness separates them (a gutter shadow is rarely below 0.4).
    public init(darkShare: Double = 0.6, darkRatio: Double = 0.3, marginShare: Double = 0.004) {
        self.darkShare = darkShare
        self.darkRatio = darkRatio
        self.marginShare = marginShare
    }

    public func apply(_ raster: inout Raster) -> OperationRecord {
        let (w, h) = (raster.width, raster.height)
        guard let paper = paperBox(in: raster) else {
            return OperationRecord(operation: "crop-border", applied: false,
                                   parameters: Self.backgroundSides(of: nil, width: w, height: h))
        }
        let margin = max(2, Int(Double(min(w, h)) * marginShare))
        let left = max(0, paper.x - margin), top = max(0, paper.y - margin)
        let right = min(w, paper.x + paper.width + margin), bottom = min(h, paper.y + paper.height + margin)
        var parameters = [
            "x": Double(left), "y": Double(top), "width": Double(right - left), "height": Double(bottom - top),
            "margin": Double(margin),
        ]
        parameters.merge(Self.backgroundSides(of: paper, width: w, height: h)) { $1 }
        raster = Self.crop(raster, x: left, y: top, width: right - left, height: bottom - top)
        return OperationRecord(operation: "crop-border", applied: true, parameters: parameters)
    }

    /// The record parameters `borderLeft`, `borderTop`, `borderRight`, `borderBottom`:
    /// 1 where scanner background lay between the paper (a `paperBox`) and the edge of a
    /// `width` x `height` image, 0 elsewhere and when no paper box was found.
    public static func backgroundSides(of paper: (x: Int, y: Int, width: Int, height: Int)?,
                                       width: Int, height: Int) -> [String: Double] {
        guard let paper else { return ["borderLeft": 0, "borderTop": 0, "borderRight": 0, "borderBottom": 0] }
        return ["borderLeft": paper.x > 0 ? 1 : 0, "borderTop": paper.y > 0 ? 1 : 0,
                "borderRight": paper.x + paper.width < width ? 1 : 0,
                "borderBottom": paper.y + paper.height < height ? 1 : 0]
    }

    /// The paper's box, or nil when there is no border to remove.
    public func paperBox(in raster: Raster) -> (x: Int, y: Int, width: Int, height: Int)? {
        let (w, h) = (raster.width, raster.height)
        guard w >= 16, h >= 16 else { return nil }
        let gray = GrayConversion.luma(of: raster)
        // Sample a grid of about 500 lines each way: the border is wide, the sampling need not be fine
        // (the crop keeps the last sampled border line, so the paper is never cut).
        let step = max(1, min(w, h) / 500)
        let rows = Array(stride(from: 0, to: h, by: step))
        let columns = Array(stride(from: 0, to: w, by: step))
        let grid = [UInt8](unsafeUninitializedCapacity: rows.count * columns.count) { cells, initialized in
            gray.withUnsafeBufferPointer { g in
                var cell = 0
                for y in rows {
                    let line = g.baseAddress! + y * w
                    for x in columns {
                        cells[cell] = line[x]
                        cell += 1
                    }
                }
            }
            initialized = rows.count * columns.count
        }
        let paper = Histogram.percentile(Histogram(of: grid).counts, total: grid.count, 0.9)
        guard paper >= 96 else { return nil }  // no light paper to find
        let threshold = UInt8(Double(paper) * darkRatio)

        // Dark counts per sampled row and per sampled column.
        var darkInRow = [Int](repeating: 0, count: rows.count)
        var darkInColumn = [Int](repeating: 0, count: columns.count)
        grid.withUnsafeBufferPointer { g in
            darkInRow.withUnsafeMutableBufferPointer { rowCounts in
                darkInColumn.withUnsafeMutableBufferPointer { columnCounts in
                    for r in 0..<rows.count {
                        let line = r * columns.count
                        var dark = 0
                        for c in 0..<columns.count {
                            // Branch-free: dark and light cells alternate unpredictably at the edges.
                            let isDark = g[line + c] < threshold ? 1 : 0
                            dark &+= isDark
                            columnCounts[c] &+= isDark
                        }
                        rowCounts[r] = dark
                    }
                }
            }
        }
        let rowLimit = Int(Double(columns.count) * darkShare)
        let columnLimit = Int(Double(rows.count) * darkShare)
        var first = 0, last = rows.count - 1
        while first < last && darkInRow[first] > rowLimit { first += 1 }
        while last > first && darkInRow[last] > rowLimit { last -= 1 }
        // The paper edge lies between two sampled lines: keep the one outside, so nothing is cut.
        let top = max(0, (first - 1) * step + 1), bottom = min(h - 1, (last + 1) * step - 1)
        first = 0; last = columns.count - 1
        while first < last && darkInColumn[first] > columnLimit { first += 1 }
        while last > first && darkInColumn[last] > columnLimit { last -= 1 }
        let left = max(0, (first - 1) * step + 1), right = min(w - 1, (last + 1) * step - 1)
        let (cw, ch) = (right - left + 1, bottom - top + 1)
        if cw == w && ch == h { return nil }
        if cw * 2 < w || ch * 2 < h { return nil }
        return (left, top, cw, ch)
    }

    /// The given box; rows move down within the same buffer (each row's new place
    /// is at or before its old one), so a uniquely held raster is not copied.
    public static func crop(_ raster: consuming Raster, x: Int, y: Int, width: Int, height: Int) -> Raster {
        let (c, sourceWidth) = (raster.channels, raster.width)
        var pixels = raster.takePixels()
        let rowLength = width * c
        pixels.withUnsafeMutableBufferPointer { p in
            let base = p.baseAddress!
            for row in 0..<height {
                let from = base + ((y + row) * sourceWidth + x) * c
                memmove(base + row * rowLength, from, rowLength)  // may overlap
            }
        }
        pixels.removeLast(pixels.count - rowLength * height)
        return Raster(width: width, height: height, channels: c, pixels: pixels)
    }
}
