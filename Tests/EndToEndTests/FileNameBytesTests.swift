import Foundation
import Testing

/// File names that are not UTF-8 — Cyrillic in CP1251, as Windows scanners and SMB
/// shares write them — imported from folders, from the command line and from an
/// inbox, shown with `\xNN` escapes, and exported back under the same bytes.
@Suite("file names that are not UTF-8", .serialized)
struct FileNameBytesTests {
    /// "Ведомость.tif", "Перепись.tif", "Список.tif", "Брак.tif" in CP1251.
    static let ledger: [UInt8] = [0xC2, 0xE5, 0xE4, 0xEE, 0xEC, 0xEE, 0xF1, 0xF2, 0xFC] + Array(".tif".utf8)
    static let census: [UInt8] = [0xCF, 0xE5, 0xF0, 0xE5, 0xEF, 0xE8, 0xF1, 0xFC] + Array(".tif".utf8)
    static let list: [UInt8] = [0xD1, 0xEF, 0xE8, 0xF1, 0xEE, 0xEA] + Array(".tif".utf8)
    static let broken: [UInt8] = [0xC1, 0xF0, 0xE0, 0xEA] + Array(".tif".utf8)

    /// How daftar shows a name: each byte that is not UTF-8 as `\xNN`.
    static func shown(_ name: [UInt8]) -> String {
        name.map { $0 < 0x80 ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16, uppercase: true) }.joined()
    }

    /// Writes a file under a name given as bytes (Foundation's paths are UTF-8 only).
    static func write(_ contents: Data, folder: String, name: [UInt8]) throws {
        let path = Array(folder.utf8) + [0x2F] + name + [0]
        let descriptor = path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let written = contents.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        try #require(written == contents.count)
    }

    /// The names in a folder as bytes, with each file's contents.
    static func files(in folder: String) -> [[UInt8]: Data] {
        guard let directory = opendir(folder) else { return [:] }
        defer { closedir(directory) }
        var files: [[UInt8]: Data] = [:]
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            guard name != [0x2E], name != [0x2E, 0x2E] else { continue }
            let path = Array(folder.utf8) + [0x2F] + name + [0]
            let descriptor = path.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_RDONLY) }
            }
            var contents = Data()
            if descriptor >= 0 {
                var chunk = [UInt8](repeating: 0, count: 65536)
                while case let count = chunk.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }), count > 0 {
                    contents.append(contentsOf: chunk[0..<count])
                }
                close(descriptor)
            }
            files[name] = contents
        }
        return files
    }

    @Test("imported from a folder, by name and from an inbox; shown escaped; exported under the same bytes")
    func importAndExport() throws {
        let work = try Workspace()
        #expect(try work.daftar(["init"]).status == 0)
        let generated = try work.generatePages(into: "generated", count: 3, dpi: 60, kinds: "tiff-lzw,multipage,tiff-g4", seed: 21)
        let scans = try generated.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }

        // A folder.
        try Self.write(scans[0], folder: try work.makeFolder("share"), name: Self.ledger)
        let fromFolder = try work.daftar(["import", work.path("share")])
        #expect(fromFolder.status == 0, "\(fromFolder.stderr)")
        #expect(fromFolder.stdout.contains("imported 1 file(s)"), "\(fromFolder.stdout)")

        // Named on the command line: the shell passes the name's bytes.
        try Self.write(scans[1], folder: try work.makeFolder("single"), name: Self.census)
        let byName = try work.tool("sh", ["-c", #"cd single && exec "$0" import ./*.tif --archive "$1""#,
                                          Binaries.daftar.path, work.archive])
        #expect(byName.status == 0, "\(byName.stderr)")
        #expect(byName.stdout.contains("imported 1 file(s)"), "\(byName.stdout)")

        // An inbox: the good file to done, the broken one to failed with its reason, both under their bytes.
        let inbox = try work.makeFolder("inbox")
        try Self.write(scans[2], folder: inbox, name: Self.list)
        try Self.write(Data("not an image".utf8), folder: inbox, name: Self.broken)
        let inboxRun = try work.daftar(["import", "--inbox", inbox, "--done", work.path("done"), "--failed", work.path("failed"),
                                        "--settle", "0", "--json"])
        #expect(inboxRun.status == 1, "\(inboxRun.stderr)")
        #expect(inboxRun.stdout.contains(#""inbox":{"done":1,"failed":1,"left":[]"#), "\(inboxRun.stdout)")
        #expect(inboxRun.stderrLines.filter { $0.hasPrefix("daftar: error: ") }
                == ["daftar: error: \(inbox)/\(Self.shown(Self.broken)): not a TIFF, PNG or JPEG file"], "\(inboxRun.stderr)")
        #expect(Self.files(in: inbox).isEmpty)
        #expect(Self.files(in: work.path("done")) == [Self.list: scans[2]])
        let failed = Self.files(in: work.path("failed"))
        #expect(Set(failed.keys) == [Self.broken, Self.broken + Array(".error.txt".utf8)])
        #expect(failed[Self.broken] == Data("not an image".utf8))

        // The archive holds the names, shown escaped.
        let pages = try work.daftar(["pages", "--json"])
        #expect(pages.status == 0, "\(pages.stderr)")
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(pages.stdout.utf8)) as? [[String: Any]])
        let sources = Set(listed.compactMap { $0["source"] as? String })
        #expect(sources == ["\(work.path("share"))/\(Self.shown(Self.ledger))", "./\(Self.shown(Self.census))",
                            "\(inbox)/\(Self.shown(Self.list))"], "\(sources)")

        // Exported back: the same name bytes and the same content bytes.
        let ids = listed.compactMap { $0["id"] as? Int }.map(String.init)
        let exported = try work.daftar(["export", "pages"] + ids + ["--to", work.path("out"), "--original"])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(Self.files(in: work.path("out/no-ledger")) == [Self.ledger: scans[0], Self.census: scans[1], Self.list: scans[2]])
        let one = try work.daftar(["export", "page", ids[0], "--original", "--into", work.path("one")])
        #expect(one.status == 0, "\(one.stderr)")
        let written = Self.files(in: work.path("one"))
        #expect(written.count == 1 && [Self.ledger, Self.census, Self.list].contains(written.keys.first!), "\(written.keys)")
    }
}
