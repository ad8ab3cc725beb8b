import Foundation

/// The lock that keeps two hot-folder imports off one archive at once: a file beside
/// the archive (`ARCHIVE.import-lock`, mode 0640), locked with `flock`. The kernel
/// lets go of it when its process ends, however it ends, so a lock file left by a
/// dead process is simply taken; the file names the process that holds it.
public final class ImportLock {
    /// The lock is held by another process.
    public struct Held: Error, CustomStringConvertible {
        public let path: String
        public let holder: String
        public var description: String {
            "\(path): another import holds this archive\(holder.isEmpty ? "" : " (\(holder))"); try again later or use --wait"
        }
    }

    public let path: String
    private let descriptor: Int32

    /// Takes the lock of the archive at `archive`, waiting up to `wait` seconds for it.
    public init(archive: String, wait: TimeInterval = 0) throws {
        path = archive + ".import-lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            throw DurableMove.Failure(description: "\(path): cannot open the import lock: \(String(cString: strerror(errno)))")
        }
        fchmod(descriptor, 0o640)
        let deadline = Date().addingTimeInterval(wait)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                close(descriptor)
                throw Held(path: archive, holder: holder)
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        self.descriptor = descriptor
        let note = Array("pid \(getpid()) since \(ISO8601DateFormatter().string(from: Date()))\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = note.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
