import CImaging
import Foundation
import TestSupport
import Synthesis
import Testing
@testable import Imaging

@Suite("Codecs")
struct CodecTests {
    @Test("a PNG claiming 200000x200000 is refused from its header, naming the limit")
    func pngBombRefused() {
        let bomb = PNGBomb.bytes(width: 200_000, height: 200_000)
        #expect(throws: ImagingError.self) { try ImageSource(bytes: bomb, maxPixels: 200_000_000).page(0) }
        do {
            _ = try ImageSource(bytes: bomb, maxPixels: 200_000_000).page(0)
        } catch {
            guard case .tooLarge(let message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains("200000x200000"))
            #expect(message.contains("40000 megapixels, over the limit of 200 megapixels"))
        }
    }

    @Test("the pixel limit is configurable")
    func pixelLimitConfigurable() throws {
        let page = TestImages.scannedPage(width: 100, height: 100, paper: (x: 0, y: 0, width: 100, height: 100))
        let png = try PNGEncoder.encode(page)
        #expect(throws: ImagingError.self) { try ImageSource(bytes: png, maxPixels: 9_999).page(0) }
        #expect(try ImageSource(bytes: png, maxPixels: 10_000).page(0).stored == page)
    }

    @Test("PNG 8 and 16 bit round-trip with their dpi", arguments: [8, 16])
    func pngRoundTrip(bits: Int) throws {
        let page = TestImages.scannedPage(width: 64, height: 48, paper: (x: 4, y: 4, width: 56, height: 40))
        let png = try PNGEncoder.encode(page, bitDepth: bits, dpi: 300)
        let decoded = try ImageSource(bytes: png, maxPixels: 1_000_000).page(0)
        #expect(decoded.stored == page)
        #expect(abs((decoded.dpi ?? 0) - 300) < 0.1)
    }

