/// A name from the archive (a source's file name, as the scanner or a crafted archive
/// gave it) made safe to create inside a chosen folder: one path component, no
/// control characters, not hidden, not `.` or `..`, at most 200 bytes. An export by
/// name never writes outside its folder.
///
/// A name in `PathBytes`' escaped form (not UTF-8) is made safe as its bytes and
/// stays in that form, so it is written back under the same bytes.
public enum SafeFileName {
    public static func make(_ name: String) -> String {
        let bytes = PathBytes.bytes(name)
        guard String(validating: bytes, as: UTF8.self) != nil else { return make(bytes: bytes) }
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var safe = String(String.UnicodeScalarView(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
        if safe.isEmpty { safe = "file" }
        if safe.hasPrefix(".") { safe = "_" + safe }
        while safe.utf8.count > 200 { safe.removeFirst() }
        return safe
    }

    /// The same rules on a name's bytes.
    private static func make(bytes: [UInt8]) -> String {
        var safe = Array((bytes.split(whereSeparator: { $0 == 0x2F || $0 == 0x5C }).last ?? []).filter { $0 >= 0x20 && $0 != 0x7F })
        if safe.isEmpty { safe = Array("file".utf8) }
        if safe.first == 0x2E { safe.insert(0x5F, at: 0) }
        if safe.count > 200 { safe.removeFirst(safe.count - 200) }
        return PathBytes.string(safe)
    }
}
