import Foundation

/// Writes a file through a buffer, to a hidden temporary name beside it; `commit`
/// flushes it to disk and gives it its name, so a reader never sees half a file and a
/// killed export leaves only the hidden one. Standard output is written directly.
public final class FileWriter {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let descriptor: Int32
    private let path: String?
    private let temporary: String?
    private var buffer: [UInt8] = []
    /// Bytes written so far.
    public private(set) var count = 0

    /// A writer to `path`, which must not exist unless `replacing`; nil writes standard output.
    public init(path: String?, replacing: Bool = false) throws(Failure) {
        self.path = path
        guard let path else {
            descriptor = STDOUT_FILENO
            temporary = nil
            committed = true
            return
        }
        if !replacing && FileManager.default.fileExists(atPath: path) {
            throw Failure(description: "\(path): exists; use --force to replace it")
        }
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/." + (path as NSString).lastPathComponent + ".partial"
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            throw Failure(description: "\(path): cannot be written: \(String(cString: strerror(errno)))")
        }
        self.temporary = temporary
        buffer.reserveCapacity(1 << 16)
    }

    /// True once the file has its name (or for standard output).
    private var committed = false

    deinit {
        if let temporary, !committed {
            close(descriptor)
            unlink(temporary)  // not committed: an error came first
        }
    }

    public func write(_ text: String) throws(Failure) {
        buffer += text.utf8
        if buffer.count >= 1 << 16 { try flush() }
    }

    public func write(_ bytes: [UInt8]) throws(Failure) {
        buffer += bytes
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws(Failure) {
        guard WholeWrite.write(buffer, to: descriptor) else {
            throw Failure(description: "\(path ?? "standard output"): cannot be written: \(String(cString: strerror(errno)))")
        }
        count += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered; a file is then flushed to disk and renamed into place.
    public func commit() throws(Failure) {
        try flush()
        guard let path, let temporary else { return }
        guard fsync(descriptor) == 0, rename(temporary, path) == 0 else {
            throw Failure(description: "\(path): cannot be written: \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        committed = true
    }
}
