import Foundation

/// Writes a file that must not replace another: the bytes go to a hidden temporary
/// name, are flushed, and are then linked to the final name, which fails if the name is
/// taken (no check-then-write race). A file already there with the same bytes counts
/// as written before (a re-run); with other bytes it is a conflict, left untouched.
/// The path is in `PathBytes`' escaped form: a name that is not UTF-8 is written as its bytes.
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
        let folder = DurableMove.parent(of: path)
        guard folder.isEmpty || PathBytes.makeFolder(folder) else {
            throw Failure(description: "\(folder): cannot make the folder: \(String(cString: strerror(errno)))")
        }
        if PathBytes.exists(path).exists { return try compare(bytes, with: path) }
        let temporary = PathBytes.join(folder.isEmpty ? "." : folder, "." + PathBytes.string(PathBytes.lastComponent(path)) + ".partial")
        let descriptor = PathBytes.withPath(temporary) { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640) }
        guard descriptor >= 0 else { throw failure(path) }
        defer { PathBytes.withPath(temporary) { _ = unlink($0) } }
        guard WholeWrite.write(bytes, to: descriptor) else {
            close(descriptor)
            throw failure(path)
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard synced else { throw failure(path) }
        if PathBytes.withPath(temporary, { from in PathBytes.withPath(path) { link(from, $0) } }) != 0 {
            guard errno == EEXIST else { throw failure(path) }
            return try compare(bytes, with: path)
        }
        return .written
    }

    private static func compare(_ bytes: [UInt8], with path: String) throws(Failure) -> Outcome {
        guard let existing = PathBytes.contents(path) else { throw failure(path) }
        return existing.elementsEqual(bytes) ? .alreadyThere : .conflict
    }

    private static func failure(_ path: String) -> Failure {
        Failure(description: "\(path): cannot be written: \(String(cString: strerror(errno)))")
    }
}
