/// Finds the gutter of an open-book spread: a landscape scan whose middle
/// holds a vertical band darker than the paper on either side (the fold's
/// shadow) or a dark fold line; failing that, a clear blank band between two
/// inked pages (a flat-bed scan of a spread without shadow). The spread is cut
/// there into left and right pages.
public struct SpreadSplitter: Sendable {
    /// Width over height from which a scan may be a spread.
    public var minimumAspect: Double
    /// The gutter is looked for in this middle share of the width.
    public var searchShare: Double
    /// The gutter must be darker than this share of the paper beside it.
    public var darkness: Double

    public init(minimumAspect: Double = 1.15, searchShare: Double = 0.3, darkness: Double = 0.85) {
        self.minimumAspect = minimumAspect
        self.searchShare = searchShare
        self.darkness = darkness
    }

    /// The gutter's column, or nil when the raster does not look like a spread.
    public func gutter(in raster: Raster) -> Int? {
        let (w, h) = (raster.width, raster.height)
        // A spread scanned at 100 dpi or more is over 1000 pixels wide; smaller images are snippets.
        guard w >= 1000, h >= 64, Double(w) / Double(h) >= minimumAspect else { return nil }
        // Column brightness over the middle 80% of the rows (every 4th row): the top and
        // bottom edges of a book are often in shadow all across.
        let gray = GrayConversion.luma(of: raster)
        var columns = [Int](repeating: 0, count: w)
        var rowsCounted = 0
        gray.withUnsafeBufferPointer { g in
            for y in stride(from: h / 10, to: h - h / 10, by: 4) {
                let line = g.baseAddress! + y * w
                for x in 0..<w { columns[x] += Int(line[x]) }
                rowsCounted += 1
            }
        }
        guard rowsCounted > 0 else { return nil }
        // Both halves must look like pages, not like a photograph (see SkewEstimator.minimumPaperShare).
        for half in [0..<(w / 2), (w / 2)..<w] {
            var histogram = [Int](repeating: 0, count: 256)
            var total = 0
            gray.withUnsafeBufferPointer { g in
                for y in stride(from: 0, to: h, by: 4) {
                    for x in stride(from: half.lowerBound, to: half.upperBound, by: 4) {
                        histogram[Int(g[y * w + x])] += 1
                        total += 1
                    }
                }
            }
            let paper = Histogram.percentile(histogram, total: total, 0.9)
            guard paper >= 96, SkewEstimator.paperShare(histogram, paper: paper, total: total) >= SkewEstimator.minimumPaperShare
            else { return nil }
        }
        // Smooth over 2% of the width, so a ruled line (even a double one) is not a gutter.
        let radius = max(2, w / 100)
        var smooth = [Double](repeating: 0, count: w)
        var running = 0
        for x in 0..<min(w, radius) { running += columns[x] }
        for x in 0..<w {
            if x + radius < w { running += columns[x + radius] }
            if x - radius - 1 >= 0 { running -= columns[x - radius - 1] }
            let count = min(w - 1, x + radius) - max(0, x - radius) + 1
            smooth[x] = Double(running) / Double(count * rowsCounted)
        }
        let low = Int(Double(w) * (0.5 - searchShare / 2)), high = Int(Double(w) * (0.5 + searchShare / 2))
        guard let darkest = (low..<high).min(by: { smooth[$0] < smooth[$1] }) else { return nil }
        // The paper on each side: the brightest smoothed column between the gutter and a tenth of the width in.
        let leftPaper = smooth[(w / 10)..<darkest].max() ?? 0
        let rightPaper = smooth[darkest..<(w - w / 10)].max() ?? 0
        if leftPaper > 0, rightPaper > 0, smooth[darkest] < darkness * leftPaper, smooth[darkest] < darkness * rightPaper {
            return darkest
        }
        return blankGutter(gray, width: w, height: h, low: low, high: high)
    }

    /// The middle of the widest ink-free band of columns (at least 2% of the width) between
    /// `low` and `high`, when both halves of the scan carry ink.
    func blankGutter(_ gray: [UInt8], width w: Int, height h: Int, low: Int, high: Int) -> Int? {
        let paper = Histogram.percentile(Histogram(of: gray, width: w, rowStep: 4).counts, total: (h + 3) / 4 * w, 0.9)
        guard paper >= 96 else { return nil }
        let ink = UInt8(Double(paper) * 0.6)
        var inkInColumn = [Int](repeating: 0, count: w)
        var rows = 0
        gray.withUnsafeBufferPointer { g in
            for y in stride(from: h / 10, to: h - h / 10, by: 2) {
                let line = g.baseAddress! + y * w
                for x in 0..<w where line[x] < ink { inkInColumn[x] += 1 }
                rows += 1
            }
        }
        let clear = max(1, rows / 500)  // a speck or two per column is still blank
        var best = (start: 0, length: 0), start = -1
        for x in low...high {
            if x < high && inkInColumn[x] < clear {
                if start < 0 { start = x }
            } else if start >= 0 {
                if x - start > best.length { best = (start, x - start) }
                start = -1
            }
        }
        guard best.length >= w / 50 else { return nil }
        // Both pages must hold writing: ink in at least a fifth of each side's columns.
        let leftInked = inkInColumn[0..<best.start].filter { $0 >= clear }.count
        let rightInked = inkInColumn[(best.start + best.length)...].filter { $0 >= clear }.count
        guard leftInked * 5 >= best.start, rightInked * 5 >= w - best.start - best.length else { return nil }
        return best.start + best.length / 2
    }
}
