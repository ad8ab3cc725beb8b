import Archive
import Foundation
import Imaging

/// Turns one file into a `NewSource`: reads its bytes, hashes them, decodes
/// every page and normalizes it. Pure work, no archive writes; safe to run
/// on several files at once.
public struct SourceProcessor: Sendable {
    public let options: ImportOptions

    public init(options: ImportOptions) {
        self.options = options
    }

    /// What became of one file before it reached the archive.
    public enum Outcome: Sendable {
        case ready(NewSource)
        /// The same bytes are already in the archive; nothing was decoded.
        case alreadyArchived
        case rejected(reason: String)
    }

    /// Processes the file at `path`; `isArchived` answers whether a SHA-256 is already stored.
    public func process(path: String, isArchived: (String) throws -> Bool) -> Outcome {
        let bytes: [UInt8]
        switch readFile(path) {
        case .success(let read): bytes = read
        case .failure(let reason): return .rejected(reason: reason.message)
        }
        let sha256 = ContentHash.sha256(bytes)
        do {
            if try isArchived(sha256) { return .alreadyArchived }
        } catch {
            return .rejected(reason: "\(error)")
        }
        do {
            let source = try ImageSource(bytes: bytes, maxPixels: options.maxPixels)
            let normalizer = PageNormalizer(options: options.normalization)
            var pages: [NewPage] = []
            for index in 0..<source.pageCount {
                do {
                    let decoded = try source.page(index)
                    let normalized = try normalizer.normalize(decoded)
                    let size = decoded.displayedSize
                    pages.append(NewPage(pageIndex: index, width: size.width, height: size.height, dpi: decoded.dpi,
                                         access: normalized.access, accessWidth: normalized.accessWidth,
                                         accessHeight: normalized.accessHeight, thumbnail: normalized.thumbnail,
                                         skewDegrees: normalized.skewDegrees, normalization: Self.json(normalized.steps)))
                } catch {
                    // Name the page in a multi-page file; one bad page rejects the whole file.
                    if source.pageCount > 1 && !error.description.hasPrefix("TIFF directory") {
                        return .rejected(reason: "page \(index + 1): \(error)")
                    }
                    return .rejected(reason: error.description)
                }
            }
            let name = (path as NSString).lastPathComponent
            return .ready(NewSource(sha256: sha256, bytes: bytes, path: path, name: name,
                                    format: source.format.rawValue, ledger: options.ledger,
                                    operator: options.operator, pages: pages))
        } catch {
            return .rejected(reason: error.description)
        }
    }

    struct ReadFailure: Error { let message: String }

    private func readFile(_ path: String) -> Result<[UInt8], ReadFailure> {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        // A FIFO or device would block the read or never end.
        if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
            return .failure(ReadFailure(message: "not a regular file"))
        }
        if let size = attributes?[.size] as? Int, size > options.maxFileBytes {
            return .failure(ReadFailure(message: "file is \(size) bytes, over the limit of \(options.maxFileBytes)"))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(ReadFailure(message: "cannot be read (permission denied or not a regular file)"))
        }
        defer { try? handle.close() }
        do {
            let data = try handle.readToEnd() ?? Data()
            if data.isEmpty { return .failure(ReadFailure(message: "file is empty")) }
            return .success([UInt8](data))
        } catch {
            return .failure(ReadFailure(message: "cannot be read: \(error.localizedDescription)"))
        }
    }

    static func json(_ steps: [OperationRecord]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(steps)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
