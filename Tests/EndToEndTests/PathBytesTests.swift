import DaftarKit
import Testing

/// The escaped form file names are carried and shown in: UTF-8 as it is, other bytes
/// as `\xNN` (a backslash as `\\`), and back to the same bytes.
@Suite("path bytes")
struct PathBytesTests {
    @Test("UTF-8 names are shown as they are, backslashes included", arguments: ["Ведомость.tif", #"a\b.tif"#, #"scan\x41.tif"#, "p031.tif"])
    func utf8(_ name: String) {
        #expect(PathBytes.string(Array(name.utf8)) == name)
        #expect(PathBytes.bytes(name) == Array(name.utf8))
    }

    @Test("other names escape each byte that is not UTF-8 and every backslash, and come back whole")
    func escaped() {
        let cp1251: [UInt8] = [0xC2, 0xE5, 0xE4] + Array(".tif".utf8)
        #expect(PathBytes.string(cp1251) == #"\xC2\xE5\xE4.tif"#)
        let mixed: [UInt8] = Array("Дафтар\\".utf8) + [0xFF, 0x80] + Array("x".utf8)
        #expect(PathBytes.string(mixed) == #"Дафтар\\\xFF\x80x"#)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 1...12, using: &generator)).map { _ in
                [0x5C, 0x78, 0x41, 0x2E, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xFF, 0x80, 0xF0][Int.random(in: 0..<12, using: &generator)] as UInt8
            }
            let shown = PathBytes.string(bytes)
            #expect(PathBytes.bytes(shown) == bytes || String(validating: bytes, as: UTF8.self) != nil, "\(bytes)")
        }
    }

    @Test("joining a folder and an escaped name keeps one escaped form")
    func join() {
        #expect(PathBytes.join(#"/tmp/a\b"#, #"\xC2.tif"#) == #"/tmp/a\\b/\xC2.tif"#)
        #expect(PathBytes.bytes(PathBytes.join(#"/tmp/a\b"#, #"\xC2.tif"#)) == Array(#"/tmp/a\b/"#.utf8) + [0xC2] + Array(".tif".utf8))
        #expect(PathBytes.join("", "x.tif") == "x.tif")
    }
}
