import Archive
import Foundation

/// Writes a bag's files under its folder, each flushed to disk, and keeps what its
/// manifests need: every payload file's size, SHA-256 and SHA-512.
final class BagPayloadWriter {
    struct Entry {
        let path: String
        let size: Int
        let sha256: String
        let sha512: String
    }

    let root: String
    private(set) var payload: [Entry] = []
    private(set) var tags: [Entry] = []
    private var folders = Set<String>()

    init(root: String) {
        self.root = root
    }

    /// Writes `bytes` at `path` (relative to the bag, under `data/` for payload).
    func add(_ bytes: [UInt8], at path: String, tag: Bool = false) throws(BagError) {
        let full = root + "/" + path
        let folder = (full as NSString).deletingLastPathComponent
        if folders.insert(folder).inserted {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw BagError.cannotWrite(path: folder, reason: error.localizedDescription)
            }
        }
        let descriptor = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw BagError.cannotWrite(path: full, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard WholeWrite.write(bytes, to: descriptor), fsync(descriptor) == 0 else { throw BagError.cannotWrite(path: full, reason: String(cString: strerror(errno))) }
        let entry = Entry(path: path, size: bytes.count, sha256: ContentHash.sha256(bytes), sha512: ContentHash.sha512(bytes))
        if tag { tags.append(entry) } else { payload.append(entry) }
    }

    func add(_ text: String, at path: String, tag: Bool = false) throws(BagError) {
        try add(Array(text.utf8), at: path, tag: tag)
    }

    /// Flushes every folder written to, deepest first, so that the files' names are on disk.
    func syncFolders() throws(BagError) {
        for folder in folders.union([root]).sorted(by: { $0.count > $1.count }) {
            do {
                try DurableMove.syncFolder(folder)
            } catch {
                throw BagError.cannotWrite(path: folder, reason: error.description)
            }
        }
    }

    /// A manifest line's path: RFC 8493 asks for CR, LF and % to be percent-encoded.
    static func manifestPath(_ path: String) -> String {
        path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// The inverse of `manifestPath`.
    static func decodedManifestPath(_ path: String) -> String {
        path.replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%0a", with: "\n")
            .replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0d", with: "\r")
            .replacingOccurrences(of: "%25", with: "%")
    }
}

/// Why a bag could not be written or read.
public enum BagError: Error, CustomStringConvertible {
    case targetNotEmpty(String)
    case cannotWrite(path: String, reason: String)
    case invalid(bag: String, problems: [String])
    case archive(ArchiveError)

    public var description: String {
        switch self {
        case .targetNotEmpty(let path): "\(path): exists and is not empty; a bag is written into a new folder"
        case .cannotWrite(let path, let reason): "\(path): cannot be written: \(reason)"
        case .invalid(let bag, let problems):
            "\(bag): not a valid bag: " + problems.prefix(5).joined(separator: "; ")
                + (problems.count > 5 ? "; and \(problems.count - 5) more" : "")
        case .archive(let error): error.description
        }
    }
}

