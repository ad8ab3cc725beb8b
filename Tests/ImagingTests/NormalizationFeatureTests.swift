import Foundation
import Synthesis
import Testing
@testable import Imaging

/// The spread the tests split.
enum Spread {
    static let skews = (left: 1.7, right: -2.3)
    static func render() -> Raster { LedgerSpread(dpi: 100, skews: skews, seed: 41).render() }
}

@Suite("Normalization features")
struct NormalizationFeatureTests {
    @Test("a spread is split at its gutter into left and right pages, each deskewed on its own")
    func spreadSplit() throws {
        let spread = Spread.render()
        let gutter = try #require(SpreadSplitter().gutter(in: spread))
        #expect(abs(gutter - spread.width / 2) <= spread.width / 100)

        let pages = try PageNormalizer(options: NormalizationOptions()).normalize(
            DecodedPage(stored: spread, orientation: .topLeft, dpi: 100))
        #expect(pages.map(\.part) == [1, 2])
        #expect(abs(pages[0].skewDegrees - Spread.skews.left) < 0.1, "left page skew \(pages[0].skewDegrees)")
        #expect(abs(pages[1].skewDegrees - Spread.skews.right) < 0.1, "right page skew \(pages[1].skewDegrees)")
        #expect(pages.allSatisfy { $0.accessWidth < spread.width / 2 + 10 })

        let whole = try PageNormalizer(options: NormalizationOptions(split: .off)).normalize(
            DecodedPage(stored: spread, orientation: .topLeft, dpi: 100))
        #expect(whole.map(\.part) == [0])
    }

    @Test("a single page, portrait or landscape, is not taken for a spread")
    func singlePagesNotSplit() {
        let portrait = LedgerPage(width: 827, height: 1169, skewDegrees: 1, border: 8, seed: 5).render()
        #expect(SpreadSplitter().gutter(in: portrait) == nil)
        // A landscape ledger page: the portrait page turned on its side (ruled lines now run down the middle).
        let landscape = Orientation.leftTop.apply(to: portrait)
        #expect(SpreadSplitter().gutter(in: landscape) == nil)
    }

    @Test("--dpi halves a 600-dpi page with area averaging, never enlarges without --upscale")
    func resolutionChange() {
        var page = Raster(width: 400, height: 200, channels: 1, filling: 200)
        for x in stride(from: 0, to: 400, by: 2) { for y in 0..<200 { page.pixels[y * 400 + x] = 0 } }
        let (half, record) = ResolutionChange(sourceDpi: 600, targetDpi: 300).apply(to: page)
        #expect(record.applied)
        #expect(half.width == 200 && half.height == 100)
        // Alternating black and 200-gray columns average to 100: no aliasing into stripes.
        #expect(half.pixels.allSatisfy { abs(Int($0) - 100) <= 1 })

        let (same, kept) = ResolutionChange(sourceDpi: 150, targetDpi: 300).apply(to: page)
        #expect(!kept.applied && same == page)
        let (double, enlarged) = ResolutionChange(sourceDpi: 150, targetDpi: 300, upscale: true).apply(to: page)
        #expect(enlarged.applied && double.width == 800 && double.height == 400)
        #expect(ResolutionChange(sourceDpi: nil, targetDpi: 300).apply(to: page).1.applied == false)
        // An enlargement past the pixel limit is refused, not attempted.
        let bomb = ResolutionChange(sourceDpi: 72, targetDpi: 10_000, upscale: true, maxPixels: 200_000_000)
        let (untouched, refused) = bomb.apply(to: page)
        #expect(!refused.applied && refused.parameters["overPixelLimit"] == 1 && untouched == page)
        #expect(bomb.resultDpi(width: page.width, height: page.height) == 72)
    }

    @Test("Sauvola binarization keeps ink on shadowed paper, and the G4 TIFF gives it back bit for bit")
    func bitonalRoundTrip() throws {
        // Paper from 230 down to 110 across the page (a gutter's shadow), ink at 40% of its paper:
        // no single threshold separates them (ink on bright paper, 92, is darker than shadowed paper, 110).
        let (w, h) = (400, 300)
        var page = Raster(width: w, height: h, channels: 1, filling: 0)
        for y in 0..<h {
            for x in 0..<w {
                let paper = 230 - 120 * x / w
                let ink = (y % 30 < 3) || (x % 50 < 2 && y % 30 < 20)
                page.pixels[y * w + x] = UInt8(ink ? paper * 4 / 10 : paper)
            }
        }
        var bilevel = page
        let record = SauvolaBinarization(dpi: 300).apply(&bilevel)
        #expect(record.applied)
        var wrong = 0
        for y in 20..<(h - 20) {
            for x in 20..<(w - 20) {
                let ink = (y % 30 < 3) || (x % 50 < 2 && y % 30 < 20)
                if (bilevel.pixels[y * w + x] == 0) != ink { wrong += 1 }
            }
        }
        #expect(Double(wrong) / Double((w - 40) * (h - 40)) < 0.01, "\(wrong) pixels misjudged")

        let tiff = try G4Encoder.encode(bilevel, dpi: 300)
        let decoded = try ImageSource(bytes: tiff, maxPixels: 1_000_000).page(0)
        #expect(decoded.stored == bilevel)
        #expect(decoded.dpi == 300)
    }

