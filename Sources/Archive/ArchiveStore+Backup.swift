import Foundation
import GRDB

extension ArchiveStore {
    /// Writes a consistent copy of the archive to `destination` while other processes
    /// go on writing: SQLite's `VACUUM INTO` reads one snapshot (a read transaction) and
    /// writes it compacted. The copy is made under a temporary name beside `destination`
    /// (mode 0640), flushed, then renamed into place, so an interrupted backup never
    /// leaves a half-written file under the backup's name. Returns the copy's size.
    public func backup(to destination: String) throws(ArchiveError) -> Int64 {
        let folder = (destination as NSString).deletingLastPathComponent
        let partial = (folder.isEmpty ? "." : folder) + "/." + (destination as NSString).lastPathComponent + ".partial"
        unlink(partial)
        try Self.createPrivateFile(partial)
        do throws(ArchiveError) {
            // VACUUM runs outside any transaction; it reads its own snapshot.
            try Self.run(path) { try pool.unsafeRead { db in try db.execute(sql: "VACUUM INTO ?", arguments: [partial]) } }
            let copy = Foundation.open(partial, O_RDONLY | O_CLOEXEC)
            let synced = copy >= 0 && fsync(copy) == 0
            if copy >= 0 { close(copy) }
            // A file replaced must not bring its own log with it: SQLite would read the old
            // file's -wal into the new one.
            for suffix in ["-wal", "-shm"] { unlink(destination + suffix) }
            guard synced, rename(partial, destination) == 0 else {
                throw ArchiveError.database(path: destination, message: "cannot write: \(String(cString: strerror(errno)))")
            }
            let parent = Foundation.open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if parent >= 0 { fsync(parent); close(parent) }
        } catch {
            unlink(partial)
            throw error
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: destination)
        return (attributes?[.size] as? Int64) ?? 0
    }
}
