import Foundation

/// Moves a file into a folder so that a power cut at any moment leaves it in one
/// place or the other, whole: a rename within one file system, or a copy made
/// durable under a temporary name and renamed into place before the original goes;
/// the folders' entries are flushed to disk after each step.
public enum DurableMove {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Moves `source` into `folder` (made if missing) under `name`, or under `name-2`,
    /// `name-3` … when that is taken; returns the path it now has.
    @discardableResult
    public static func move(_ source: String, into folder: String, name: String) throws(Failure) -> String {
        try makeFolder(folder)
        let target = freePath(in: folder, name: name)
        if rename(source, target) != 0 {
            guard errno == EXDEV else { throw failure("cannot move \(source) to \(target)") }
            try copyDurably(source, to: target)
            guard unlink(source) == 0 else { throw failure("cannot remove \(source) after copying it") }
        }
        try syncFolder(folder)
        try syncFolder((source as NSString).deletingLastPathComponent)
        return target
    }

    /// Writes `text` to `path` under a temporary name, flushes it, and renames it into place.
    public static func writeDurably(_ text: String, to path: String) throws(Failure) {
        let folder = (path as NSString).deletingLastPathComponent
        try makeFolder(folder)
        let temporary = partialPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw failure("cannot write \(path)") }
        let written = WholeWrite.write(Array(text.utf8), to: descriptor)
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw failure("cannot write \(path)")
        }
        try syncFolder(folder)
    }

    /// `folder/name`, or with `-2`, `-3` … before the extension when taken.
    static func freePath(in folder: String, name: String) -> String {
        let stem = (name as NSString).deletingPathExtension, suffix = (name as NSString).pathExtension
        var candidate = folder + "/" + name, number = 2
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = folder + "/" + stem + "-\(number)" + (suffix.isEmpty ? "" : "." + suffix)
            number += 1
        }
        return candidate
    }

    private static func copyDurably(_ source: String, to target: String) throws(Failure) {
        let temporary = partialPath(for: target)
        unlink(temporary)
        do {
            try FileManager.default.copyItem(atPath: source, toPath: temporary)
        } catch {
            throw failure("cannot copy \(source) to \(target)")
        }
        let descriptor = open(temporary, O_RDONLY | O_CLOEXEC)
        let synced = descriptor >= 0 && fsync(descriptor) == 0
        if descriptor >= 0 { close(descriptor) }
        guard synced, rename(temporary, target) == 0 else {
            unlink(temporary)
            throw failure("cannot copy \(source) to \(target)")
        }
    }

    /// The hidden name a file is written under before it is renamed into place.
    private static func partialPath(for path: String) -> String {
        (path as NSString).deletingLastPathComponent + "/." + (path as NSString).lastPathComponent + ".partial"
    }

    private static func makeFolder(_ folder: String) throws(Failure) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw failure("cannot make folder \(folder)")
        }
    }

    /// Flushes a folder's entries (a rename is durable once its folders are).
    static func syncFolder(_ folder: String) throws(Failure) {
        let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot open folder \(folder)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("cannot flush folder \(folder)") }
    }

    private static func failure(_ what: String) -> Failure {
        Failure(description: "\(what): \(String(cString: strerror(errno)))")
    }
}
