/// Counts of each 8-bit value.
struct Histogram {
    var counts = [Int](repeating: 0, count: 256)

    /// Counts every `rowStep`-th row of a `width`-sample-wide image.
    init(of samples: [UInt8], width: Int, rowStep: Int) {
        counts.withUnsafeMutableBufferPointer { bins in
            samples.withUnsafeBufferPointer { values in
                var start = 0
                while start + width <= values.count {
                    for i in start..<(start + width) { bins[Int(values[i])] &+= 1 }
                    start += width * rowStep
                }
            }
        }
    }

    init(of samples: [UInt8]) {
        counts.withUnsafeMutableBufferPointer { bins in
            samples.withUnsafeBufferPointer { values in
                for value in values { bins[Int(value)] &+= 1 }
            }
        }
    }

    /// The smallest value below which more than `fraction` of `total` samples lie.
    static func percentile(_ counts: [Int], total: Int, _ fraction: Double) -> Int {
        let target = Int(Double(total) * fraction)
        var running = 0
        for (value, count) in counts.enumerated() {
            running += count
            if running > target { return value }
        }
        return 255
    }
}
