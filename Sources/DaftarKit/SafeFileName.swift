/// A name from the archive (a source's file name, as the scanner or a crafted archive
/// gave it) made safe to create inside a chosen folder: one path component, no
/// control characters, not hidden, not `.` or `..`, at most 200 bytes. An export by
/// name never writes outside its folder.
public enum SafeFileName {
    public static func make(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var safe = String(String.UnicodeScalarView(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
        if safe.isEmpty { safe = "file" }
        if safe.hasPrefix(".") { safe = "_" + safe }
        while safe.utf8.count > 200 { safe.removeFirst() }
        return safe
    }
}
