import Foundation
import GRDB

/// Copies the write-ahead log into the database file on a thread and connection of
/// its own, so commits never wait for it.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold:
/// with multi-megabyte scans that was every third file, and that commit took
/// 130 ms instead of 20 while the decoders waited for the writer. Daftar's
/// connections turn the automatic checkpoint off (`wal_autocheckpoint = 0`) and
/// call `committed()` after each transaction; once the log passes `threshold`
/// bytes a passive checkpoint starts here. A checkpoint never changes what the
/// archive holds, only where its pages live: a crash during one loses nothing,
/// and one that cannot finish (a reader holding old pages) is taken up by the next.
final class WALCheckpointer: @unchecked Sendable {
    /// Log size that starts a checkpoint. Closing the archive copies what is left, so a
    /// small threshold keeps the end of an import short (20 pages: median 1.78 s at
    /// 8 MiB, 1.96 s at 32 MiB; no difference measured on 100).
    static let threshold: Int64 = 8 << 20

    private let path: String
    private let queue = DispatchQueue(label: "daftar.archive-checkpointer")
    private let lock = NSLock()
    /// A checkpoint is queued or running (guarded by `lock`).
    private var busy = false
    /// The checkpoint's connection, opened on first use (touched only on `queue`).
    private var connection: DatabaseQueue?

    init(path: String) {
        self.path = path
    }

    /// Starts a checkpoint when the log has outgrown the threshold and none is under way.
    func committed() {
        guard let size = try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int64,
              size >= Self.threshold else { return }
        let start = lock.withLock { () -> Bool in
            if busy { return false }
            busy = true
            return true
        }
        guard start else { return }
        queue.async { [self] in
            defer { lock.withLock { busy = false } }
            do {
                if connection == nil {
                    var configuration = Configuration()
                    configuration.busyMode = .timeout(1)
                    connection = try DatabaseQueue(path: path, configuration: configuration)
                }
                _ = try connection?.writeWithoutTransaction { try $0.checkpoint(.passive) }
            } catch {
                // The log stays as it is; the next checkpoint (or closing the archive) copies it.
            }
        }
    }

    /// Waits for a checkpoint under way and closes the connection, so that the last
    /// of the archive's own connections to close does the final checkpoint.
    func finish() {
        queue.sync { connection = nil }
    }
}
