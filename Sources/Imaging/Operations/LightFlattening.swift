/// Flattens uneven illumination (a book's gutter shadow, a lamp's falloff): the
/// paper's brightness is estimated per cell (a high percentile, so ink does not
/// count), smoothed, and every pixel is scaled so the paper comes out even.
///
/// Cells darker than `paperShare` of the brightest paper are not paper (scanner
/// border, photographs) and keep their light; elsewhere gains are capped at
/// `maximumGain`. A page whose paper is already even is returned untouched.
/// Runs before the border crop, so a shadowed edge of the sheet is not taken
/// for scanner background.
public struct LightFlattening: PageOperation {
    /// Largest brightening of any pixel.
    public var maximumGain: Double
    /// Paper brightness must vary by more than this (gray levels) to be flattened.
    public var minimumUnevenness: Int

    /// Cells whose paper is darker than this share of the brightest are left as they are.
    public var paperShare: Double

    public init(maximumGain: Double = 2.5, minimumUnevenness: Int = 12, paperShare: Double = 0.4) {
        self.maximumGain = maximumGain
        self.minimumUnevenness = minimumUnevenness
        self.paperShare = paperShare
    }

    public func apply(_ raster: inout Raster) -> OperationRecord {
        let (w, h) = (raster.width, raster.height)
        guard w >= 32, h >= 32 else { return OperationRecord(operation: "light", applied: false) }
        let cell = max(16, min(w, h) / 40)
        let background = Self.paperLevels(GrayConversion.luma(of: raster), width: w, height: h, cell: cell)
        let levels = background.values
        let brightest = levels.max() ?? 0
        let notPaper = Int(Double(brightest) * paperShare)
        let darkest = levels.filter { $0 >= notPaper }.min() ?? brightest
        let parameters = ["cell": Double(cell), "darkestPaper": Double(darkest), "brightestPaper": Double(brightest)]
        guard brightest - darkest > minimumUnevenness, brightest > 0 else {
            return OperationRecord(operation: "light", applied: false, parameters: parameters)
        }
        // Gain per cell in 8.8 fixed point: bring each cell's paper up to the brightest paper.
        let cap = Int(maximumGain * 256)
        let gains = levels.map { level in level < notPaper ? 256 : min(cap, max(256, brightest * 256 / max(level, 1))) }
        let (rows, columns) = (background.rows, background.columns)
        // Bilinear position among cell centres, per column: left cell and weight of the right one (0...256).
        var leftCell = [Int](repeating: 0, count: w), rightWeight = [Int](repeating: 0, count: w)
        for x in 0..<w {
            let gx = min(max((Double(x) + 0.5) / Double(cell) - 0.5, 0), Double(columns - 1))
            leftCell[x] = min(Int(gx), max(columns - 2, 0))
            rightWeight[x] = columns == 1 ? 0 : Int(((gx - Double(leftCell[x])) * 256).rounded())
        }
        let c = raster.channels
        var rowGains = [Int](repeating: 0, count: columns)
        var gainRow = [Int](repeating: 0, count: w)
        raster.pixels.withUnsafeMutableBufferPointer { p in
            for y in 0..<h {
                let gy = min(max((Double(y) + 0.5) / Double(cell) - 0.5, 0), Double(rows - 1))
                let row0 = Int(gy), row1 = min(row0 + 1, rows - 1)
                let fy = Int(((gy - Double(row0)) * 256).rounded())
                for column in 0..<columns {
                    rowGains[column] = gains[row0 * columns + column] * (256 - fy) + gains[row1 * columns + column] * fy
                }
                // Gains in 8.16 fixed point for this row.
                for x in 0..<w {
                    let left = leftCell[x], weight = rightWeight[x]
                    let right = min(left + 1, columns - 1)
                    gainRow[x] = (rowGains[left] * (256 - weight) + rowGains[right] * weight) >> 8
                }
                let line = p.baseAddress! + y * w * c
                gainRow.withUnsafeBufferPointer { g in
                    for x in 0..<w {
                        let gain = g[x]
                        for k in 0..<c {
                            line[x * c + k] = UInt8(truncatingIfNeeded: min(255, (Int(line[x * c + k]) * gain) >> 16))
                        }
                    }
                }
            }
        }
        return OperationRecord(operation: "light", applied: true, parameters: parameters)
    }

    /// The paper's brightness per cell: the 90th percentile of the cell's pixels,
    /// then a 3x3 median over neighbouring cells so one ink-filled cell does not stand out.
    static func paperLevels(_ gray: [UInt8], width: Int, height: Int, cell: Int) -> (values: [Int], rows: Int, columns: Int) {
        let columns = (width + cell - 1) / cell, rows = (height + cell - 1) / cell
        var raw = [Int](repeating: 0, count: rows * columns)
        // A row of cells is counted together, line by line: reading each cell on its own
        // jumped between lines and waited on memory for most of its time.
        var bins = [Int32](repeating: 0, count: columns * 256)
        gray.withUnsafeBufferPointer { g in
            bins.withUnsafeMutableBufferPointer { b in
                for row in 0..<rows {
                    let y0 = row * cell, y1 = min(height, y0 + cell)
                    for i in b.indices { b[i] = 0 }
                    // One pixel in eight (every 4th line, every 2nd column): hundreds of
                    // samples per cell, plenty for a percentile of paper.
                    var lines = 0
                    for y in stride(from: y0, to: y1, by: 4) {
                        let line = g.baseAddress! + y * width
                        for column in 0..<columns {
                            let counts = b.baseAddress! + column * 256
                            let x1 = min(width, column * cell + cell)
                            var x = column * cell
                            while x < x1 {
                                counts[Int(line[x])] &+= 1
                                x += 2
                            }
                        }
                        lines += 1
                    }
                    for column in 0..<columns {
                        let x0 = column * cell, x1 = min(width, x0 + cell)
                        let counted = lines * ((x1 - x0 + 1) / 2)
                        raw[row * columns + column] = Histogram.percentile(b[(column * 256)..<(column * 256 + 256)],
                                                                           total: counted, 0.9)
                    }
                }
            }
        }
        var smoothed = raw
        // Up to nine neighbours per cell, sorted in place in one reused buffer (an array
        // per cell was a third of this function's time).
        var neighbours = [Int](repeating: 0, count: 9)
        neighbours.withUnsafeMutableBufferPointer { n in
            for row in 0..<rows {
                for column in 0..<columns {
                    var count = 0
                    for r in max(0, row - 1)...min(rows - 1, row + 1) {
                        for c in max(0, column - 1)...min(columns - 1, column + 1) {
                            // Insertion sort as the values arrive.
                            let value = raw[r * columns + c]
                            var i = count
                            while i > 0 && n[i - 1] > value {
                                n[i] = n[i - 1]
                                i -= 1
                            }
                            n[i] = value
                            count += 1
                        }
                    }
                    smoothed[row * columns + column] = n[count / 2]
                }
            }
        }
        return (smoothed, rows, columns)
    }
}
