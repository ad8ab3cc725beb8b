import Foundation
import Testing
@testable import Imaging

@Suite("Normalization operations")
struct OperationTests {
    @Test("border crop finds the paper and keeps ink at its edges")
    func borderCropFindsPaper() throws {
        let page = TestImages.scannedPage(width: 300, height: 400, paper: (x: 23, y: 31, width: 250, height: 340))
        let (cropped, record) = BorderCrop().apply(to: page)
        #expect(record.applied)
        // The paper plus a small margin of background on every side.
        let margin = try #require(record.parameters["margin"])
        #expect(margin >= 2 && margin <= 4)
        let m = Int(margin)
        #expect(record.parameters["x"] == Double(23 - m))
        #expect(record.parameters["y"] == Double(31 - m))
        #expect(cropped.width == 250 + 2 * m)
        #expect(cropped.height == 340 + 2 * m)
        #expect(record.parameters["borderLeft"] == 1 && record.parameters["borderBottom"] == 1)
        // The margin is background; the ink mark two pixels inside the paper's left edge survives.
        #expect(cropped.pixels[100 * cropped.width] < 40)
        #expect(cropped.pixels[100 * cropped.width + m + 2] == 40)
    }

    @Test("border crop leaves a page without border untouched")
    func borderCropWithoutBorder() {
        let page = TestImages.scannedPage(width: 200, height: 200, paper: (x: 0, y: 0, width: 200, height: 200))
        let (result, record) = BorderCrop().apply(to: page)
        #expect(!record.applied)
        #expect(result == page)
    }

    @Test("border crop refuses to cut a mostly dark image in half")
    func borderCropDarkImage() {
        let page = TestImages.scannedPage(width: 400, height: 400, paper: (x: 300, y: 0, width: 100, height: 400))
        let (result, record) = BorderCrop().apply(to: page)
        #expect(!record.applied)
        #expect(result.width == 400)
    }

    @Test("levels stretch the ink to black and the paper to white")
    func levelsStretch() {
        var pixels = [UInt8](repeating: 200, count: 10_000)
        for i in 0..<1000 { pixels[i] = 60 }
        let (result, record) = LevelsStretch().apply(to: Raster(width: 100, height: 100, channels: 1, pixels: pixels))
        #expect(record.applied)
        #expect(record.parameters["black"] == 60)
        #expect(record.parameters["white"] == 200)
        #expect(result.pixels[0] == 0)
        #expect(result.pixels[9999] == 255)
    }

    /// Paper and ink levels chosen so the stretch is uneven (ties at .5 included); every
    /// value 0...255 appears, at lengths that leave partial vectors at the end.
    @Test("levels map every value along the rounded, clamped line", arguments: [(60, 200), (31, 201), (0, 170), (90, 250)])
    func levelsEveryValue(ink: Int, paper: Int) {
        var pixels = [UInt8](repeating: UInt8(paper), count: 20_000 + 37)
        for i in 0..<1500 { pixels[i] = UInt8(ink) }
        for value in 0..<256 { pixels[5000 + value * 3] = UInt8(value) }
        let (result, record) = LevelsStretch().apply(to: Raster(width: 20_037, height: 1, channels: 1, pixels: pixels))
        #expect(record.applied)
        let black = Double(record.parameters["black"]!), white = Double(record.parameters["white"]!)
        for (before, after) in zip(pixels, result.pixels) {
            let expected = UInt8(min(max(((Double(before) - black) / (white - black) * 255).rounded(), 0), 255))
            #expect(after == expected, "\(before) became \(after), not \(expected)")
            if after != expected { return }
        }
    }

    @Test("levels leave a flat image untouched")
    func levelsFlat() {
        let flat = Raster(width: 10, height: 10, channels: 1, filling: 128)
        let (result, record) = LevelsStretch().apply(to: flat)
        #expect(!record.applied)
        #expect(result == flat)
    }

    @Test("area resampling keeps the mean and fits the longest side")
    func areaResampling() {
        var pixels = [UInt8](repeating: 0, count: 1000 * 600)
        for i in pixels.indices where (i / 1000) % 2 == 0 { pixels[i] = 255 }  // alternating rows
        let (small, record) = AreaResampler(longestSide: 256).apply(to: Raster(width: 1000, height: 600, channels: 1, pixels: pixels))
        #expect(record.applied)
        #expect(small.width == 256)
        #expect(small.height == 154)
        // Thin alternating lines average to mid-gray instead of aliasing into stripes.
        #expect(small.pixels.allSatisfy { (120...135).contains($0) })
    }

