import Foundation

/// Moves a file into a folder so that a power cut at any moment leaves it in one
/// place or the other, whole: a rename within one file system, or a copy made
/// durable under a temporary name and renamed into place before the original goes;
/// the folders' entries are flushed to disk after each step. Paths are in `PathBytes`'
/// escaped form, and reach the file system as their bytes.
public enum DurableMove {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        /// Why, without the path (the system's words).
        public var reason: String = ""
    }

    /// Moves `source` into `folder` (made if missing) under `name`, or under `name-2`,
    /// `name-3` … when that is taken; returns the path it now has.
    @discardableResult
    public static func move(_ source: String, into folder: String, name: String) throws(Failure) -> String {
        try makeFolder(folder)
        let target = freePath(in: folder, name: name)
        if systemRename(source, target) != 0 {
            guard errno == EXDEV else { throw failure("cannot move \(source) to \(target)") }
            try copyDurably(source, to: target)
            guard PathBytes.withPath(source, { unlink($0) }) == 0 else { throw failure("cannot remove \(source) after copying it") }
        }
        try syncFolder(folder)
        try syncFolder(parent(of: source))
        return target
    }

    /// Writes `text` to `path` under a temporary name, flushes it, and renames it into place.
    public static func writeDurably(_ text: String, to path: String) throws(Failure) {
        try writeDurably(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path` under a temporary name, flushes it, and renames it into
    /// place (replacing a file there).
    public static func writeDurably(_ bytes: [UInt8], to path: String) throws(Failure) {
        let folder = parent(of: path)
        try makeFolder(folder)
        let temporary = partialPath(for: path)
        let descriptor = PathBytes.withPath(temporary) { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640) }
        guard descriptor >= 0 else { throw failure("cannot write \(path)") }
        let written = WholeWrite.write(bytes, to: descriptor)
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written, synced, systemRename(temporary, path) == 0 else {
            PathBytes.withPath(temporary) { _ = unlink($0) }
            throw failure("cannot write \(path)")
        }
        try syncFolder(folder)
    }

    /// `folder/name`, or with `-2`, `-3` … before the extension when taken.
    static func freePath(in folder: String, name: String) -> String {
        let stem = (name as NSString).deletingPathExtension, suffix = (name as NSString).pathExtension
        var candidate = PathBytes.join(folder, name), number = 2
        while PathBytes.exists(candidate).exists {
            candidate = PathBytes.join(folder, stem + "-\(number)" + (suffix.isEmpty ? "" : "." + suffix))
            number += 1
        }
        return candidate
    }

    private static func copyDurably(_ source: String, to target: String) throws(Failure) {
        let temporary = partialPath(for: target)
        PathBytes.withPath(temporary) { _ = unlink($0) }
        guard let bytes = PathBytes.contents(source) else { throw failure("cannot copy \(source) to \(target)") }
        let mode = PathBytes.status(source).map { $0.st_mode & 0o777 } ?? 0o640
        let descriptor = PathBytes.withPath(temporary) { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode) }
        let written = descriptor >= 0 && WholeWrite.write(bytes, to: descriptor)
        let synced = written && fsync(descriptor) == 0
        if descriptor >= 0 { close(descriptor) }
        guard synced, systemRename(temporary, target) == 0 else {
            PathBytes.withPath(temporary) { _ = unlink($0) }
            throw failure("cannot copy \(source) to \(target)")
        }
    }

    /// The hidden name a file is written under before it is renamed into place.
    private static func partialPath(for path: String) -> String {
        PathBytes.join(parent(of: path), "." + PathBytes.string(PathBytes.lastComponent(path)) + ".partial")
    }

    /// The folder a path is in ("" for a bare name), as bytes: an escaped name is not split.
    public static func parent(of path: String) -> String {
        let bytes = PathBytes.bytes(path)
        guard let slash = bytes.lastIndex(of: 0x2F) else { return "" }
        return slash == 0 ? "/" : PathBytes.string(Array(bytes[..<slash]))
    }

    private static func systemRename(_ source: String, _ target: String) -> Int32 {
        PathBytes.withPath(source) { from in PathBytes.withPath(target) { to in rename(from, to) } }
    }

    private static func makeFolder(_ folder: String) throws(Failure) {
        guard folder.isEmpty || PathBytes.makeFolder(folder) else { throw failure("cannot make folder \(folder)") }
    }

    /// Flushes a folder's entries (a rename is durable once its folders are).
    static func syncFolder(_ folder: String) throws(Failure) {
        let descriptor = PathBytes.withPath(folder.isEmpty ? "." : folder) { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard descriptor >= 0 else { throw failure("cannot open folder \(folder)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("cannot flush folder \(folder)") }
    }

    private static func failure(_ what: String) -> Failure {
        let reason = String(cString: strerror(errno))
        return Failure(description: "\(what): \(reason)", reason: reason)
    }
}
