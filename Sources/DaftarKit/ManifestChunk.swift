/// A piece of a manifest as the checking pipeline takes it: rows read already (CSV,
/// a manifest held whole), or JSON Lines still to be read. Lines are read on the
/// checking threads, each just before it is checked, while its values are still in
/// the processor's cache.
public enum ManifestChunk: Sendable {
    case rows(RecordManifest)
    case jsonLines(JSONLinesChunk)
}

/// Lines of a JSON Lines manifest, not read yet: the bytes and where each line is.
public struct JSONLinesChunk: Sendable {
    let bytes: [UInt8]
    let lines: [Range<Int>]
    /// The file's number of the first line.
    let firstLine: Int

    /// The lines of `bytes` (the last may lack its newline).
    init(bytes: [UInt8], firstLine: Int) {
        var lines: [Range<Int>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            lines.append(start..<index)
            start = index + 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }
        self.bytes = bytes
        self.lines = lines
        self.firstLine = firstLine
    }

    /// Line `index` of the chunk read as a row (nil for a blank line).
    func row(_ index: Int) -> Result<RecordManifest.Row?, RecordManifest.Unreadable> {
        RecordManifest.jsonLine(bytes[lines[index]], line: firstLine + index)
    }
}
