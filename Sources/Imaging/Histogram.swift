import CImaging
/// Counts of each 8-bit value.
struct Histogram {
    var counts = [Int](repeating: 0, count: 256)

    /// Counts every `rowStep`-th row of a `width`-sample-wide image.
    init(of samples: [UInt8], width: Int, rowStep: Int) {
        var wide = [UInt64](repeating: 0, count: 256)
        samples.withUnsafeBufferPointer { values in
            wide.withUnsafeMutableBufferPointer { bins in
                guard width > 0, let base = values.baseAddress else { return }
                // Rows r * rowStep that lie wholly inside the samples.
                let rows = (values.count / width + rowStep - 1) / rowStep
                dt_histogram_add(base, width, rows, rowStep, bins.baseAddress)
            }
        }
        counts = wide.map { Int($0) }
    }

    init(of samples: [UInt8]) {
        var wide = [UInt64](repeating: 0, count: 256)
        samples.withUnsafeBufferPointer { values in
            wide.withUnsafeMutableBufferPointer { bins in
                if let base = values.baseAddress { dt_histogram_add(base, values.count, 1, 1, bins.baseAddress) }
            }
        }
        counts = wide.map { Int($0) }
    }

    /// The smallest value below which more than `fraction` of `total` samples lie.
    static func percentile<Counts: Collection>(_ counts: Counts, total: Int, _ fraction: Double) -> Int
        where Counts.Element: BinaryInteger {
        let target = Int(Double(total) * fraction)
        var running = 0
        for (value, count) in counts.enumerated() {
            running += Int(count)
            if running > target { return value }
        }
        return 255
    }
}
