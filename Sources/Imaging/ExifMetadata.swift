/// The few EXIF fields daftar needs from a JPEG's APP1 segment.
struct ExifMetadata: Equatable {
    var orientation: Int?
    var dpi: Double?

    /// Reads the EXIF IFD0 of a JPEG, or returns nil when there is none.
    /// Every offset is bounds-checked: the bytes may be hostile.
    static func read(jpeg bytes: UnsafeBufferPointer<UInt8>) -> ExifMetadata? {
        var position = 2
        while position + 4 <= bytes.count {
            guard bytes[position] == 0xFF else { return nil }
            let marker = bytes[position + 1]
            if marker == 0xFF { position += 1; continue }
            if marker == 0xDA || marker == 0xD9 { return nil }  // start of scan, end of image
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { position += 2; continue }
            let length = Int(bytes[position + 2]) << 8 | Int(bytes[position + 3])
            guard length >= 2, position + 2 + length <= bytes.count else { return nil }
            let payload = position + 4
            if marker == 0xE1, length >= 8,
               Array(bytes[payload..<payload + 6]) == [0x45, 0x78, 0x69, 0x66, 0, 0] {
                let tiff = UnsafeBufferPointer(rebasing: bytes[(payload + 6)..<(position + 2 + length)])
                return parseTIFFHeader(tiff)
            }
            position += 2 + length
        }
        return nil
    }

    private static func parseTIFFHeader(_ b: UnsafeBufferPointer<UInt8>) -> ExifMetadata? {
        guard b.count >= 8 else { return nil }
        let little: Bool
        switch (b[0], b[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= b.count else { return nil }
            return little ? Int(b[at]) | Int(b[at + 1]) << 8 : Int(b[at]) << 8 | Int(b[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let lo = u16(little ? at : at + 2), let hi = u16(little ? at + 2 : at) else { return nil }
            return hi << 16 | lo
        }
        guard let ifd = u32(4), let count = u16(ifd) else { return nil }
        var result = ExifMetadata()
        var xResolution: Double?
        var unit = 2
        for index in 0..<min(count, 512) {
            let entry = ifd + 2 + index * 12
            guard let tag = u16(entry), let type = u16(entry + 2) else { break }
            switch tag {
            case 0x0112 where type == 3: result.orientation = u16(entry + 8)
            case 0x0128 where type == 3: unit = u16(entry + 8) ?? 2
            case 0x011A where type == 5:
                if let offset = u32(entry + 8), let num = u32(offset), let den = u32(offset + 4), den > 0 {
                    xResolution = Double(num) / Double(den)
                }
            default: break
            }
        }
        if let x = xResolution, x > 0 {
            if unit == 2 { result.dpi = x }
            if unit == 3 { result.dpi = x * 2.54 }
        }
        return result
    }
}
