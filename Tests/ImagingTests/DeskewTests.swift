import CImaging
import Foundation
import Synthesis
import Testing
@testable import Imaging

@Suite("Deskew")
struct DeskewTests {
    /// Synthetic ruled ledger pages with known skew (the benchmark generator, ±5°).
    static let skews: [Double] = [-4.83, -3.1, -1.37, -0.42, 0.0, 0.26, 1.91, 3.58, 4.97]

    @Test("skew is measured within 0.03° median and 0.1° worst on ruled ledger pages")
    func accuracyOnLedgerPages() throws {
        var errors: [Double] = []
        for (index, skew) in Self.skews.enumerated() {
            let dpi = 150
            let page = LedgerPage(width: Int(8.27 * Double(dpi)) + dpi / 6, height: Int(11.69 * Double(dpi)) + dpi / 6,
                                  skewDegrees: skew, border: dpi / 12, seed: UInt64(100 + index))
            let estimate = try #require(SkewEstimator().estimate(page.render()))
            #expect(estimate.confidence >= 0.3, "confident on a ruled page")
            errors.append(abs(estimate.degrees - skew))
        }
        let sorted = errors.sorted()
        let median = sorted[sorted.count / 2]
        print("skew errors (degrees): \(errors.map { String(format: "%.4f", $0) }), median \(median)")
        #expect(median <= 0.03)
        #expect(sorted.last! <= 0.1)
    }

    @Test("a blank page gives no estimate and is not rotated")
    func blankPage() {
        var random = SeededRandom(seed: 3)
        let blank = Raster(width: 600, height: 800, channels: 1,
                           pixels: (0..<(600 * 800)).map { _ in UInt8(225 + Int(random.next() % 20)) })
        let (result, record) = Deskew().apply(to: blank)
        #expect(!record.applied)
        #expect(result == blank)
    }

    @Test("photographs are not rotated", arguments: ["Landscape_1", "Portrait_1"])
    func photographNotRotated(name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: CorpusEntry.root.appendingPathComponent("jpeg/exif-orientation/\(name).jpg")))
        let page = try ImageSource(bytes: bytes, maxPixels: 50_000_000).page(0)
        let gray = GrayConversion().apply(to: page.upright()).0
        let (_, record) = Deskew().apply(to: gray)
        #expect(!record.applied, "\(record.parameters)")
    }

    @Test("the fast rotation gives the same pixels as the per-pixel reference",
          arguments: [0.0, 0.3, -1.7, 2.6, -4.9, 7.5, -10.0])
    func rotationMatchesReference(degrees: Double) {
        // Odd sizes put rows' ends and the buffer's end in every position against the
        // 16-pixel chunks; noise makes any misplaced neighbour show.
        var random = SeededRandom(seed: 17)
        for (width, height) in [(613, 457), (31, 200), (2, 2), (257, 3)] {
            let source = (0..<(width * height)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let fast = Deskew.rotate(Raster(width: width, height: height, channels: 1, pixels: source), degrees: degrees)
            var reference = [UInt8](repeating: 0, count: width * height)
            dt_rotate_reference(source, &reference, Int32(width), Int32(height), degrees)
            let differing = zip(fast.pixels, reference).filter { $0 != $1 }.count
            #expect(differing == 0, "\(width)x\(height) at \(degrees)°: \(differing) pixels differ")
        }
    }

    @Test("rotation by an angle and back restores the page")
    func rotateRoundTrip() {
        let page = LedgerPage(width: 400, height: 500, skewDegrees: 0, border: 0, seed: 9, noise: 2).render()
        let back = Deskew.rotate(Deskew.rotate(page, degrees: 3), degrees: -3)
        // Bilinear resampling twice blurs one-pixel lines, so compare at a quarter of the
        // size, where a misplaced page would still show; the corners were filled from the edges.
        let a = AreaResampler.resize(BorderCrop.crop(page, x: 100, y: 150, width: 200, height: 200), width: 50, height: 50)
        let b = AreaResampler.resize(BorderCrop.crop(back, x: 100, y: 150, width: 200, height: 200), width: 50, height: 50)
        let difference = zip(a.pixels, b.pixels).map { abs(Int($0) - Int($1)) }.reduce(0, +) / a.pixels.count
        #expect(difference <= 8)
        // Rotating by 3° alone moves the content far more than the round trip blurs it.
        let turned = AreaResampler.resize(BorderCrop.crop(Deskew.rotate(page, degrees: 3), x: 100, y: 150, width: 200, height: 200),
                                          width: 50, height: 50)
        let moved = zip(a.pixels, turned.pixels).map { abs(Int($0) - Int($1)) }.reduce(0, +) / a.pixels.count
        #expect(moved >= 20)
    }
}
