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
        switch normalizePages(of: bytes) {
        case .success(let (format, pages)):
            let nameBytes = PathBytes.lastComponent(path)
            var source = NewSource(sha256: sha256, bytes: bytes, path: path, name: PathBytes.string(nameBytes),
                                   format: format, ledger: options.ledger,
                                   operator: options.operator, pages: pages)
            // Kept as bytes too when `name` had to escape them (a CP1251 name, say).
            if String(validating: nameBytes, as: UTF8.self) == nil { source.nameBytes = nameBytes }
            source.normalizationOptions = StoredNormalization(options.normalization).json
            return .ready(source)
        case .failure(let failure):
            return .rejected(reason: failure.message)
        }
    }

    /// Decodes and normalizes every page of a file's bytes: the format's name and the
    /// archive's pages, or why the file cannot be archived (one bad page rejects it all).
    public func normalizePages(of bytes: [UInt8]) -> Result<(format: String, pages: [NewPage]), ReadFailure> {
        do {
            let source = try ImageSource(bytes: bytes, maxPixels: options.maxPixels,
                                         gray: !options.normalization.color)
            let normalizer = PageNormalizer(options: options.normalization)
            var pages: [NewPage] = []
            for index in 0..<source.pageCount {
                do {
                    let decoded = try source.page(index)
                    let size = decoded.displayedSize, dpi = decoded.dpi
                    for normalized in try normalizer.normalize(consume decoded) {
                        pages.append(Self.newPage(normalized, index: index, size: size, dpi: dpi, policy: options.policy))
                    }
                } catch {
                    // Name the page of a multi-page file (one cut short may have had more).
                    guard source.pageCount > 1 else { return .failure(ReadFailure(message: error.description)) }
                    let of = source.isCutShort ? "" : " of \(source.pageCount)"
                    return .failure(ReadFailure(message: "page \(index + 1)\(of) cannot be read: \(Self.withoutDirectory(error.description))"))
                }
            }
            return .success((source.format.rawValue, pages))
        } catch {
            return .failure(ReadFailure(message: error.description))
        }
    }

    /// A decoder's reason without its `TIFF directory N: ` prefix, which the page number says.
    private static func withoutDirectory(_ reason: String) -> String {
        guard reason.hasPrefix("TIFF directory "), let colon = reason.range(of: ": ") else { return reason }
        let number = reason[reason.index(reason.startIndex, offsetBy: 15)..<colon.lowerBound]
        return number.allSatisfy(\.isNumber) ? String(reason[colon.upperBound...]) : reason
    }

    /// Reads into `buffer` until it is full or the file ends: how many bytes came, and
    /// errno when a read failed (0 otherwise).
    private static func fill(_ descriptor: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> (count: Int, error: Int32) {
        var filled = 0
        while filled < buffer.count {
            let n = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return (filled, errno) }
            if n == 0 { break }
            filled += n
        }
        return (filled, 0)
    }

    /// Why a file cannot be archived, in one line.
    public struct ReadFailure: Error { public let message: String }

    private func readFile(_ path: String) -> Result<[UInt8], ReadFailure> {
        let status = PathBytes.status(path)
        // A FIFO or device would block the read or never end.
        if let status, (status.st_mode & S_IFMT) != S_IFREG {
            return .failure(ReadFailure(message: "not a regular file"))
        }
        if let size = status.map({ Int($0.st_size) }), size > options.maxFileBytes {
            return .failure(ReadFailure(message: "file is \(size) bytes, over the limit of \(options.maxFileBytes)"))
        }
        // Read straight into the array (no intermediate Data), a file that grew since stat included.
        let descriptor = PathBytes.withPath(path) { open($0, O_RDONLY) }
        guard descriptor >= 0 else {
            return .failure(ReadFailure(message: "cannot be read (\(String(cString: strerror(errno))))"))
        }
        defer { close(descriptor) }
        // The first read asks for one byte more than stat said, so a file that did not
        // grow is read in one go, into memory not zeroed first and never copied.
        let expected = max(status.map { Int($0.st_size) } ?? 0, 0)
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: expected + 1) { buffer, count in
            (count, failure) = Self.fill(descriptor, UnsafeMutableRawBufferPointer(buffer))
        }
        let chunk = 1 << 20
        while failure == 0 && bytes.count > expected {
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: chunk))
            let (got, error) = bytes.withUnsafeMutableBytes { Self.fill(descriptor, UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
            failure = error
            bytes.removeLast(chunk - got)
            if bytes.count > options.maxFileBytes {
                return .failure(ReadFailure(message: "file is over the limit of \(options.maxFileBytes) bytes"))
            }
            if got < chunk { break }
        }
        if failure != 0 {
            return .failure(ReadFailure(message: "cannot be read: \(String(cString: strerror(failure)))"))
        }
        if bytes.isEmpty { return .failure(ReadFailure(message: "file is empty")) }
        return .success(bytes)
    }

    /// The archive's form of a normalized page, judged by the policy.
    static func newPage(_ normalized: NormalizedPage, index: Int, size: (width: Int, height: Int), dpi: Double?,
                        policy: QualityPolicy) -> NewPage {
        var page = NewPage(pageIndex: index, width: size.width, height: size.height, dpi: dpi,
                           access: normalized.access, accessWidth: normalized.accessWidth,
                           accessHeight: normalized.accessHeight, thumbnail: normalized.thumbnail,
                           skewDegrees: normalized.skewDegrees, normalization: json(normalized.steps))
        page.part = normalized.part
        page.bitonal = normalized.bitonal
        page.perceptualHash = normalized.perceptualHash.description
        page.quality = (try? JSONEncoder().encode(normalized.metrics)).map { String(decoding: $0, as: UTF8.self) }
        page.qualityProblems = policy.problems(with: normalized.metrics)
        return page
    }

    static func json(_ steps: [OperationRecord]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(steps)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
