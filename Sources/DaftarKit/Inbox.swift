import Foundation

/// A scanner's hot folder, imported by a cron job: files that have settled are
/// imported; each is moved to `done` once its transaction has committed (or when it
/// was archived before), or to `failed` with `NAME.error.txt` giving the reason. A
/// file still being written (younger than the settle time, or changed while it was
/// imported) stays for the next run. A run killed at any moment leaves each file in
/// the inbox or moved whole; the next run imports what is left, and a file whose
/// commit came before the kill is found archived (same SHA-256) and moved to `done`.
public struct Inbox: Sendable {
    public let folder: String
    public let done: String
    public let failed: String

    /// A file found in the inbox, as it was when found.
    public struct File: Sendable {
        public let path: String
        /// Its path under the inbox (kept under `done` and `failed`).
        public let relative: String
        let size: UInt64
        let modified: Date
    }

    public init(folder: String, done: String, failed: String) {
        self.folder = Self.absolute(folder)
        self.done = Self.absolute(done)
        self.failed = Self.absolute(failed)
    }

    /// The files that have not changed for `settle` seconds (in name order), and how
    /// many others are still too new. Files under `done` or `failed` are not the inbox's.
    public func settledFiles(settle: TimeInterval, now: Date = Date()) -> (ready: [File], unsettled: [String], problems: [FileCollector.Problem]) {
        let (paths, problems) = FileCollector.collect([folder])
        var ready: [File] = [], unsettled: [String] = []
        for path in paths where !path.hasPrefix(done + "/") && !path.hasPrefix(failed + "/") {
            guard let (size, modified) = Self.state(of: path) else { continue }
            let relative = String(path.dropFirst(folder.count).drop { $0 == "/" })
            if now.timeIntervalSince(modified) < settle {
                unsettled.append(path)
            } else {
                ready.append(File(path: path, relative: relative, size: size, modified: modified))
            }
        }
        return (ready, unsettled, problems)
    }

    /// Whether a file is as it was found: a scanner still writing it changes its size or time.
    public func unchanged(_ file: File) -> Bool {
        guard let (size, modified) = Self.state(of: file.path) else { return false }
        return size == file.size && modified == file.modified
    }

    /// Moves a file whose pages are in the archive to `done`; returns its new path.
    @discardableResult
    public func archived(_ file: File) throws(DurableMove.Failure) -> String {
        try DurableMove.move(file.path, into: target(done, file), name: PathBytes.string(PathBytes.lastComponent(file.relative)))
    }

    /// Moves a rejected file to `failed`, with the reason in `NAME.error.txt` beside it
    /// (written first: a cut between the two leaves the file in the inbox, tried again).
    @discardableResult
    public func rejected(_ file: File, reason: String) throws(DurableMove.Failure) -> String {
        let folder = target(failed, file)
        let free = DurableMove.freePath(in: folder, name: PathBytes.string(PathBytes.lastComponent(file.relative)))
        let name = PathBytes.string(PathBytes.lastComponent(free))
        try DurableMove.writeDurably("\(file.relative): \(reason)\n", to: PathBytes.join(folder, name + ".error.txt"))
        return try DurableMove.move(file.path, into: folder, name: name)
    }

    private func target(_ root: String, _ file: File) -> String {
        let relative = PathBytes.bytes(file.relative)
        guard let slash = relative.lastIndex(of: 0x2F) else { return root }
        return PathBytes.join(root, PathBytes.string(Array(relative[..<slash])))
    }

    private static func state(of path: String) -> (UInt64, Date)? {
        guard let status = PathBytes.status(path) else { return nil }
        let modified = Date(timeIntervalSince1970: TimeInterval(status.st_mtim.tv_sec) + TimeInterval(status.st_mtim.tv_nsec) / 1e9)
        return (UInt64(status.st_size), modified)
    }

    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