    @Test("TIFF pages round-trip through libtiff in every scanner variant",
          arguments: [(1, TIFFWriter.Compression.ccittG4), (8, .lzw), (8, .packBits), (8, .deflate), (16, .deflate), (8, .none)])
    func tiffRoundTrip(bits: Int, compression: TIFFWriter.Compression) throws {
        let page = TestImages.scannedPage(width: 64, height: 48, paper: (x: 4, y: 4, width: 56, height: 40))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("daftar-\(UUID()).tif").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try TIFFWriter(path: path, bigTIFF: bits == 16, bigEndian: bits == 16)
        try writer.addPage(page, bits: bits, compression: compression, dpi: 200)
        try writer.addPage(Raster(width: 10, height: 20, channels: 1, filling: 255), bits: bits, compression: compression, dpi: 200)
        try writer.close()
        let source = try ImageSource(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), maxPixels: 1_000_000)
        #expect(source.format == .tiff)
        #expect(source.pageCount == 2)
        let first = try source.page(0)
        // Bilevel keeps only black and white: compare against the thresholded page.
        let expected = bits == 1 ? page.pixels.map { $0 < 128 ? UInt8(0) : 255 } : page.pixels
        #expect(first.stored.pixels == expected)
        #expect(first.dpi == 200)
        #expect(try source.page(1).stored.width == 10)
    }

    /// Sizes off the 8-pixel block grid make the encoder pad the right and bottom edges.
    @Test("JPEG encodes and decodes within quality loss, edges included",
          arguments: [(80, 64), (83, 61), (7, 5)])
    func jpegRoundTrip(width: Int, height: Int) throws {
        let page = TestImages.scannedPage(width: width, height: height, paper: (x: 0, y: 0, width: width, height: height))
        let jpeg = try JPEGEncoder.encode(page, quality: 95, dpi: 300)
        let decoded = try ImageSource(bytes: jpeg, maxPixels: 1_000_000).page(0)
        #expect(decoded.dpi == 300)
        #expect(decoded.stored.width == width && decoded.stored.height == height)
        let error = zip(decoded.stored.pixels, page.pixels).map { abs(Int($0) - Int($1)) }.reduce(0, +) / page.pixels.count
        #expect(error < 4)
        // The last column and row come through as well as the rest.
        let edge = (0..<height).map { $0 * width + width - 1 } + (0..<width).map { (height - 1) * width + $0 }
        let edgeError = edge.map { abs(Int(decoded.stored.pixels[$0]) - Int(page.pixels[$0])) }.reduce(0, +) / edge.count
        #expect(edgeError < 6)
    }

    /// The direct PNG path must be invisible: on every PNG of the corpus (PngSuite,
    /// libpng's bug files, the scans, the damaged ones) it either declines or gives
    /// exactly what libpng gives. It must also take the plain 8-bit files scanners write.
    @Test("the direct PNG decoder agrees with libpng on every corpus PNG")
    func directPNGMatchesLibpng() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: CorpusEntry.root.path)
            .filter { $0.lowercased().hasSuffix(".png") }.sorted()
        #expect(files.count > 150)
        var taken: [String] = []
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: CorpusEntry.root.appendingPathComponent(file)))
            var direct = dt_image(), reference = dt_image()
            let accepted = bytes.withUnsafeBufferPointer { dt_png_decode_direct($0.baseAddress, $0.count, 1 << 28, &direct) }
            guard accepted == 1 else { continue }
            taken.append(file)
            var message = [CChar](repeating: 0, count: 256)
            let status = bytes.withUnsafeBufferPointer {
                dt_png_decode_libpng($0.baseAddress, $0.count, 1 << 28, &reference, &message, message.count)
            }
            #expect(status == DT_OK, "\(file): libpng refuses what the direct path took")
            if status == DT_OK {
                #expect(direct.width == reference.width && direct.height == reference.height
                        && direct.channels == reference.channels, "\(file): shape differs")
                #expect(direct.xdpi == reference.xdpi && direct.ydpi == reference.ydpi, "\(file): resolution differs")
                let count = Int(direct.width) * Int(direct.height) * Int(direct.channels)
                if direct.width == reference.width && direct.height == reference.height && direct.channels == reference.channels {
                    #expect(memcmp(direct.pixels, reference.pixels, count) == 0, "\(file): pixels differ")
                }
            }
            dt_free(direct.pixels)
            dt_free(reference.pixels)
        }
        // PngSuite's 8-bit gray and RGB files (every filter type) and the scanned pages.
        #expect(taken.contains { $0.hasSuffix("basn0g08.png") })
        #expect(taken.contains { $0.hasSuffix("basn2c08.png") })
        #expect(taken.contains { $0.hasSuffix("f04n0g08.png") })
        #expect(taken.count >= 20, "direct path took \(taken.count): \(taken)")
        // Interlaced, palette, 16-bit and transparent files go to libpng.
        #expect(!taken.contains { $0.hasSuffix("basi0g08.png") || $0.hasSuffix("basn3p08.png")
                                  || $0.hasSuffix("basn0g16.png") || $0.hasSuffix("tbrn2c08.png") })
    }

    /// The gray Paeth decoder reasons in ranges instead of following the textbook;
    /// random rows, and rows at the extremes, must come out as the textbook says.
    @Test("the gray Paeth filter is undone exactly as the PNG standard predicts, row by row and in pairs")
    func paethMatchesTheStandard() {
        func predictor(_ a: Int, _ b: Int, _ c: Int) -> Int {
            let p = a + b - c
            let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
            return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
        }
        var random = SeededRandom(seed: 29)
        let extremes: [UInt8] = [0, 1, 2, 127, 128, 129, 253, 254, 255]
        for row in 0..<600 {
            let n = 1 + Int(random.next() % 300)
            let pick = { (k: Int) -> UInt8 in
                row % 3 == 0 ? extremes[Int(random.next() % UInt64(extremes.count))] : UInt8(truncatingIfNeeded: random.next())
            }
            let prior = (0..<n).map(pick), filtered = (0..<n).map(pick)
            var expected = [UInt8](repeating: 0, count: n)
            for i in 0..<n {
                let a = i > 0 ? Int(expected[i - 1]) : 0, c = i > 0 ? Int(prior[i - 1]) : 0
                expected[i] = UInt8(truncatingIfNeeded: Int(filtered[i]) + predictor(a, Int(prior[i]), c))
            }
            var decoded = [UInt8](repeating: 0, count: n)
            dt_png_unpaeth_gray(filtered, prior, &decoded, n)
            #expect(decoded == expected, "row \(row) of \(n) pixels")
            // Two rows at once: the second is filtered against the first's output.
            let below = (0..<n).map(pick)
            var expectedBelow = [UInt8](repeating: 0, count: n)
            for i in 0..<n {
                let a = i > 0 ? Int(expectedBelow[i - 1]) : 0, c = i > 0 ? Int(expected[i - 1]) : 0
                expectedBelow[i] = UInt8(truncatingIfNeeded: Int(below[i]) + predictor(a, Int(expected[i]), c))
            }
            var first = [UInt8](repeating: 0, count: n), second = [UInt8](repeating: 0, count: n)
            dt_png_unpaeth_gray_pair(filtered, below, prior, &first, &second, n)
            #expect(first == expected && second == expectedBelow, "row pair \(row) of \(n) pixels")
            if decoded != expected || first != expected || second != expectedBelow { return }
        }
    }

    @Test("magic bytes decide the format, not the name")
    func sniffing() {
        #expect(ImageFormat.sniff([0x49, 0x49, 0x2A, 0x00]) == .tiff)
        #expect(ImageFormat.sniff([0x4D, 0x4D, 0x00, 0x2B]) == .tiff)
        #expect(ImageFormat.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(ImageFormat.sniff(PNGBomb.bytes(width: 1, height: 1)) == .png)
        #expect(ImageFormat.sniff(Array("%PDF-1.4".utf8)) == nil)
        #expect(throws: ImagingError.unknownFormat) { try ImageSource(bytes: Array("hello".utf8), maxPixels: 10) }
    }

    /// EXIF orientation 2…8 of the same photo must look like orientation 1 once applied.
    @Test("EXIF-rotated photos come out upright", arguments: 2...8)
    func exifOrientationUpright(tag: Int) throws {
        for shape in ["Landscape", "Portrait"] {
            let reference = try upright("jpeg/exif-orientation/\(shape)_1.jpg")
            let rotated = try upright("jpeg/exif-orientation/\(shape)_\(tag).jpg")
            #expect(rotated.width == reference.width && rotated.height == reference.height)
            guard rotated.width == reference.width, rotated.height == reference.height else { continue }
            let a = AreaResampler.resize(reference, width: 60, height: 60 * reference.height / reference.width)
            let b = AreaResampler.resize(rotated, width: a.width, height: a.height)
            let difference = zip(a.pixels, b.pixels).map { abs(Int($0) - Int($1)) }.reduce(0, +) / a.pixels.count
            #expect(difference < 12, "\(shape)_\(tag) differs by \(difference) gray levels on average")
        }
    }

    private func upright(_ path: String) throws -> Raster {
        let bytes = [UInt8](try Data(contentsOf: CorpusEntry.root.appendingPathComponent(path)))
        let page = try ImageSource(bytes: bytes, maxPixels: 50_000_000).page(0)
        return GrayConversion().apply(to: page.upright()).0
    }
}
