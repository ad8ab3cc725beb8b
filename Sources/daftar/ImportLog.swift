import Foundation

/// `daftar import --log FILE`: timestamped lines appended for a cron job's record
/// (mode 0640: the lines name the archive's files). Lines from the import's threads
/// are written whole, one at a time.
final class ImportLog: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()

    init(path: String) throws {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    func write(_ line: String) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        lock.withLock { handle.write(Data("\(stamp) \(line)\n".utf8)) }
    }
}
