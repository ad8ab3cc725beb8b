import Foundation

/// A folder of files that hold personal data for one session (the form's page
/// images): made with a fresh name under the temp directory (`TMPDIR`) that only
/// its owner may open (0700), its files readable by their owner only (0600), and
/// removed with them when the session ends.
public final class PrivateFolder: @unchecked Sendable {
    public let url: URL
    // Writes and the removal may come from different threads (a signal handler ends the session).
    private let lock = NSLock()
    private var removed = false

    /// Makes the folder `<temp>/<prefix>XXXXXX` (mkdtemp: a name no one else holds, mode 0700).
    public init(prefix: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(prefix + "XXXXXX").path
        var template = Array(path.utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in mkdtemp(buffer.baseAddress!).map { String(cString: $0) } }
        guard let made else { throw Self.error(errno) }
        url = URL(fileURLWithPath: made, isDirectory: true)
    }

    /// Writes `bytes` as the file `name` in the folder (mode 0600), replacing one of that name.
    public func write(_ bytes: [UInt8], named name: String) throws -> URL {
        try lock.withLock {
            guard !removed else { throw Self.error(ENOENT) }
            let file = url.appendingPathComponent(name)
            // Written under a temporary name and renamed: a viewer never opens half a file.
            let partial = url.appendingPathComponent(".partial-" + name)
            let descriptor = open(partial.path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0o600)
            guard descriptor >= 0 else { throw Self.error(errno) }
            let written = WholeWrite.write(bytes, to: descriptor)
            let failure = errno
            close(descriptor)
            guard written, rename(partial.path, file.path) == 0 else {
                let reason = written ? errno : failure
                unlink(partial.path)
                throw Self.error(reason)
            }
            return file
        }
    }

    /// Deletes the folder and everything in it; later calls do nothing.
    public func remove() {
        lock.withLock {
            guard !removed else { return }
            removed = true
            try? FileManager.default.removeItem(at: url)
        }
    }

    deinit { remove() }

    private static func error(_ code: Int32) -> POSIXError {
        POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
    }
}