    @Test("the perceptual hash matches a re-exposed, recompressed and re-cropped scan, not another sheet")
    func perceptualHash() throws {
        let options = NormalizationOptions()
        func normalizedHash(_ raster: Raster) throws -> PerceptualHash {
            try #require(PageNormalizer(options: options).normalize(DecodedPage(stored: raster, orientation: .topLeft, dpi: 150)).first)
                .perceptualHash
        }
        let page = LedgerPage(width: 1265, height: 1778, skewDegrees: 1.2, border: 12, seed: 77).render()
        let other = LedgerPage(width: 1265, height: 1778, skewDegrees: 1.2, border: 12, seed: 78).render()
        var darker = page
        for i in darker.pixels.indices { darker.pixels[i] = UInt8(Double(darker.pixels[i]) * 0.8) }
        let recompressed = try ImageSource(bytes: try JPEGEncoder.encode(page, quality: 60), maxPixels: 10_000_000).page(0).stored
        let cropped = BorderCrop.crop(page, x: 20, y: 25, width: 1265 - 50, height: 1778 - 45)

        let original = try normalizedHash(page)
        for (name, variant) in [("darker", darker), ("JPEG q60", recompressed), ("cropped", cropped)] {
            let similarity = original.similarity(to: try normalizedHash(variant))
            #expect(similarity >= 0.81, "\(name): \(similarity)")
        }
        let different = original.similarity(to: try normalizedHash(other))
        #expect(different < 0.81, "another sheet: \(different)")
        #expect(PerceptualHash(hex: original.description) == original)
    }

    @Test("the quality policy names each problem with the threshold it broke")
    func qualityPolicy() throws {
        let good = ScanMetrics(dpi: 300, skewDegrees: 1, paperLevel: 235, inkLevel: 30, sharpness: 1500, cutSides: [])
        #expect(QualityPolicy().problems(with: good).isEmpty)
        let bad = ScanMetrics(dpi: 150, skewDegrees: -7.25, paperLevel: 90, inkLevel: 190, sharpness: 40, cutSides: ["left"])
        #expect(QualityPolicy().problems(with: bad) == [
            "150 dpi, policy 300", "skew 7.2°, policy 5°", "too dark (paper 90, policy 110)",
            "too light (ink 190, policy 170)", "blurred (sharpness 40, policy 150)", "content cut at the left edge",
        ])
        // A policy file names only what it changes.
        let lenient = try JSONDecoder().decode(QualityPolicy.self, from: Data(#"{"minimumDpi": 150, "allowCutContent": true}"#.utf8))
        #expect(lenient.minimumDpi == 150 && lenient.maximumSkewDegrees == 5)
        #expect(lenient.problems(with: bad).count == 4)
    }

    /// A strongly skewed scan with scanner border all round: after deskew the border on
    /// each side is a wedge, not a band, and must not be read as writing run off the edge.
    @Test("deskewed scans with a border are not reported as cut", arguments: [4.77, -4.6, 2.9])
    func skewedBorderNotCut(skew: Double) throws {
        let dpi = 150
        let page = LedgerPage(width: Int(8.27 * Double(dpi)) + dpi / 6, height: Int(11.69 * Double(dpi)) + dpi / 6,
                              skewDegrees: skew, border: dpi / 12, seed: 77).render()
        let normalized = try #require(PageNormalizer(options: NormalizationOptions())
            .normalize(DecodedPage(stored: page, orientation: .topLeft, dpi: Double(dpi))).first)
        #expect(abs(normalized.skewDegrees - skew) < 0.1)
        #expect(normalized.metrics.cutSides.isEmpty, "\(normalized.metrics.cutSides)")
    }

    /// The same pages with their right edge cut off inside the writing: that side is reported.
    @Test("a scan that cuts through the page is reported cut on that side", arguments: [0.0, 2.9])
    func cutThroughPage(skew: Double) throws {
        let dpi = 150
        let page = LedgerPage(width: Int(8.27 * Double(dpi)) + dpi / 6, height: Int(11.69 * Double(dpi)) + dpi / 6,
                              skewDegrees: skew, border: dpi / 12, seed: 78).render()
        let cut = BorderCrop.crop(page, x: 0, y: 0, width: page.width - dpi / 12 - 150, height: page.height)
        let normalized = try #require(PageNormalizer(options: NormalizationOptions())
            .normalize(DecodedPage(stored: cut, orientation: .topLeft, dpi: Double(dpi))).first)
        #expect(normalized.metrics.cutSides == ["right"])
    }

    @Test("sharpness tells a blurred page from a sharp one")
    func sharpness() {
        // The middle of an A4 page at 300 dpi (the policy's resolution), sharp and out of focus.
        let full = LedgerPage(width: 2480, height: 3508, skewDegrees: 0, border: 0, seed: 9).render()
        let page = BorderCrop.crop(full, x: 640, y: 900, width: 1200, height: 1700)
        // Defocus: six passes of a 3x3 box, close to a Gaussian of 2 pixels.
        var blurred = page
        let (w, h) = (page.width, page.height)
        for _ in 0..<6 {
            let source = blurred
            for y in 1..<(h - 1) {
                for x in 1..<(w - 1) {
                    var sum = 0
                    for dy in -1...1 { for dx in -1...1 { sum += Int(source.pixels[(y + dy) * w + x + dx]) } }
                    blurred.pixels[y * w + x] = UInt8(sum / 9)
                }
            }
        }
        let sharp = ScanMeasure.sharpness(LevelsStretch().apply(to: page).0)
        let soft = ScanMeasure.sharpness(LevelsStretch().apply(to: blurred).0)
        print("sharpness: sharp \(sharp), blurred \(soft)")
        #expect(sharp >= QualityPolicy().minimumSharpness, "sharp page: \(sharp)")
        #expect(soft < QualityPolicy().minimumSharpness, "blurred page: \(soft)")
    }
}
