@testable import Imaging

/// Small images built in tests, with known content.
enum TestImages {
    /// A PNG whose header claims `width` x `height` gray pixels, followed by a tiny IDAT:
    /// a decompression-bomb shape, with correct CRCs so only the size can be objected to.
    static func pngClaiming(width: UInt32, height: UInt32) -> [UInt8] {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = bigEndian(width) + bigEndian(height)
        header += [8, 0, 0, 0, 0]  // 8-bit gray, deflate, adaptive filtering, not interlaced
        bytes += chunk("IHDR", header)
        bytes += chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])
        bytes += chunk("IEND", [])
        return bytes
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// A gray page: light paper in a box, dark scanner border around it, a few ink marks.
    static func scannedPage(width: Int, height: Int, paper box: (x: Int, y: Int, width: Int, height: Int)) -> Raster {
        var raster = Raster(width: width, height: height, channels: 1, filling: 20)
        for y in box.y..<(box.y + box.height) {
            for x in box.x..<(box.x + box.width) {
                // Ink: horizontal rules every 20 rows, and a dark mark near each paper edge.
                let ink = (y - box.y) % 20 == 10 || x == box.x + 2 || x == box.x + box.width - 3
                raster.pixels[y * width + x] = ink ? 40 : 230
            }
        }
        return raster
    }
}
