/// Why the archive could not be opened or written.
public enum ArchiveError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No file at the path (and creation was not asked for).
    case missing(path: String)
    /// The file is not SQLite, or SQLite without daftar's tables.
    case notAnArchive(path: String)
    /// An empty file, or a database without tables: `daftar init` makes it an archive.
    case emptyFile(path: String)
    /// Written by a newer daftar whose schema this one does not know.
    case newerSchema(path: String)
    /// Another process held the archive past the busy timeout.
    case busy(path: String)
    /// The archive cannot be written here (permissions, a read-only file system): a
    /// matter of set-up, not of the data.
    case notWritable(path: String, reason: String)
    /// Any other SQLite failure, with SQLite's message.
    case database(path: String, message: String)

    public var description: String {
        switch self {
        case .missing(let path): return "\(path): no archive here (create one with `daftar init`)"
        case .notAnArchive(let path): return "\(path): not a daftar archive"
        case .emptyFile(let path): return "\(path): not a daftar archive (an empty file; `daftar init` makes it one)"
        case .newerSchema(let path): return "\(path): archive was written by a newer daftar; upgrade daftar to open it"
        case .busy(let path): return "\(path): archive is busy (another daftar is writing); try again later"
        case .notWritable(let path, let reason): return "\(path): \(reason)"
        case .database(let path, let message): return "\(path): \(message)"
        }
    }
}
