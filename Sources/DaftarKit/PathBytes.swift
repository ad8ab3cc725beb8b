import Foundation

/// Paths as the file system has them: bytes, not always UTF-8. A scanner or an SMB
/// share on Windows writes Cyrillic names in CP1251, which Foundation's file
/// functions skip or mangle, and `CommandLine.arguments` repairs to U+FFFD.
///
/// daftar carries a path as a `String` in a lossless escaped form, which is also how
/// it is shown: a path that is valid UTF-8 is itself; in one that is not, each byte
/// that is not part of valid UTF-8 is written `\xNN` and a backslash `\\`. The file
/// system is reached through the bytes the form stands for (`bytes(_:)`, `withPath`).
public enum PathBytes {
    /// The escaped form of a path's or name's bytes.
    public static func string(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var text = ""
        var index = 0
        while index < bytes.count {
            let length = validSequence(in: bytes, at: index)
            if bytes[index] == 0x5C {
                text += "\\\\"
                index += 1
            } else if length > 0 {
                text += String(decoding: bytes[index..<index + length], as: UTF8.self)
                index += length
            } else {
                text += "\\x" + String(bytes[index], radix: 16, uppercase: true)
                index += 1
            }
        }
        return text
    }

    /// The bytes a path in escaped form stands for. A string whose escapes would give
    /// valid UTF-8 was never escaped (a name with a literal `\x41` in it): its own bytes.
    /// (A UTF-8 name that itself spells escapes of bytes that are not UTF-8, `a\xFF`,
    /// reads as the escaped name; no scanner writes such names.)
    public static func bytes(_ path: String) -> [UInt8] {
        let utf8 = Array(path.utf8)
        guard utf8.contains(0x5C) else { return utf8 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            if utf8[index] == 0x5C, index + 1 < utf8.count {
                if utf8[index + 1] == 0x5C {
                    bytes.append(0x5C)
                    index += 2
                    continue
                }
                if utf8[index + 1] == 0x78, index + 3 < utf8.count,
                   let byte = UInt8(String(decoding: utf8[index + 2...index + 3], as: UTF8.self), radix: 16) {
                    bytes.append(byte)
                    index += 4
                    continue
                }
            }
            bytes.append(utf8[index])
            index += 1
        }
        return String(validating: bytes, as: UTF8.self) == nil ? bytes : utf8
    }

    /// Calls `body` with the path as the C string the system calls take.
    public static func withPath<T>(_ path: String, _ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        try (bytes(path) + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    /// `folder/name`, joined as bytes (an escaped name after a folder with a backslash
    /// in it stays one escaped form).
    public static func join(_ folder: String, _ name: String) -> String {
        if folder.isEmpty { return name }
        var joined = bytes(folder)
        if joined.last != 0x2F { joined.append(0x2F) }
        return string(joined + bytes(name))
    }

    /// The last component of a path, as bytes.
    public static func lastComponent(_ path: String) -> [UInt8] {
        var bytes = bytes(path)
        while bytes.count > 1 && bytes.last == 0x2F { bytes.removeLast() }
        guard let slash = bytes.lastIndex(of: 0x2F) else { return bytes }
        return Array(bytes[(slash + 1)...])
    }

    /// The command line's arguments (without the program's name) in escaped form.
    public static func arguments() -> [String] {
        (1..<Int(CommandLine.argc)).compactMap { index in
            CommandLine.unsafeArgv[index].map { argument in
                string(Array(UnsafeRawBufferPointer(start: argument, count: strlen(argument))))
            }
        }
    }

    /// `stat(2)` of the path (following symbolic links), or nil when it fails.
    public static func status(_ path: String) -> stat? {
        var status = stat()
        return withPath(path) { stat($0, &status) } == 0 ? status : nil
    }

    /// Whether something is at the path, and whether it is a folder.
    public static func exists(_ path: String) -> (exists: Bool, isFolder: Bool) {
        guard let status = Self.status(path) else { return (false, false) }
        return (true, (status.st_mode & S_IFMT) == S_IFDIR)
    }

    /// The names in a folder (not `.` and `..`), or nil when it cannot be read.
    public static func names(inFolder folder: String) -> [String]? {
        guard let directory = withPath(folder, { opendir($0) }) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(string(name))
        }
        return names
    }

    /// The path with symbolic links and `.`/`..` resolved (`realpath(3)`), or nil when
    /// it does not exist.
    public static func resolved(_ path: String) -> String? {
        guard let resolved = withPath(path, { realpath($0, nil) }) else { return nil }
        defer { free(resolved) }
        return string(Array(UnsafeRawBufferPointer(start: resolved, count: strlen(resolved))))
    }

    /// Makes a folder and the folders above it that are missing (`mkdir -p`).
    public static func makeFolder(_ folder: String) -> Bool {
        if exists(folder).isFolder { return true }
        let all = bytes(folder)
        if let slash = all.lastIndex(of: 0x2F), slash > 0, !makeFolder(string(Array(all[..<slash]))) { return false }
        return withPath(folder) { mkdir($0, 0o777) } == 0 || errno == EEXIST && exists(folder).isFolder
    }

    /// The whole file's bytes, or nil when it cannot be read.
    public static func contents(_ path: String) -> [UInt8]? {
        let descriptor = withPath(path) { open($0, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    /// Whether `bytes` at `index` start a valid UTF-8 sequence: its length, or 0.
    private static func validSequence(in bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        var length = 0, low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, low) = (3, 0xA0)
        case 0xED: (length, high) = (3, 0x9F)
        case 0xE1...0xEF: length = 3
        case 0xF0: (length, low) = (4, 0x90)
        case 0xF4: (length, high) = (4, 0x8F)
        case 0xF1...0xF3: length = 4
        default: return 0
        }
        guard index + length <= bytes.count, (low...high).contains(bytes[index + 1]) else { return 0 }
        for next in bytes[(index + 2)..<(index + length)] where !(0x80...0xBF).contains(next) { return 0 }
        return length
    }
}
