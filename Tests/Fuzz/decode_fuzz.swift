// libFuzzer target over daftar's Swift decoding (make fuzz-swift): format sniffing,
// the TIFF reader, the PNG and JPEG decoders with the EXIF parser, as the import
// opens a file, with a pixel limit. Compiled into the Imaging module itself (see the
// Makefile), so a trap in Swift (an index out of range, an overflow) is a finding.

private let maxPixels = 4 << 20

@_cdecl("LLVMFuzzerTestOneInput")
public func decodeFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for gray in [false, true] {
        guard let source = try? ImageSource(bytes: bytes, maxPixels: maxPixels, gray: gray) else { continue }
        for index in 0..<min(source.pageCount, 8) {
            guard let page = try? source.page(index) else { continue }
            precondition(page.stored.width * page.stored.height <= maxPixels, "decoded past the limit")
        }
    }
    return 0
}
