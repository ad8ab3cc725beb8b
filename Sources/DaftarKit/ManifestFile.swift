import Foundation

/// A manifest file read a chunk of rows at a time, so that memory stays flat however
/// long it is: JSON Lines are read in 1 MiB blocks and handed on, unread, two thousand
/// lines at a time. A CSV manifest (whose quoted cells may span lines) is read whole,
/// as one chunk of rows.
public final class ManifestFile: Sequence, IteratorProtocol {
    /// Rows per chunk.
    public static let chunkRows = 2000

    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var nextLine = 1
    private var atEnd = false
    private var wholeCSV: RecordManifest?
    private var csvGiven = false
    public let isJSONLines: Bool

    /// Opens the file and tells its format from the first non-blank character; nil when
    /// it cannot be read, or is not UTF-8 text (CSV).
    public init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
        var head = (try? handle.read(upToCount: 1 << 20)) ?? Data()
        let first = head.first { !(" \t\r\n" as String).utf8.contains($0) }
        isJSONLines = first == UInt8(ascii: "{")
        if isJSONLines {
            buffer = [UInt8](head)
        } else {
            head.append((try? handle.readToEnd()) ?? Data())
            guard let text = String(data: head, encoding: .utf8) else { return nil }
            wholeCSV = RecordManifest(text: text)
        }
    }

    deinit { try? handle.close() }

    /// The next chunk of rows, or nil at the end of the file.
    public func next() -> ManifestChunk? {
        if !isJSONLines {
            if csvGiven { return nil }
            csvGiven = true
            return wholeCSV.map(ManifestChunk.rows)
        }
        var lines = 0, cut = 0, index = 0
        while true {
            while index < buffer.count {
                if buffer[index] == 0x0A {
                    lines += 1
                    cut = index + 1
                    if lines == Self.chunkRows { break }
                }
                index += 1
            }
            if lines == Self.chunkRows || atEnd { break }
            if let more = try? handle.read(upToCount: 1 << 20), !more.isEmpty { buffer += more } else { atEnd = true }
        }
        if atEnd && lines < Self.chunkRows {
            cut = buffer.count  // the last line may lack its newline
        }
        guard cut > 0 else { return nil }
        let chunk = JSONLinesChunk(bytes: Array(buffer[..<cut]), firstLine: nextLine)
        nextLine += chunk.lines.count
        buffer.removeFirst(cut)
        return .jsonLines(chunk)
    }
}
