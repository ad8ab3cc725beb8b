import Foundation
import TestSupport
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