    @Test("resampling never enlarges")
    func resamplingNeverEnlarges() {
        let tiny = Raster(width: 20, height: 10, channels: 3, filling: 9)
        let (result, record) = AreaResampler(longestSide: 256).apply(to: tiny)
        #expect(!record.applied)
        #expect(result == tiny)
    }

    @Test("gray conversion uses luma weights")
    func grayConversion() {
        let rgb = Raster(width: 3, height: 1, channels: 3, pixels: [255, 0, 0, 0, 255, 0, 0, 0, 255])
        let (gray, _) = GrayConversion().apply(to: rgb)
        #expect(gray.pixels == [76, 150, 29])
    }

    @Test("orientation maps every corner where EXIF says", arguments: Orientation.allCases)
    func orientationCorners(orientation: Orientation) {
        // 3x2 stored image with distinct values; check against the EXIF definition of each value.
        let stored = Raster(width: 3, height: 2, channels: 1, pixels: [1, 2, 3, 4, 5, 6])
        let shown = orientation.apply(to: stored)
        let expected: [UInt8]
        switch orientation {
        case .topLeft: expected = [1, 2, 3, 4, 5, 6]
        case .topRight: expected = [3, 2, 1, 6, 5, 4]
        case .bottomRight: expected = [6, 5, 4, 3, 2, 1]
        case .bottomLeft: expected = [4, 5, 6, 1, 2, 3]
        case .leftTop: expected = [1, 4, 2, 5, 3, 6]
        case .rightTop: expected = [4, 1, 5, 2, 6, 3]
        case .rightBottom: expected = [6, 3, 5, 2, 4, 1]
        case .leftBottom: expected = [3, 6, 2, 5, 1, 4]
        }
        #expect(shown.pixels == expected)
        #expect(shown.width == (orientation.swapsAxes ? 2 : 3))
    }
}

@Suite("Light flattening")
struct LightFlatteningTests {
    /// Paper lit from 150 on the left to 240 on the right, with ink strokes.
    static func unevenPage() -> Raster {
        var pixels = [UInt8](repeating: 0, count: 400 * 300)
        for y in 0..<300 {
            for x in 0..<400 {
                let paper = 150 + 90 * x / 399
                pixels[y * 400 + x] = (y % 30 == 15 || y % 30 == 16) ? UInt8(paper / 4) : UInt8(paper)
            }
        }
        return Raster(width: 400, height: 300, channels: 1, pixels: pixels)
    }

    @Test("uneven paper comes out even and the ink stays dark")
    func flattensGradient() {
        let (flat, record) = LightFlattening().apply(to: Self.unevenPage())
        #expect(record.applied)
        let paperLeft = Int(flat.pixels[5 * 400 + 20]), paperRight = Int(flat.pixels[5 * 400 + 380])
        #expect(abs(paperLeft - paperRight) <= 8, "left \(paperLeft), right \(paperRight)")
        #expect(flat.pixels[15 * 400 + 20] < 100)
        #expect(flat.pixels[15 * 400 + 380] < 100)
    }

    @Test("even paper is left untouched")
    func evenPaperUntouched() {
        let page = TestImages.scannedPage(width: 300, height: 300, paper: (x: 0, y: 0, width: 300, height: 300))
        let (result, record) = LightFlattening().apply(to: page)
        #expect(!record.applied)
        #expect(result == page)
    }
}

@Suite("Normalization pipeline on real scans")
struct PipelineOnScansTests {
    /// skimage's page.png: text runs to the left edge, which lies in a deep shadow.
    @Test("a shadowed edge of the sheet is flattened, not cropped as scanner border")
    func shadowedEdgeKept() throws {
        let bytes = [UInt8](try Data(contentsOf: CorpusEntry.root.appendingPathComponent("scans/skimage/page.png")))
        let page = try ImageSource(bytes: bytes, maxPixels: 10_000_000).page(0)
        let pages = try PageNormalizer(options: NormalizationOptions()).normalize(page)
        #expect(pages.count == 1, "a portrait page is not a spread")
        let normalized = try #require(pages.first)
        let light = try #require(normalized.steps.first { $0.operation == "light" })
        #expect(light.applied)
        let crop = try #require(normalized.steps.first { $0.operation == "crop-border" })
        #expect(!crop.applied || crop.parameters["x"] == 0, "content at the left edge was cropped: \(crop.parameters)")
        #expect(normalized.accessWidth == page.stored.width)
    }
}
