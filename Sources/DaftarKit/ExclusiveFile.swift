import Foundation

/// Writes a file that must not replace another: the bytes go to a hidden temporary
/// name, are flushed, and are then linked to the final name, which fails if the name is
/// taken (no check-then-write race). A file already there with the same bytes counts
/// as written before (a re-run); with other bytes it is a conflict, left untouched.
public enum ExclusiveFile {
    public enum Outcome: Sendable, Equatable {
        case written
        case alreadyThere
        case conflict
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(Failure) -> Outcome {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "\(folder): cannot make the folder: \(error.localizedDescription)")
        }
        if FileManager.default.fileExists(atPath: path) { return try compare(bytes, with: path) }
        let temporary = folder + "/." + (path as NSString).lastPathComponent + ".partial"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw failure(path) }
        defer { unlink(temporary) }
        guard WholeWrite.write(bytes, to: descriptor) else {
            close(descriptor)
            throw failure(path)
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard synced else { throw failure(path) }
        if link(temporary, path) != 0 {
            guard errno == EEXIST else { throw failure(path) }
            return try compare(bytes, with: path)
        }
        return .written
    }

    private static func compare(_ bytes: [UInt8], with path: String) throws(Failure) -> Outcome {
        guard let existing = FileManager.default.contents(atPath: path) else { throw failure(path) }
        return existing.elementsEqual(bytes) ? .alreadyThere : .conflict
    }

    private static func failure(_ path: String) -> Failure {
        Failure(description: "\(path): cannot be written: \(String(cString: strerror(errno)))")
    }
}
